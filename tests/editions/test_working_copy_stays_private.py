"""Nothing an Editor saves reaches the history pages, the downloads, the change log or the
feed until a Publisher publishes; the published copy of the figures is kept by comparing
it with the working copy."""

import datetime
import io
import tracemalloc

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from missions.editions.publishing import sync_published_figures
from missions.models import DeploymentSnapshot, Edition
from missions.models.published import Appearance, PublishedFigure

from .helpers import (
    DAY,
    add_snapshots,
    make_mission,
    make_posting,
    make_region,
    make_snapshot,
    publish_working_copy,
)

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/en/missions/m/",
    "/fr/missions/m/",
    "/en/regions/ukraine/",
    "/en/data/snapshots.csv",
    "/en/data/snapshots.json",
    "/en/data/regions.csv",
    "/fr/data/missions.json",
    "/en/missions/m/snapshots.csv",
    "/api/v1/regions",
    "/api/v1/missions",
    "/api/v1/figures",
    "/en/current-peace-operations/changes/",
    "/en/current-peace-operations/changes/feed/",
    "/en/current-peace-operations/",
]


@pytest.fixture
def live():
    region = make_region()
    mission = make_mission(region, slug="m", name="Mission")
    snapshot = make_snapshot(region, mission, as_of=DAY, authorized=10)
    posting = make_posting()
    publish_working_copy()
    return region, mission, snapshot, posting


def rename_region(region, mission, snapshot, posting, tmp_path):
    region.name_en = "Region UNPUBLISHED"
    region.save()


def change_mission(region, mission, snapshot, posting, tmp_path):
    mission.name_en, mission.status = "Mission UNPUBLISHED", "suspended"
    mission.save()


def rename_posting(region, mission, snapshot, posting, tmp_path):
    posting.title_en = "Posting UNPUBLISHED"
    posting.save()


def correct_figure(region, mission, snapshot, posting, tmp_path):
    snapshot.authorized, snapshot.source = 987654, "UNPUBLISHED source"
    snapshot.save()


def import_figures(region, mission, snapshot, posting, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(
        "region,mission,as_of,authorized,deployed,source\n"
        "ukraine,m,2020-07-01,987654,,UNPUBLISHED import\n",
        encoding="utf-8",
    )
    call_command("import_snapshots", str(path), stdout=io.StringIO())


def body(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    content = getattr(response, "streaming_content", None)
    return b"".join(content).decode() if content is not None else response.content.decode()


@pytest.mark.parametrize(
    "edit", [rename_region, change_mission, rename_posting, correct_figure, import_figures]
)
def test_an_editors_change_stays_off_every_public_page_until_published(live, edit, tmp_path):
    edit(*live, tmp_path)
    for url in PUBLIC:
        content = body(url)
        for text in ("UNPUBLISHED", "987654", "987,654"):
            assert text not in content, url
    publish_working_copy()
    assert any("UNPUBLISHED" in body(url) for url in PUBLIC)


def test_the_region_and_mission_files_give_the_language_and_arms_as_published(live):
    region, mission, *_ = live
    region.language, region.armed = "ar", True
    region.save()
    mission.language = "pt"
    mission.save()
    regions, missions = body("/en/data/regions.csv"), body("/en/data/missions.csv")
    assert ",en,false" in regions and ",ar," not in regions
    assert ",en,false," in missions and ",pt," not in missions
    publish_working_copy()
    assert ",ar,true" in body("/en/data/regions.csv")
    assert ",pt,true," in body("/en/data/missions.csv")


def test_publishing_keeps_unchanged_figures_with_the_edition_that_published_them(live):
    region, mission, snapshot, _posting = live
    first = Edition.objects.get()
    extra = make_snapshot(region, mission, as_of=DAY - datetime.timedelta(days=1), authorized=5)
    second = publish_working_copy()
    assert dict(PublishedFigure.objects.values_list("snapshot_id", "edition")) == {
        snapshot.pk: first.pk,
        extra.pk: second.pk,
    }
    snapshot.deployed = 4
    snapshot.save()
    extra.delete()
    make_snapshot(region, as_of=DAY, authorized=30)  # a region-level figure
    third = publish_working_copy()
    published = {f.snapshot_id: f for f in PublishedFigure.objects.all()}
    assert published[snapshot.pk].edition == third
    assert published[snapshot.pk].deployed == 4
    assert extra.pk not in published
    assert [(f.mission, f.authorized) for f in published.values() if f.mission == ""] == [("", 30)]


def test_a_figure_of_a_mission_taken_off_the_site_leaves_the_published_copy(live):
    _region, mission, _snapshot, _posting = live
    mission.published = False
    mission.save()
    publish_working_copy()
    assert not PublishedFigure.objects.exists()


def test_each_stored_edition_is_indexed_once(live):
    edition = Edition.objects.get()
    assert sorted(Appearance.objects.values_list("kind", "slug", "name_en", "status")) == [
        ("mission", "m", "Mission", "active"),
        ("posting", "icc", "International Criminal Court", ""),
        ("region", "ukraine", "Ukraine", ""),
    ]
    mission_row = Appearance.objects.get(kind="mission")
    assert mission_row.edition == edition
    assert mission_row.figures["authorized"]["value"] == 10
    region_row = Appearance.objects.get(kind="region")
    assert region_row.figures["table"]["wording"] == {"en": "Up to 10", "fr": "10 tout au plus"}


def sync_peak(edition):
    tracemalloc.start()
    try:
        sync_published_figures(edition)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_publishing_the_figures_streams_so_memory_stays_flat(live):
    """Four times the figures, added then every one changed, take no more memory: the
    database compares them, and the changed ones are written a batch at a time."""
    _region, mission, _snapshot, _posting = live
    edition = Edition.objects.get()
    peaks, total = [], 0
    for count in (2500, 7500):
        add_snapshots(mission, count, start=total)
        total += count
        added = sync_peak(edition)
        DeploymentSnapshot.objects.filter(mission=mission).update(deployed=count % 100)
        changed = sync_peak(edition)
        assert PublishedFigure.objects.filter(deployed=count % 100).count() == total + 1
        peaks.append(max(added, changed))
    assert peaks[1] < 1.3 * peaks[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_publishing_compares_the_figures_in_one_postgresql_process(live):
    sync_published_figures(Edition.objects.get())
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)


def test_the_catalog_holds_every_ready_region_and_mission_ended_ones_included(seeded):
    from missions.editions.building import build_document
    from missions.editions.document import schema_errors

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
