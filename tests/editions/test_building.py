"""The edition document built from the working copy: the summary table's figures, and the
catalog of every ready region and mission."""

import datetime

import pytest

from missions.editions.building import build_document
from missions.editions.document import schema_errors
from missions.models import DeploymentSnapshot

from ..helpers.records import DAY, make_mission, make_region, make_snapshot

pytestmark = pytest.mark.django_db


def cap(on_date):
    """The summary-table figure of the only region, as a document built on on_date has it."""
    row = build_document(on_date)["table"][0]["authorized"]
    return row["value"] if row else None


def test_the_cap_is_the_latest_region_level_figure_on_or_before_the_date():
    region = make_region()
    mission = make_mission(region, started=datetime.date(2015, 1, 1))
    make_snapshot(region, mission, as_of=datetime.date(2017, 1, 1), authorized=90)
    make_snapshot(region, as_of=datetime.date(2018, 1, 1), authorized=20)
    make_snapshot(region, as_of=datetime.date(2024, 1, 1), authorized=45)
    assert cap(datetime.date(2017, 6, 1)) == 90  # no region figure yet: the missions' sum
    assert cap(datetime.date(2019, 1, 1)) == 20
    assert cap(datetime.date(2025, 1, 1)) == 45


def test_the_cap_without_region_figures_sums_the_missions_latest_figures():
    region = make_region()
    for slug, authorized in (("a", 10), ("b", 15)):
        mission = make_mission(region, slug=slug, started=DAY)
        make_snapshot(region, mission, authorized=authorized)
    assert cap(DAY) == 25
    make_mission(region, slug="c", started=DAY)
    DeploymentSnapshot.objects.all().delete()
    assert cap(DAY) is None


def test_the_catalog_holds_every_ready_region_and_mission_ended_ones_included(seeded):
    document = build_document()
    assert schema_errors(document) == []
    missions = {m["slug"]: m for m in document["catalog"]["missions"]}
    assert missions["minustah"]["status"] == "ended"
    assert missions["minustah"]["started"] == {"date": "2004-01-01", "precision": "year"}
    assert missions["minujusth"]["predecessor"] == "minustah"
    assert "haiti" in {r["slug"] for r in document["catalog"]["regions"]}
    assert "minustah" not in {
        m["slug"] for region in document["regions"] for m in region["missions"]
    }
