"""Edition files: the locator, the schemas, and loading one file (success, dry run, and
every refusal, each writing nothing)."""

import io

import pytest
from django.core.management import CommandError, call_command

from missions.editions.document import schema, schema_errors
from missions.editions.files import EditionFileError, Locator, file_validator, parse, shipped_files
from missions.editions.loading import load_edition
from missions.models import DeploymentSnapshot, Edition, Language, Mission, Posting, Region

from ..helpers.edition_files import COLOMBIA, HEAD, edition_file, region_toml
from ..helpers.environment import ROOT
from ..helpers.records import make_mission, make_region, make_snapshot


def counts():
    models = [Region, Mission, Posting, DeploymentSnapshot, Edition]
    return [model.objects.count() for model in models]


def refused(text):
    """The errors of a refused file, as (line, message) pairs, having checked that nothing
    was written."""
    before = counts()
    with pytest.raises(EditionFileError) as caught:
        load_edition(text)
    assert counts() == before
    return [(error.line, error.message) for error in caught.value.errors]


def test_the_locator_finds_keys_tables_and_arrays_of_tables():
    text = edition_file(COLOMBIA, COLOMBIA.replace("colombia", "peru"))
    locator = Locator(text)
    lines = text.splitlines()

    def line_of(path):
        return lines[locator.line(path) - 1]

    assert line_of(["edition", "took_effect"]) == "took_effect = 2016-06-01"
    assert line_of(["title", "en"]) == 'title.en = "Current operations"'
    assert line_of(["regions", 1]) == "[[regions]]"
    assert locator.line(["regions", 1]) > locator.line(["regions", 0, "missions", 0])
    assert line_of(["regions", 1, "slug"]) == 'slug = "peru"'
    assert line_of(["regions", 1, "record", "armed"]) == "armed = false"
    assert line_of(["regions", 1, "missions", 0, "figures", "deployed"]) == (
        "[regions.missions.figures.deployed]"
    )
    # Inside an inline table: the line of the key that holds it.
    assert line_of(["regions", 1, "missions", 0, "figures", "deployed", "wording", "fr"]) == (
        'wording = { en = "4", fr = "4" }'
    )


def test_the_locator_skips_multi_line_strings():
    text = "body.en = '''\nslug = \"not a key\"\n'''\nslug = \"a key\"\n"
    assert Locator(text).line(["slug"]) == 4


def test_every_shipped_file_matches_the_file_schema_and_its_document_the_edition_schema():
    assert [path.name for path in shipped_files()] == [
        "2017-10-16-seed-001.toml",
        "2024-04-01-seed-000.toml",
    ]
    for path in shipped_files():
        edition_file_ = parse(path.read_text(encoding="utf-8"))
        assert not list(file_validator().iter_errors(edition_file_.data))
        assert schema_errors(edition_file_.document()) == []


def test_the_edition_schema_knows_every_language_code_the_records_do():
    assert schema()["$defs"]["language_code"]["enum"] == Language.values


@pytest.mark.django_db
def test_every_stored_document_matches_the_edition_schema(seeded):
    load_edition(edition_file(COLOMBIA))
    assert Edition.objects.count() == 3
    for document in Edition.objects.values_list("document", flat=True):
        assert schema_errors(document) == []


@pytest.mark.django_db
def test_loading_a_file_creates_the_edition_and_the_missing_records():
    report = load_edition(edition_file(COLOMBIA))
    edition = report.edition
    assert (edition.number, edition.kind, str(edition.took_effect)) == (
        1,
        "historical",
        "2016-06-01",
    )
    assert edition.source.startswith("https://web.archive.org/")
    assert (edition.summary_en, edition.summary_fr, edition.significant) == (
        "As archived.",
        "Telle qu'archivée.",
        True,
    )
    assert "record" not in str(edition.document) and "source" not in str(edition.document)
    assert edition.document["regions"][0]["missions"][0]["figures"]["authorized"] == {
        "value": 10,
        "wording": {"en": "up to 10"},
        "as_of": "2016-06-01",
        "level": "mission",
    }
    region = Region.objects.get(slug="colombia")
    assert (region.name_fr, region.language, region.armed, region.published) == (
        "Colombie",
        "es",
        False,
        True,
    )
    snapshot = DeploymentSnapshot.objects.get(mission__slug="un-spm")
    assert (snapshot.as_of.isoformat(), snapshot.authorized, snapshot.deployed) == (
        "2016-06-01",
        10,
        4,
    )
    assert snapshot.source == edition.source
    assert report.created == [
        "region colombia",
        "mission un-spm",
        "figures of un-spm on 2016-06-01",
    ]


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_and_says_what_would_be_created():
    report = load_edition(edition_file(COLOMBIA), dry_run=True)
    assert counts() == [0, 0, 0, 0, 0]
    assert list(report.lines(dry_run=True)) == [
        "Dry run, nothing was written. Edition 1 of 2016-06-01 would be created.",
        "Would create region colombia.",
        "Would create mission un-spm.",
        "Would create figures of un-spm on 2016-06-01.",
    ]


@pytest.mark.django_db
def test_loading_never_changes_existing_texts_or_figures_and_reports_other_figures():
    region = make_region("colombia", "Colombia today", language="es")
    mission = make_mission(region, "un-spm", "UN SPM today", body_en="Today.", body_fr="Auj.")
    make_snapshot(region, mission, as_of="2016-06-01", authorized=12, deployed=2)
    report = load_edition(edition_file(COLOMBIA))
    mission.refresh_from_db()
    assert (mission.name_en, mission.body_en) == ("UN SPM today", "Today.")
    assert Region.objects.get().name_en == "Colombia today"
    snapshot = DeploymentSnapshot.objects.get()
    assert (snapshot.authorized, snapshot.deployed) == (12, 2)
    assert report.created == []
    assert report.notes == [
        "The records hold other figures of un-spm on 2016-06-01 (authorized 12, deployed 2): "
        "kept as they are."
    ]
    # The edition keeps what the page said.
    figures = report.edition.document["regions"][0]["missions"][0]["figures"]
    assert (figures["authorized"]["value"], figures["deployed"]["value"]) == (10, 4)


@pytest.mark.django_db
def test_an_edition_file_states_a_region_s_predecessor_recorded_already_or_named_later_in_it():
    make_region(slug="haiti", name="Haiti")
    caribbean = region_toml("caribbean-region", "Caribbean region", "Région des Caraïbes")
    later = region_toml("west-bank-2", "West Bank", "Cisjordanie")
    load_edition(
        edition_file(
            caribbean + 'predecessor = "haiti"\n',
            region_toml() + 'predecessor = "west-bank-2"\n',
            later,
            COLOMBIA,
        )
    )
    predecessors = dict(Region.objects.values_list("slug", "predecessor__slug"))
    assert predecessors["caribbean-region"] == "haiti"
    assert predecessors["west-bank"] == "west-bank-2"
    catalog = Edition.objects.get().document["catalog"]["regions"]
    assert {r["slug"]: r.get("predecessor") for r in catalog}["caribbean-region"] == "haiti"


@pytest.mark.django_db
def test_the_next_free_number_is_taken():
    load_edition(edition_file(COLOMBIA))
    second = load_edition(edition_file(COLOMBIA.replace("value = 4", "value = 5")))
    assert second.edition.number == 2


@pytest.mark.django_db
def test_an_edition_created_meanwhile_with_the_same_number_refuses_the_load(monkeypatch):
    load_edition(edition_file(COLOMBIA))
    monkeypatch.setattr("missions.editions.loading.next_number", lambda: 1)
    text = edition_file(COLOMBIA.replace('slug = "un-spm"', 'slug = "un-spm-2"'))
    assert refused(text) == [(None, "Another edition was created meanwhile. Load the file again.")]


SHARED_FIGURE = '\n[regions.figures.authorized]\nvalue = 9\nwording.en = "9"\nlevel = "region"\n'
TABLE_ROW = (
    '\n[[table]]\nregion = "colombia"\nname.en = "Colombia"\nlanguage.en = "Spanish"\n'
    'armed.en = "Unarmed"\n\n[table.authorized]\nvalue = 8\nwording.en = "8"\n'
    'level = "region"\n'
)
# A file with one mistake, the line the mistake is on, and what the refusal says.
MISTAKES = {
    "not toml": (edition_file(COLOMBIA, "\n[[regions]\n"), "[[regions]", "Not valid TOML:"),
    "no title": (
        edition_file(COLOMBIA, head=HEAD.replace('title.en = "Current operations"\n', "")),
        "schema_version = 1",
        "the title is missing",
    ),
    "against the schema": (
        edition_file(COLOMBIA.replace('kind = "un"', 'kind = "nato"')),
        'kind = "nato"',
        'the kind must be one of "un", "eu", "bilateral", "other"',
    ),
    "unknown predecessor": (
        edition_file(COLOMBIA, '\n[regions.missions.record]\npredecessor = "minustah"\n'),
        "[regions.missions.record]",
        'Unknown predecessor "minustah".',
    ),
    "unknown region predecessor": (
        edition_file(region_toml(), 'predecessor = "palestine"\n', COLOMBIA),
        "[regions.record]",
        'Unknown predecessor "palestine".',
    ),
    "deployed above authorized": (
        edition_file(COLOMBIA.replace("value = 4", "value = 40")),
        "[regions.missions.figures.authorized]",
        "figures of un-spm on 2016-06-01: Deployed cannot be more than authorized.",
    ),
    "new region without its facts": (
        edition_file(COLOMBIA.replace('language = "es"\n', "")),
        "[[regions]]",
        "record.language",
    ),
    "unknown mission heading layout": (
        edition_file(
            COLOMBIA, head=HEAD.replace("\n[edition]", 'mission_heading = "acronym"\n[edition]')
        ),
        'mission_heading = "acronym"',
        "the mission heading layout must be one of",
    ),
    "region language not a text": (
        edition_file(
            COLOMBIA.replace('name.fr = "Colombie"', 'name.fr = "Colombie"\nlanguage = "Spanish"')
        ),
        'language = "Spanish"',
        "the language must be a table of texts (en, fr)",
    ),
    "shared figure given twice": (
        edition_file(TABLE_ROW, COLOMBIA.split("\n[[regions.missions]]")[0], SHARED_FIGURE),
        "[regions.figures.authorized]",
        "This figure differs from the same one above.",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_file_with_a_mistake_is_refused_naming_its_line_and_what_is_wrong(mistake):
    text, line_at_fault, message = MISTAKES[mistake]
    [(line, error)] = refused(text)
    assert text.splitlines()[line - 1] == line_at_fault
    assert message in error


@pytest.mark.django_db
def test_every_schema_error_is_reported():
    text = edition_file(
        COLOMBIA.replace("value = 10", "value = -1").replace('slug = "colombia"', 'slug = "Bad"')
    )
    lines = text.splitlines()
    errors = refused(text)
    assert [lines[line - 1] for line, _message in errors] == ['slug = "Bad"', "value = -1"]


@pytest.mark.django_db
def test_a_date_in_the_future_is_refused():
    text = edition_file(COLOMBIA, head=HEAD.replace("2016-06-01", "2999-01-01"))
    lines = text.splitlines()
    errors = refused(text)
    assert [(lines[line - 1], message) for line, message in errors] == [
        ("took_effect = 2999-01-01", "An edition cannot take effect in the future."),
        (
            "[regions.missions.figures.authorized]",
            "figures of un-spm on 2999-01-01: The date cannot be in the future.",
        ),
    ]


@pytest.mark.django_db
def test_a_date_on_or_after_the_first_published_edition_is_refused():
    Edition.objects.create(
        number=1, took_effect="2016-06-01", summary_en="S", summary_fr="S", document={}
    )
    [(line, message)] = refused(edition_file(COLOMBIA))
    assert line == 5
    assert message.startswith("A historical edition comes before the site's first published")


@pytest.mark.django_db
def test_the_same_page_on_the_same_date_is_refused():
    load_edition(edition_file(COLOMBIA))
    assert refused(edition_file(COLOMBIA)) == [
        (4, "Edition 1 already holds this page on this date.")
    ]


@pytest.mark.django_db
def test_a_slug_listed_twice_is_refused():
    text = edition_file(COLOMBIA, COLOMBIA)
    errors = refused(text)
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == "[[regions]]"][1]
    assert (second, '"colombia" is listed twice (first on line 10).') in errors


@pytest.mark.django_db
def test_the_command_loads_a_file_and_reports_errors_with_their_line(tmp_path):
    path = tmp_path / "edition.toml"
    path.write_text(edition_file(COLOMBIA), encoding="utf-8")
    out = io.StringIO()
    call_command("load_edition", path, "--dry-run", stdout=out)
    assert "would be created" in out.getvalue() and counts() == [0, 0, 0, 0, 0]
    call_command("load_edition", path, stdout=out)
    assert "Edition 1 of 2016-06-01 was created." in out.getvalue()
    with pytest.raises(CommandError, match=r"nothing was loaded\.\nLine 4: Edition 1 already"):
        call_command("load_edition", path)
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_edition", tmp_path / "missing.toml")


@pytest.mark.django_db
def test_the_example_in_the_documentation_loads():
    docs = (ROOT / "docs" / "edition-files.md").read_text()
    example = docs.split("```toml\n", 1)[1].split("```", 1)[0]
    report = load_edition(example)
    assert report.created == [
        "region haiti",
        "mission minustah",
        "mission minujusth",
        "posting saat",
        "figures of minujusth on 2017-10-16",
    ]
    assert Mission.objects.get(slug="minujusth").predecessor.slug == "minustah"


# Each nests 5,000 levels deep: Python's TOML parser, and the checks after it, would
# recurse once a level and end in a RecursionError.
TOO_DEEP = {
    "arrays": "notes = " + "[" * 5000 + "]" * 5000,
    "inline tables": "notes = " + "{ a = " * 5000 + "1" + " }" * 5000,
    "dotted keys": "notes" + ".a" * 5000 + " = 1",
    "a header": "[notes" + ".a" * 5000 + "]",
}


def with_line_3(line):
    """An edition file whose line 3 is `line`."""
    return edition_file(COLOMBIA, head=HEAD.replace("\n\n[edition]", f"\n{line}\n\n[edition]"))


@pytest.mark.django_db
@pytest.mark.parametrize("nesting", TOO_DEEP)
def test_a_file_nested_too_deeply_is_refused_naming_its_line(nesting):
    [(line, message)] = refused(with_line_3(TOO_DEEP[nesting]))
    assert line == 3
    assert "too deeply nested (more than 32 levels)" in message


@pytest.mark.django_db
def test_the_command_refuses_a_file_nested_too_deeply_without_a_traceback(tmp_path):
    path = tmp_path / "edition.toml"
    path.write_text(with_line_3(TOO_DEEP["arrays"]), encoding="utf-8")
    with pytest.raises(CommandError, match=r"nothing was loaded\.\nLine 3: .* too deeply nested"):
        call_command("load_edition", path, "--dry-run")


def test_nesting_is_counted_outside_strings_and_comments_only():
    brackets = "[" * 40
    text = with_line_3(f'title.fr = """\n{brackets}\n"""  # {brackets}')
    assert parse(text).data["title"]["fr"] == f"{brackets}\n"


@pytest.mark.django_db
def test_page_texts_region_attributes_and_the_heading_layout_are_stored_in_the_document():
    page_keys = (
        'header = [{ en = "Mission duration: 2004 to present" }]\n'
        'intro.en = "Canadian police serve abroad."\n'
        'mission_heading = "numbered_region_acronym"\n'
    )
    region = 'language = { en = "Spanish" }\narmed = { en = "Unarmed", fr = "Non armé" }\n'
    text = edition_file(
        COLOMBIA.replace('name.fr = "Colombie"\n', f'name.fr = "Colombie"\n{region}'),
        head=HEAD.replace("\n[edition]", f"{page_keys}\n[edition]"),
    )
    document = load_edition(text).edition.document
    assert (document["header"], document["intro"], document["mission_heading"]) == (
        [{"en": "Mission duration: 2004 to present"}],
        {"en": "Canadian police serve abroad."},
        "numbered_region_acronym",
    )
    assert (document["regions"][0]["language"], document["regions"][0]["armed"]) == (
        {"en": "Spanish"},
        {"en": "Unarmed", "fr": "Non armé"},
    )
    assert schema_errors(document) == []
