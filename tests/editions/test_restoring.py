"""Restoring an edition to the working copy: the records show what the edition showed,
all or nothing, each change in its record's history; nothing is public until published."""

import datetime

import pytest

from missions.editions.building import build_document
from missions.editions.restoring import RestoreRefused, restore_edition
from missions.models import DeploymentSnapshot, Mission, Posting, Region, Status
from missions.models.editions import Edition
from missions.models.published import PublishedFigure

from ..helpers.editions import make_edition, publish_working_copy, small_document
from ..helpers.records import make_mission, make_posting, make_region, make_snapshot
from ..helpers.staff import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher(db):
    return make_user("pat", "Publishers")


def change_everything(haiti):
    """Edition 2: Haiti renamed, with a note, BINUH suspended with a new body, a new
    region in front of it, and the posting taken off."""
    region, mission = haiti.region, haiti.mission
    region.name_en, region.name_fr = "Caribbean region", "Région des Caraïbes"
    region.note_en, region.note_fr = "Suspended.", "Suspendue."
    region.save()
    mission.status = Status.SUSPENDED
    mission.body_en, mission.body_fr = "A new body.", "Un nouveau texte."
    mission.save()
    mali = make_region(slug="mali", name="Mali", position=0)
    make_mission(mali, slug="minusma", name="MINUSMA")
    Posting.objects.filter(slug="icc").update(published=False)
    return publish_working_copy(summary="Second edition")


def test_a_restored_working_copy_makes_the_same_document_as_the_edition(haiti, publisher):
    first = Edition.objects.get(number=1)
    change_everything(haiti)

    restore_edition(first, publisher)

    assert build_document() == first.document


def test_records_created_after_the_edition_are_taken_off_the_page_not_deleted(haiti, publisher):
    change_everything(haiti)

    restore_edition(Edition.objects.get(number=1), publisher)

    assert not Region.objects.get(slug="mali").published
    assert not Mission.objects.get(slug="minusma").published


def test_each_record_changed_is_a_change_in_its_history_by_the_publisher(haiti, publisher):
    change_everything(haiti)

    restore_edition(Edition.objects.get(number=1), publisher)

    latest = Region.history.filter(slug="haiti").latest("history_date")
    assert (latest.name_en, latest.history_user) == ("Haiti", publisher)
    assert latest.history_change_reason == "Restores edition 1"
    assert Mission.history.filter(history_change_reason="Restores edition 1").count() == 2


def test_a_figure_corrected_since_is_set_back_and_one_recorded_since_stays(haiti, publisher):
    haiti.figure.authorized = 12
    haiti.figure.save()
    earlier = make_snapshot(haiti.region, haiti.mission, as_of=datetime.date(2019, 1, 1))
    publish_working_copy(summary="Corrected")

    restored = restore_edition(Edition.objects.get(number=1), publisher)
    publish_working_copy(summary="Restores edition 1")

    haiti.figure.refresh_from_db()
    assert haiti.figure.authorized == 10
    assert restored.figures == ["figures of binuh on 2020-06-01"]
    assert PublishedFigure.objects.filter(snapshot_id=earlier.pk).exists()


def test_a_figure_deleted_since_is_recorded_again_from_the_edition(haiti, publisher):
    haiti.region_figure.delete()
    publish_working_copy(summary="Deleted")

    restore_edition(Edition.objects.get(number=1), publisher)

    figure = DeploymentSnapshot.objects.get(region=haiti.region, mission=None)
    assert (figure.authorized, figure.source) == (20, "As shown on edition 1")


def test_a_newer_figure_stays_and_is_said_to_differ(two_published_editions, publisher):
    restored = restore_edition(Edition.objects.get(number=1), publisher)

    assert [(change.section, change.field) for change in restored.remaining] == [
        ("table", "authorized"),
        ("mission", "authorized"),
    ]
    assert DeploymentSnapshot.objects.filter(authorized=25).exists()


def test_a_restore_that_fails_changes_nothing(publisher):
    region = make_region(slug="somewhere", name="Renamed since")
    edition = make_edition(1, datetime.date(2020, 1, 1), small_document("Somewhere"))

    with pytest.raises(RestoreRefused, match="mission somewhere-mission, which is no longer"):
        restore_edition(edition, publisher)

    region.refresh_from_db()
    assert region.name_en == "Renamed since"
    assert not Region.history.filter(history_change_reason="Restores edition 1").exists()


def test_a_dry_run_says_what_would_change_and_keeps_nothing(haiti, publisher):
    change_everything(haiti)

    restored = restore_edition(Edition.objects.get(number=1), publisher, dry_run=True)

    assert restored.changed == [
        "region haiti",
        "region mali",
        "mission binuh",
        "mission minusma",
        "posting icc",
    ]
    assert Region.objects.get(slug="haiti").name_en == "Caribbean region"


def test_a_historical_edition_keeps_the_texts_its_page_does_not_give(publisher):
    region = make_region(slug="somewhere", name="Somewhere", note_en="Now", note_fr="Maintenant")
    make_mission(region, slug="somewhere-mission", status=Status.ENDED)
    make_posting(slug="icc")
    document = small_document("Somewhere")
    document["regions"][0]["note"] = {"en": "Then"}
    edition = make_edition(1, datetime.date(2016, 1, 1), document, kind=Edition.Kind.HISTORICAL)

    restored = restore_edition(edition, publisher)

    region.refresh_from_db()
    assert (region.note_en, region.note_fr) == ("Then", "Maintenant")
    assert Mission.objects.get(slug="somewhere-mission").status == Status.ACTIVE
    assert not Posting.objects.get(slug="icc").published
    assert restored.historical
