"""Scheduled publishing: what a Publisher reviewed is published when it is due, exactly as
reviewed, or refused (and the refusal kept and logged) if the working copy changed since;
`manage.py publish_scheduled` runs it, and says nothing when nothing is due."""

import datetime
import io
import logging
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction

from missions.editions.building import build_document
from missions.editions.scheduling import cancel, publish_due
from missions.models import ScheduledPublication
from missions.models.editions import Edition

from ..helpers.editions import publish_working_copy, schedule_working_copy
from ..helpers.staff import make_user

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
GO_LIVE = datetime.datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
# Due at any run of the command: a fixed time long past.
PAST = datetime.datetime(2020, 6, 1, 13, 0, tzinfo=UTC)
Status = ScheduledPublication.Status


@pytest.fixture
def reviewed(haiti):
    """Haiti renamed in the working copy since edition 1, and scheduled as reviewed."""
    haiti.region.name_en = "Republic of Haiti"
    haiti.region.save()
    return schedule_working_copy(GO_LIVE)


def run_command():
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def test_a_due_publication_is_published_exactly_as_reviewed_in_its_publishers_name(reviewed):
    reviewed_document = build_document()

    (published,) = publish_due(now=GO_LIVE)

    edition = Edition.objects.get(number=2)
    assert (published.pk, published.status, published.edition) == (
        reviewed.pk,
        "published",
        edition,
    )
    assert published.finished_at is not None
    assert edition.document == reviewed_document
    assert edition.published_by == reviewed.scheduled_by
    assert (edition.summary_en, edition.summary_fr, edition.significant) == (
        "Renamed",
        "Renommée",
        False,
    )
    assert publish_due(now=GO_LIVE) == []


def test_a_publication_is_refused_and_says_why_when_the_records_changed_after_the_review(
    reviewed, haiti, caplog
):
    haiti.region.name_en = "Changed after the review"
    haiti.region.save()

    with caplog.at_level(logging.WARNING, logger="missions.editions.scheduling"):
        (refused,) = publish_due(now=GO_LIVE)

    refused.refresh_from_db()
    assert (refused.status, refused.edition) == ("refused", None)
    assert "the records changed after you opened the review" in refused.outcome_en
    assert "les fiches ont changé après l'ouverture de votre examen" in refused.outcome_fr
    assert Edition.objects.count() == 1
    assert f"Scheduled publication {refused.pk}" in caplog.text
    assert "the records changed after you opened the review" in caplog.text


def test_a_publication_is_refused_in_both_languages_when_another_edition_went_live(reviewed):
    publish_working_copy(summary="Published meanwhile")

    (refused,) = publish_due(now=GO_LIVE)

    assert "edition 2 went live after you opened the review" in refused.outcome_en
    assert "l'édition 2 a été mise en ligne après" in refused.outcome_fr


def test_a_publication_not_due_yet_waits(reviewed):
    assert publish_due(now=GO_LIVE - datetime.timedelta(minutes=1)) == []

    reviewed.refresh_from_db()
    assert reviewed.status == "pending"
    assert Edition.objects.count() == 1


def test_the_command_does_nothing_and_says_nothing_when_nothing_is_due(haiti):
    assert run_command() == ""
    assert Edition.objects.count() == 1


def test_a_cancelled_publication_is_never_published(reviewed):
    cancel(reviewed, make_user("paula", "Publishers"))

    assert publish_due(now=GO_LIVE) == []
    reviewed.refresh_from_db()
    assert (reviewed.status, reviewed.cancelled_by.username) == ("cancelled", "paula")
    assert Edition.objects.count() == 1


def test_the_command_says_one_line_for_each_publication_it_published(haiti):
    haiti.region.name_en = "Republic of Haiti"
    haiti.region.save()
    schedule_working_copy(PAST)

    assert run_command() == "Due 2020-06-01 13:00 UTC: published as edition 2.\n"


def test_the_command_says_one_line_for_each_publication_it_refused(reviewed, haiti):
    ScheduledPublication.objects.update(go_live_at=PAST)
    haiti.region.name_en = "Changed after the review"
    haiti.region.save()

    assert run_command() == (
        "Due 2020-06-01 13:00 UTC: refused. Nothing was published: the records changed after "
        "you opened the review. Review the changes again.\n"
    )


def test_a_publication_already_published_cannot_be_cancelled(reviewed):
    publish_due(now=GO_LIVE)

    with pytest.raises(ValidationError, match=r"no longer waiting \(published\)"):
        cancel(reviewed, reviewed.scheduled_by)
    reviewed.refresh_from_db()
    assert (reviewed.status, reviewed.cancelled_by) == ("published", None)


# The constraints, each in the database and in clean()


def test_only_one_publication_waits_at_a_time(reviewed):
    with pytest.raises(ValidationError, match="A publication is already scheduled"):
        schedule_working_copy(GO_LIVE, user=reviewed.scheduled_by)
    second = ScheduledPublication.objects.get()
    second.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert ScheduledPublication.objects.count() == 1


def test_another_publication_can_be_scheduled_once_the_first_is_cancelled(reviewed):
    cancel(reviewed, reviewed.scheduled_by)

    again = schedule_working_copy(GO_LIVE, user=reviewed.scheduled_by)

    assert list(ScheduledPublication.objects.pending()) == [again]


def test_a_publication_is_marked_published_with_its_edition_and_refused_with_why(reviewed):
    reviewed.status, reviewed.finished_at = Status.PUBLISHED, GO_LIVE
    with pytest.raises(ValidationError) as error:
        reviewed.full_clean()
    assert error.value.message_dict["edition"] == [
        "Only a published schedule names an edition, and it must."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        reviewed.save()
    reviewed.status = Status.REFUSED
    with pytest.raises(ValidationError) as error:
        reviewed.full_clean()
    assert error.value.message_dict["outcome_en"] == [
        "Say why it was refused, in English and in French."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        reviewed.save()


def test_only_a_pending_publication_has_no_finish_time(reviewed):
    reviewed.status = Status.CANCELLED
    with pytest.raises(ValidationError) as error:
        reviewed.full_clean()
    assert error.value.message_dict["finished_at"] == [
        "Only a pending schedule has no finish time."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        reviewed.save()


# Two runs at once


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_a_run_skips_the_publication_another_run_is_publishing(haiti):
    haiti.region.name_en = "Republic of Haiti"
    haiti.region.save()
    # A transactional test starts without the staff groups the migrations made.
    scheduled = schedule_working_copy(GO_LIVE, user=make_user("pat"))
    locked, release = threading.Event(), threading.Event()

    def other_run_holds_it():
        try:
            with transaction.atomic():
                ScheduledPublication.objects.select_for_update().get(pk=scheduled.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    other = threading.Thread(target=other_run_holds_it)
    other.start()
    try:
        assert locked.wait(10)
        assert publish_due(now=GO_LIVE) == []
    finally:
        release.set()
        other.join()
    assert Edition.objects.count() == 1
    assert [published.edition.number for published in publish_due(now=GO_LIVE)] == [2]
