import datetime
import html
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from missions.models import DeploymentSnapshot, Edition, Mission, Posting, Precision, Region, Status

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).parent / "data"
CURRENT = (SEEDS / "000_4320c27afab8a191.txt").read_text()
EARLIER = (SEEDS / "001_0fd82c9ab21ae74a.txt").read_text()
MODELS = [Region, Mission, Posting, DeploymentSnapshot]


def page_text(client, url="/en/current-peace-operations/"):
    content = client.get(url).content.decode()
    text = html.unescape(re.sub(r"<[^>]+>", "\n", content))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def counts():
    return [(m.objects.count(), m.history.count()) for m in MODELS] + [Edition.objects.count()]


def test_the_seed_makes_the_working_copy_and_one_edition_per_seed_page(db):
    out = io.StringIO()
    call_command("seed_content", stdout=out)
    # BINUH gets its predecessor once MINUJUSTH exists: a second history row.
    assert counts() == [(7, 7), (11, 12), (6, 6), (11, 11), 2]
    assert "35 records changed, 2 editions added" in out.getvalue()
    editions = Edition.objects.order_by("number").values_list("took_effect", "kind")
    assert list(editions) == [
        (datetime.date(2017, 10, 16), Edition.Kind.HISTORICAL),
        (datetime.date(2024, 4, 1), Edition.Kind.HISTORICAL),
    ]


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
    expected = [line.rstrip(" |") for line in CURRENT.splitlines()[4:8]]
    assert rendered == expected


def test_every_line_of_seed_000_is_on_the_current_page(seeded, client):
    text = page_text(client)
    body = CURRENT.split("Up to 25 |\n", 1)[1]
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
    assert "since\xa02004" in EARLIER


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
