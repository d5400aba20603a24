"""Publishing: the working copy becomes the next edition, whole, once a Publisher has
reviewed it and only if nothing changed meanwhile; the published copy of the figures
follows it in the same transaction."""

import datetime
import threading
import tracemalloc

import pytest
from django.db import connection, connections

from missions.editions.building import build_document
from missions.editions.document import schema_errors
from missions.editions.figures import sync_published_figures
from missions.editions.publishing import PublishRefused, publish
from missions.editions.review import review
from missions.models import DeploymentSnapshot
from missions.models.editions import Edition
from missions.models.published import FigureChange, PublishedFigure

from ..helpers.editions import make_edition, publish_working_copy
from ..helpers.records import DAY, add_snapshots, make_mission, make_region, make_snapshot
from ..helpers.staff import make_user

pytestmark = pytest.mark.django_db


def edit_region(region, tmp_path=None):
    region.name_en = "Renamed region"
    region.save()


def test_publishing_writes_exactly_one_edition_with_who_and_when(haiti):
    region = haiti.region
    edit_region(region)
    publisher = make_user("pat", "Publishers")

    edition = publish_working_copy(user=publisher, summary="Renamed")

    assert Edition.objects.count() == 2
    assert (edition.number, edition.published_by, edition.summary_en) == (2, publisher, "Renamed")
    assert edition.document == build_document()
    assert schema_errors(edition.document) == []


def test_publishing_is_refused_while_a_text_is_missing_in_french(haiti):
    region = haiti.region
    region.note_en = "Operations are suspended."
    region.save()

    with pytest.raises(PublishRefused, match="missing in one language"):
        publish_working_copy()
    assert Edition.objects.count() == 1


def reviewed():
    """The fingerprint of the review a Publisher would open now."""
    return review(Edition.objects.live(), build_document()).fingerprint


def publish_as_reviewed(reviewed_hash):
    """Publish as a Publisher who reviewed the working copy while edition 1 was live."""
    return publish(
        user=None,
        summary_en="x",
        summary_fr="x",
        significant=True,
        reviewed_hash=reviewed_hash,
        base_number=1,
    )


def test_publishing_is_refused_when_the_records_changed_after_the_review(haiti):
    region = haiti.region
    edit_region(region)
    fingerprint = reviewed()
    region.name_en = "Changed again after the review"
    region.save()

    with pytest.raises(PublishRefused, match="changed after you opened the review"):
        publish_as_reviewed(fingerprint)
    assert Edition.objects.count() == 1


def test_publishing_is_refused_when_another_edition_went_live_meanwhile(haiti):
    region = haiti.region
    edit_region(region)
    fingerprint = reviewed()
    publish_working_copy(summary="Someone else was faster")

    with pytest.raises(PublishRefused, match="went live after you opened the review"):
        publish_as_reviewed(fingerprint)
    assert Edition.objects.count() == 2


def test_publishing_an_unchanged_working_copy_is_refused(haiti):
    with pytest.raises(PublishRefused, match="nothing would change"):
        publish_working_copy()
    assert Edition.objects.count() == 1


def test_publishing_is_refused_when_a_figure_changed_after_the_review(haiti):
    fingerprint = reviewed()
    haiti.figure.authorized = 11
    haiti.figure.save()

    with pytest.raises(PublishRefused, match="changed after you opened the review"):
        publish_as_reviewed(fingerprint)
    assert Edition.objects.count() == 1
    assert not FigureChange.objects.exclude(edition__number=1).exists()


def test_a_corrected_past_figure_alone_is_published_as_a_corrections_only_edition(haiti):
    figure = make_snapshot(
        haiti.region, haiti.mission, as_of=DAY - datetime.timedelta(days=400), authorized=8
    )
    first = publish_working_copy()
    was = figure.authorized
    figure.authorized = was + 5
    figure.save()
    found = review(first, build_document())
    assert (found.changes, found.figure_count, found.corrections_only) == ([], 1, True)

    edition = publish(
        user=None,
        summary_en="Corrected",
        summary_fr="Corrigé",
        significant=False,
        reviewed_hash=found.fingerprint,
        base_number=first.number,
    )

    assert edition.document == first.document
    change = FigureChange.objects.get(edition=edition)
    assert (change.edition, change.kind, change.snapshot_id) == (edition, "corrected", figure.pk)
    assert (change.authorized_before, change.authorized_after) == (was, was + 5)
    assert PublishedFigure.objects.get(snapshot_id=figure.pk).authorized == was + 5


def test_publishing_records_figures_added_and_removed(haiti):
    extra = make_snapshot(
        haiti.region, haiti.mission, as_of=DAY - datetime.timedelta(days=3), authorized=5
    )
    second = publish_working_copy()
    extra.delete()
    third = publish_working_copy()
    changes = FigureChange.objects.exclude(edition__number=1)
    assert list(changes.values_list("edition", "kind", "authorized_before")) == [
        (second.pk, "added", None),
        (third.pk, "removed", 5),
    ]


# Publishing twice at once


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_publishers_at_once_create_one_edition():
    region = make_region()
    make_mission(region)
    publish_working_copy()
    edit_region(region)
    fingerprint = reviewed()
    barrier, outcomes = threading.Barrier(2), []

    def publish_concurrently():
        try:
            barrier.wait()
            publish_as_reviewed(fingerprint)
            outcomes.append("published")
        except PublishRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish_concurrently) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["published", "refused"]
    assert Edition.objects.count() == 2


def test_publishing_keeps_unchanged_figures_with_the_edition_that_published_them(haiti):
    figure, region_figure = haiti.figure, haiti.region_figure
    first = Edition.objects.get()
    extra = make_snapshot(
        haiti.region, haiti.mission, as_of=DAY - datetime.timedelta(days=1), authorized=5
    )
    second = publish_working_copy()
    assert dict(PublishedFigure.objects.values_list("snapshot_id", "edition")) == {
        figure.pk: first.pk,
        region_figure.pk: first.pk,
        extra.pk: second.pk,
    }
    figure.deployed = 4
    figure.save()
    extra.delete()
    region_figure.authorized = 30
    region_figure.save()
    third = publish_working_copy()
    published = {f.snapshot_id: f for f in PublishedFigure.objects.all()}
    assert published[figure.pk].edition == third
    assert published[figure.pk].deployed == 4
    assert extra.pk not in published
    assert [(f.mission, f.authorized) for f in published.values() if f.mission == ""] == [("", 30)]


def test_a_figure_of_a_mission_taken_off_the_site_leaves_the_published_copy(haiti):
    haiti.mission.published = False
    haiti.mission.save()
    publish_working_copy()
    assert list(PublishedFigure.objects.values_list("snapshot_id", flat=True)) == [
        haiti.region_figure.pk
    ]


def sync_peak(number):
    edition = make_edition(number, DAY)
    tracemalloc.start()
    try:
        sync_published_figures(edition)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_publishing_the_figures_streams_so_memory_stays_flat(haiti):
    """Four times the figures, added then every one changed, take no more memory: the
    database compares them, and the changed ones are written a batch at a time."""
    mission = haiti.mission
    peaks, total = [], 0
    for count in (2500, 7500):
        add_snapshots(mission, count, start=total)
        total += count
        added = sync_peak(total + 1)
        DeploymentSnapshot.objects.filter(mission=mission).update(deployed=count % 100)
        changed = sync_peak(total + 2)
        assert PublishedFigure.objects.filter(deployed=count % 100).count() == total + 1
        peaks.append(max(added, changed))
    assert peaks[1] < 1.3 * peaks[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_publishing_compares_the_figures_in_one_postgresql_process(haiti):
    sync_published_figures(Edition.objects.get())
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
