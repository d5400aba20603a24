"""Historical editions: the format says everything the page has said over the years
(DESIGN.md, "How the page has changed over the years"), and the seed pages become the
editions of their dates."""

import datetime
import html
import re
from pathlib import Path

import pytest

from missions.editions.building import build_document
from missions.editions.files import CONTENT_DIR, parse
from missions.editions.loading import load_edition
from missions.models import DeploymentSnapshot, Edition, Mission, Region, Status

pytestmark = pytest.mark.django_db

HEAD = """\
schema_version = 1
title.en = "Current operations"
title.fr = "Opérations en cours"

[edition]
took_effect = {date}
source = "An archived copy"
summary.en = "As archived."
summary.fr = "Telle qu'archivée."
"""


def region(slug="west-bank", name_en="West Bank", name_fr="Cisjordanie", extra=""):
    return f"""
[[regions]]
slug = "{slug}"
name.en = "{name_en}"
name.fr = "{name_fr}"
{extra}
[regions.record]
language = "en"
armed = false
"""


def mission(slug, extra="", status="active"):
    return f"""
[[regions.missions]]
slug = "{slug}"
name.en = "Mission {slug}"
name.fr = "Mission {slug} FR"
kind = "other"
status = "{status}"
{extra}"""


def figure(name, value, wording, level, table="regions.missions.figures"):
    return f"""
[{table}.{name}]
value = {value}
wording = {{ en = "{wording}", fr = "{wording} FR" }}
level = "{level}"
"""


def load(*parts, date="2017-10-16"):
    return load_edition(HEAD.format(date=date) + "".join(parts)).edition


def text_of(client, edition, language="en"):
    prefix = "/en/current-peace-operations/" if language == "en" else "/fr/missions-en-cours/"
    response = client.get(f"{prefix}editions/{edition.number}/")
    assert response.status_code == 200
    return plain(response.content.decode())


def test_a_cap_shared_by_several_missions_is_shown_once_with_its_own_wording(client):
    shared = figure(
        "authorized", 20, "Up to 20 total, split between both missions", "region", "regions.figures"
    )
    edition = load(region(), shared, mission("eupol-copps"), mission("operation-proteus"))
    text = text_of(client, edition)
    assert text.count("Up to 20 total, split between both missions") == 1
    assert "Authorized deployments\nUp to 20 total, split between both missions" in text
    snapshot = DeploymentSnapshot.objects.get()
    assert (snapshot.mission, snapshot.authorized) == (None, 20)


def test_a_deployed_figure_can_be_shared_by_the_whole_region(client):
    shared = figure("authorized", 20, "Up to 20 total", "region", "regions.figures") + figure(
        "deployed", 7, "7 between both missions", "region", "regions.figures"
    )
    edition = load(region(), shared, mission("eupol-copps"), mission("operation-proteus"))
    assert "Currently deployed\n7 between both missions" in text_of(client, edition)
    snapshot = DeploymentSnapshot.objects.get()
    assert (snapshot.mission, snapshot.authorized, snapshot.deployed) == (None, 20, 7)


def test_each_mission_can_have_its_own_authorized_and_deployed_figures(client):
    own = figure("authorized", 90, "90", "mission") + figure("deployed", 40, "40", "mission")
    edition = load(region(), mission("minujusth"), own)
    text = text_of(client, edition)
    assert "Authorized deployments\n90\nCurrently deployed\n40" in text
    snapshot = DeploymentSnapshot.objects.get()
    assert (snapshot.mission.slug, snapshot.authorized, snapshot.deployed) == ("minujusth", 90, 40)


def test_participation_since_is_shown_where_the_page_gave_it(client):
    since = 'since = { date = 2016-08-01, precision = "month" }\n'
    edition = load(region(), mission("iraq-mlt", since), mission("successor"))
    text = text_of(client, edition)
    assert text.count("Participation since") == 1
    assert "Participation since\nAugust 2016" in text
    assert "Participation depuis\naoût 2016" in text_of(client, edition, "fr")


def test_a_suspended_mission_has_its_status_line_and_a_region_its_note(client):
    note = 'note.en = "Operations are suspended."\nnote.fr = "Les opérations sont suspendues."\n'
    status_note = 'status_note = { en = "This mission is suspended.", fr = "Mission suspendue." }\n'
    edition = load(
        region("ukraine", "Ukraine", "Ukraine", note),
        mission("bilateral", status_note, status="suspended"),
        figure("authorized", 45, "Up to 45", "mission"),
    )
    text = text_of(client, edition)
    assert "Operations are suspended." in text and "This mission is suspended." in text
    assert "Authorized deployments\nUp to 45" in text
    assert edition.document["regions"][0]["missions"][0]["status"] == "suspended"
    assert Mission.objects.get().status == Status.SUSPENDED


def test_a_closed_mission_stays_as_dated_prose_and_its_record_ends(client):
    closed = (
        'status_note.en = "That mission officially closed on October 15, 2017."\n'
        'status_note.fr = "Cette mission a officiellement pris fin le 15 octobre 2017."\n'
        "body.en = '''Canadian police had participated in MINUSTAH since 2004.'''\n"
        '\n[regions.missions.record]\nstarted = 2004-01-01\nstarted_precision = "year"\n'
        "ended = 2017-10-15\n"
    )
    edition = load(region("haiti", "Haiti", "Haïti"), mission("minustah", closed, "ended"))
    text = text_of(client, edition)
    assert "That mission officially closed on October 15, 2017." in text
    assert "Canadian police had participated in MINUSTAH since 2004." in text
    minustah = Mission.objects.get()
    assert (minustah.status, minustah.started, minustah.ended) == (
        Status.ENDED,
        datetime.date(2004, 1, 1),
        datetime.date(2017, 10, 15),
    )
    # English only: not published until it has its French text.
    assert not minustah.published


def test_a_renamed_region_keeps_its_slug_and_each_edition_its_name(client):
    first = load(region("ukraine", "Ukraine (Bilateral engagement)", "Ukraine"), mission("b"))
    second = load(region("ukraine", "Ukraine", "Ukraine"), mission("b"), date="2024-04-01")
    assert "Ukraine (Bilateral engagement)" in text_of(client, first)
    assert "Ukraine (Bilateral engagement)" not in text_of(client, second)
    # The record is the one the first file created; the second changes no text.
    assert Region.objects.get().name_en == "Ukraine (Bilateral engagement)"


def test_postings_are_listed_with_their_dates(client):
    postings = """
[[postings]]
slug = "saat"
kind = "other"
title = { en = "SAAT Project", fr = "Projet SAAT" }
since = { date = 2014-09-01, precision = "month" }

[[postings]]
slug = "senior-police-advisor"
kind = "specialized"
title = { en = "Senior Police Advisor", fr = "Conseiller principal de police" }
"""
    edition = load(region(), mission("m"), postings)
    text = text_of(client, edition)
    assert "Other international opportunities\nSAAT Project\nSince September 2014" in text
    assert "Specialized police postings\nSenior Police Advisor" in text
    assert "septembre 2014" in text_of(client, edition, "fr")


def test_an_item_can_appear_on_the_french_page_only(client):
    rows = """
[[table]]
region = "west-bank"
name = { en = "West Bank", fr = "Cisjordanie" }
language = { en = "English", fr = "English" }
armed = { en = "Unarmed", fr = "Non armé" }

[[table]]
region = "iraq"
name = { fr = "Irak" }
language = { fr = "Anglais" }
armed = { fr = "Armé" }
languages = ["fr"]
"""
    iraq = region("iraq", "Iraq", "Irak", 'languages = ["fr"]\n')
    edition = load(rows, region(), mission("m"), iraq, mission("mlt"))
    assert "Irak" in text_of(client, edition, "fr")
    assert "Iraq" not in text_of(client, edition) and "Irak" not in text_of(client, edition)
    # The untranslated "English" of the French table is kept as it was.
    assert "Cisjordanie\nEnglish\nNon armé" in text_of(client, edition, "fr")


# The seed pages as editions.


def test_the_seed_makes_seed_001_the_edition_of_its_date_and_seed_000_the_current(seeded):
    editions = Edition.objects.order_by("took_effect")
    assert [(e.took_effect.isoformat(), e.kind) for e in editions] == [
        ("2017-10-16", "historical"),
        ("2024-04-01", "historical"),
    ]
    assert Edition.objects.live() == editions.last()


def without_empty_texts(value):
    if isinstance(value, dict):
        return {
            k: without_empty_texts(v)
            for k, v in value.items()
            if not (isinstance(v, dict) and v and all(text == "" for text in v.values()))
        }
    if isinstance(value, list):
        return [without_empty_texts(item) for item in value]
    return value


def test_seed_000_is_the_working_copy_as_published_on_its_date(seeded):
    current = Edition.objects.get(took_effect="2024-04-01")
    document = dict(current.document)
    assert document.pop("notice")["fr"].startswith("La page française de cette date")
    document.pop("catalog")  # the records' facts, added when the file is loaded
    built = without_empty_texts(build_document(datetime.date(2024, 4, 1)))
    built.pop("catalog")
    assert built == document


def follow(client, as_of, language="en"):
    prefix = "/en/current-peace-operations/" if language == "en" else "/fr/missions-en-cours/"
    response = client.get(prefix, {"as_of": as_of})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 200
    return response.content.decode()


def plain(content):
    # The column names each table cell repeats for phones are for sighted readers only.
    content = re.sub(r'<span class="cell-label"[^>]*>.*?</span>', "", content)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", content))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def seed_001():
    return (Path(__file__).parent / "data" / "001_0fd82c9ab21ae74a.txt").read_text()


def test_on_2018_01_01_the_page_is_seed_001_with_its_texts_order_and_figures(seeded, client):
    content = follow(client, "2018-01-01")
    edition = Edition.objects.get(took_effect="2017-10-16")
    assert f"/editions/{edition.number}/" in content
    assert re.findall(r'<h2 id="([a-z-]+)"', content)[1:6] == [
        "haiti",
        "ukraine",
        "colombia",
        "iraq",
        "west-bank",
    ]
    text = plain(content)
    body = seed_001().split("Current operations\n", 1)[1].split("Date modified:")[0]
    for line in body.splitlines():
        line = line.strip().removeprefix("• ").replace("\xa0", " ")
        if line.startswith(
            ("Main language", "Armed/unarmed", "Authorized d", "Currently d", "Partic")
        ):
            label, value = line.split(": ", 1)
            assert f"\n{value}" in text.replace("\xa0", " "), line
        elif line and line not in ("United States",):
            assert line in text.replace("\xa0", " "), line
    for figure in ("Up to 20 total", "up to 5, in total in the West Bank", "up to 10", "90", "40"):
        assert f"\n{figure}\n" in text
    assert "Caribbean region" not in text and "Democratic Republic of the Congo" not in text


def test_the_2018_french_page_says_its_french_was_not_archived(seeded, client):
    content = follow(client, "2018-01-01", "fr")
    assert "La page française de cette date n'a pas été archivée" in plain(content)
    # A 2017 text peaceops never translated is shown in English, marked as such.
    assert '<div class="body" lang="en"><p>Canada supports Ukraine' in content
    assert "Des policiers canadiens participaient depuis 2004" in content


@pytest.mark.parametrize("as_of", ["2024-06-01", None])
def test_after_2024_04_01_the_page_is_seed_000(seeded, client, as_of):
    if as_of:
        content = plain(follow(client, as_of))
    else:
        content = plain(client.get("/en/current-peace-operations/").content.decode())
    assert "Caribbean region\nFrench\nArmed\nUp to 48" in content
    assert "Up to 20 total" not in content and "MINUJUSTH" not in content


def test_before_the_first_seed_edition_no_edition_is_recorded(seeded, client):
    response = client.get("/en/current-peace-operations/", {"as_of": "2017-10-15"})
    assert response.status_code == 404
    assert "No edition of this page is recorded on October 15, 2017." in plain(
        response.content.decode()
    )


def test_the_seed_files_parse_to_the_stored_documents(seeded):
    for path in sorted(CONTENT_DIR.glob("*.toml")):
        edition_file = parse(path.read_text(encoding="utf-8"))
        edition = Edition.objects.get(took_effect=edition_file.took_effect)
        stored = {k: v for k, v in edition.document.items() if k != "catalog"}
        assert stored == edition_file.document()
