"""The seed content (manage.py seed_content): the two seed pages as archived, as records
and as the editions of their dates, the newer one live."""

import datetime
import io
import re

import pytest
from django.core.management import call_command

from missions.editions.building import build_document
from missions.editions.files import CONTENT_DIR, parse
from missions.models import DeploymentSnapshot, Edition, Mission, Posting, Precision, Region, Status

from ..helpers.environment import DATA
from ..helpers.pages import plain_text

pytestmark = pytest.mark.django_db

MODELS = [Region, Mission, Posting, DeploymentSnapshot]


def archived(name):
    """A seed page as it was archived (tests/data)."""
    return (DATA / f"{name}.txt").read_text()


def page_text(client, url="/en/current-peace-operations/"):
    return plain_text(client.get(url).content.decode())


def counts():
    return [(m.objects.count(), m.history.count()) for m in MODELS] + [Edition.objects.count()]


def test_the_seed_makes_the_working_copy_and_one_edition_per_seed_page_the_newer_live(db):
    out = io.StringIO()
    call_command("seed_content", stdout=out)
    # BINUH gets its predecessor once MINUJUSTH exists, and Caribbean region its own once
    # Haiti does: a second history row each.
    assert counts() == [(7, 8), (11, 12), (6, 6), (11, 11), 2]
    assert "35 records changed, 2 editions added" in out.getvalue()
    editions = Edition.objects.order_by("number").values_list("took_effect", "kind")
    assert list(editions) == [
        (datetime.date(2017, 10, 16), Edition.Kind.HISTORICAL),
        (datetime.date(2024, 4, 1), Edition.Kind.HISTORICAL),
    ]
    assert Edition.objects.live().took_effect == datetime.date(2024, 4, 1)


def test_loading_the_seed_twice_changes_nothing(seeded):
    before = counts()
    out = io.StringIO()
    call_command("seed_content", stdout=out)
    assert counts() == before
    assert "0 records changed, 0 editions added" in out.getvalue()


def test_loading_the_seed_restores_an_edited_figure_with_history(seeded):
    snapshot = DeploymentSnapshot.objects.get(region__slug="ukraine", mission=None)
    snapshot.authorized = 99
    snapshot.save()
    call_command("seed_content", stdout=io.StringIO())
    snapshot.refresh_from_db()
    assert snapshot.authorized == 45
    assert snapshot.history.count() == 3


def test_the_summary_table_matches_seed_000(seeded, client):
    html_page = client.get("/en/current-peace-operations/").content.decode()
    # The column names repeated in each cell for phones are for sighted readers only.
    html_page = re.sub(r'<span class="cell-label"[^>]*>.*?</span>', "", html_page)
    rows = re.findall(r"<tr>\s*<th scope=\"row\"[^>]*>(.*?)</tr>", html_page, re.S)
    rendered = [
        " | ".join(
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.split(r"</t[hd]>", row)
            if re.sub(r"<[^>]+>", "", cell).strip()
        )
        for row in rows
    ]
    expected = [line.rstrip(" |") for line in archived("000_4320c27afab8a191").splitlines()[4:8]]
    assert rendered == expected


def test_every_line_of_seed_000_is_on_the_current_page(seeded, client):
    text = page_text(client)
    body = archived("000_4320c27afab8a191").split("Up to 25 |\n", 1)[1]
    for line in body.splitlines():
        line = line.removeprefix("- ").strip()
        if line in ("Note", "Date modified:", ""):
            continue
        assert line in text, line
    assert "Date modified:" in text


def test_the_current_page_leaves_out_what_ended_before_seed_000(seeded, client):
    text = page_text(client)
    for gone in ("Colombia", "Iraq", "MINUJUSTH", "Justice Rapid Response"):
        assert gone not in text
    assert "\nHaiti\n" not in text


def figures(**lookup):
    snapshot = DeploymentSnapshot.objects.get(**lookup)
    return snapshot.as_of, snapshot.authorized, snapshot.deployed


def test_seed_001_figures_are_earlier_snapshots(seeded):
    earlier = datetime.date(2017, 10, 16)
    assert figures(mission__slug="minujusth") == (earlier, 90, 40)
    assert figures(mission__slug="ukraine-bilateral") == (earlier, 20, 20)
    assert figures(region__slug="colombia", mission=None) == (earlier, 10, 1)
    assert figures(mission__slug="iraq-ministerial-liaison-team") == (earlier, 20, 3)
    assert figures(region__slug="west-bank", mission=None, as_of=earlier) == (earlier, 5, None)
    assert figures(mission__slug="eupol-copps") == (earlier, None, 1)
    assert figures(mission__slug="operation-proteus") == (earlier, None, 3)


def test_seed_000_caps_are_region_level_snapshots(seeded):
    current = datetime.date(2024, 4, 1)
    caps = dict(
        DeploymentSnapshot.objects.filter(as_of=current, mission=None).values_list(
            "region__slug", "authorized"
        )
    )
    assert caps == {
        "caribbean-region": 48,
        "ukraine": 45,
        "west-bank": 12,
        "democratic-republic-of-the-congo": 25,
    }


def test_every_snapshot_names_its_source(seeded):
    assert not DeploymentSnapshot.objects.filter(source="").exists()


def test_caribbean_region_continues_haiti_in_the_records_and_the_live_catalog(seeded):
    assert Region.objects.get(slug="caribbean-region").predecessor.slug == "haiti"
    catalog = Edition.objects.live().document["catalog"]
    predecessors = {r["slug"]: r.get("predecessor") for r in catalog["regions"]}
    assert (predecessors["caribbean-region"], predecessors["haiti"]) == ("haiti", None)


def test_the_haiti_lineage_runs_from_minustah_to_binuh(seeded):
    binuh = Mission.objects.get(slug="binuh")
    minujusth = binuh.predecessor
    minustah = minujusth.predecessor
    assert (minujusth.slug, minustah.slug, minustah.predecessor) == ("minujusth", "minustah", None)
    assert (minustah.started, minustah.started_precision) == (
        datetime.date(2004, 1, 1),
        Precision.YEAR,
    )
    assert minustah.ended == datetime.date(2017, 10, 15)
    assert minujusth.started == datetime.date(2017, 10, 16)
    assert {minustah.status, minujusth.status} == {Status.ENDED}
    assert "since\xa02004" in archived("001_0fd82c9ab21ae74a")


def test_unknown_dates_stay_unknown(seeded):
    for slug in ("binuh", "monusco", "euam-ukraine"):
        assert Mission.objects.get(slug=slug).started is None
    for slug in ("minujusth", "colombia-un-spm", "iraq-ministerial-liaison-team"):
        mission = Mission.objects.get(slug=slug)
        assert (mission.status, mission.ended) == (Status.ENDED, None)


def test_ukraine_keeps_its_figure_while_its_bilateral_engagement_is_suspended(seeded):
    assert Mission.objects.get(slug="ukraine-bilateral").status == Status.SUSPENDED
    assert figures(region__slug="ukraine", mission=None)[1] == 45


def test_every_record_has_its_french_text(seeded):
    for region in Region.objects.all():
        assert region.name_fr
    for mission in Mission.objects.all():
        assert mission.name_fr and mission.body_fr
    for posting in Posting.objects.all():
        assert posting.title_fr and posting.body_fr
    assert Mission.objects.get(slug="binuh").name_fr == "Bureau intégré des Nations Unies en Haïti"


# The seed pages as editions of their dates.


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
    assert document.pop("mission_heading") == "name"  # the archived page's layout
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
    text = plain_text(content)
    body = (
        archived("001_0fd82c9ab21ae74a")
        .split("Current operations\n", 1)[1]
        .split("Date modified:")[0]
    )
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
    assert "La page française de cette date n'a pas été archivée" in plain_text(content)
    # A 2017 text peaceops never translated is shown in English, marked as such.
    assert '<div class="body" lang="en"><p>Canada supports Ukraine' in content
    assert "Des policiers canadiens participaient depuis 2004" in content


@pytest.mark.parametrize("as_of", ["2024-06-01", None])
def test_after_2024_04_01_the_page_is_seed_000(seeded, client, as_of):
    if as_of:
        content = plain_text(follow(client, as_of))
    else:
        content = plain_text(client.get("/en/current-peace-operations/").content.decode())
    assert "Caribbean region\nFrench\nArmed\nUp to 48" in content
    assert "Up to 20 total" not in content and "MINUJUSTH" not in content


def test_the_seed_files_parse_to_the_stored_documents(seeded):
    for path in sorted(CONTENT_DIR.glob("*.toml")):
        edition_file = parse(path.read_text(encoding="utf-8"))
        edition = Edition.objects.get(took_effect=edition_file.took_effect)
        stored = {k: v for k, v in edition.document.items() if k != "catalog"}
        assert stored == edition_file.document()
