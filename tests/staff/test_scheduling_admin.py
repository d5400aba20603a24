"""Scheduled publishing on the review screen: a Publisher publishes now or at a date and
time in Eastern time (confirmed in UTC too), sees the publication waiting and can cancel
it; a refusal is shown there. In English and French."""

import datetime
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from missions.models import ScheduledPublication
from missions.staff.scheduling import ScheduleFormMixin, ScheduleMixin, moment_text

from ..helpers.editions import REVIEW, publish_working_copy, schedule_working_copy
from ..helpers.staff import make_user, signed_in

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
GO_LIVE = datetime.datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # 09:00 in Ottawa
# The review screen checks the time against the clock: a fixed time that stays ahead of it.
FAR_AHEAD = {"go_live_date": "2099-12-07", "go_live_time": "09:00"}


def errors(language="en", **data):
    """The form's errors, in `language`, for a publication at a set time."""
    with translation.override(language):
        form = ScheduleFormMixin({"when": "later", **data}, now=NOW)
        form.is_valid()
        return {field: list(messages) for field, messages in form.errors.items()}


def cleaned(**data):
    form = ScheduleFormMixin(data, now=NOW)
    assert form.is_valid(), form.errors
    return form.cleaned_data


def make_refusal():
    """A publication due at GO_LIVE, refused a moment ago."""
    return ScheduledPublication.objects.create(
        go_live_at=GO_LIVE,
        summary_en="Renamed",
        summary_fr="Renommée",
        reviewed_hash="reviewed",
        base_number=1,
        scheduled_by=make_user("pat", "Publishers"),
        status=ScheduledPublication.Status.REFUSED,
        outcome_en="Nothing was published: the records changed.",
        outcome_fr="Rien n'a été publié : les fiches ont changé.",
        finished_at=timezone.now(),
    )


def schedule_panel(user, language="en"):
    """The review screen's schedule.html as `user` sees it, in `language`."""
    with translation.override(language):
        request = RequestFactory().get(REVIEW)
        request.user = user
        return unescape(
            render_to_string(
                "admin/missions/edition/schedule.html", ScheduleMixin().schedule_context(request)
            )
        )


@pytest.fixture
def renamed(haiti):
    """Haiti, published as edition 1, renamed since in the working copy."""
    haiti.region.name_en = "Republic of Haiti"
    haiti.region.save()
    return haiti.region


# The form's "When"


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", ["Give the date to publish on.", "Give the time to publish at."]),
        ("fr", ["Indiquez la date de publication.", "Indiquez l'heure de publication."]),
    ],
)
def test_publishing_at_a_set_time_needs_a_date_and_a_time(language, expected):
    assert errors(language) == {"go_live_date": expected[:1], "go_live_time": expected[1:]}


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "Choose a date and time in the future."),
        ("fr", "Choisissez une date et une heure à venir."),
    ],
)
def test_a_time_already_past_is_refused(language, expected):
    past = {"go_live_date": "2026-12-01", "go_live_time": "06:59"}  # 11:59 UTC

    assert errors(language, **past) == {"go_live_date": [expected]}


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "That time does not exist in Eastern time: the clocks go forward then."),
        ("fr", "Cette heure n'existe pas à l'heure de l'Est\u00a0: les horloges avancent alors."),
    ],
)
def test_a_time_the_clocks_skip_in_spring_is_refused(language, expected):
    skipped = {"go_live_date": "2027-03-14", "go_live_time": "02:30"}

    assert errors(language, **skipped) == {"go_live_time": [expected]}


def test_a_date_and_time_in_eastern_time_is_kept_in_utc_winter_and_summer():
    winter = cleaned(when="later", go_live_date="2026-12-07", go_live_time="09:00")
    summer = cleaned(when="later", go_live_date="2027-07-07", go_live_time="09:00")

    assert winter["go_live_at"] == GO_LIVE
    assert summer["go_live_at"] == datetime.datetime(2027, 7, 7, 13, 0, tzinfo=UTC)


def test_the_browsers_date_and_time_are_read_in_french_too():
    with translation.override("fr"):
        french = cleaned(when="later", go_live_date="2026-12-07", go_live_time="09:00")

    assert french["go_live_at"] == GO_LIVE


def test_publishing_now_ignores_the_date_and_time_and_is_the_default():
    assert cleaned(when="now", go_live_date="2020-01-01")["go_live_at"] is None
    assert cleaned()["go_live_at"] is None


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "en",
            "A publication is already scheduled for 7 December 2026, 09:00 (Eastern), "
            "14:00 UTC. Cancel it first.",
        ),
        (
            "fr",
            "Une publication est déjà prévue le 7 décembre 2026, 09:00 (heure de l'Est), "
            "14:00 UTC. Annulez-la d'abord.",
        ),
    ],
)
def test_a_second_publication_cannot_be_scheduled_while_one_waits(language, expected):
    schedule_working_copy(GO_LIVE)

    later = {"go_live_date": "2026-12-08", "go_live_time": "09:00"}
    assert errors(language, **later) == {"when": [expected]}


@pytest.mark.parametrize(
    "language, moment, expected",
    [
        ("en", GO_LIVE, "7 December 2026, 09:00 (Eastern), 14:00 UTC"),
        ("fr", GO_LIVE, "7 décembre 2026, 09:00 (heure de l'Est), 14:00 UTC"),
        (
            "en",
            datetime.datetime(2026, 12, 8, 2, 0, tzinfo=UTC),
            "7 December 2026, 21:00 (Eastern), 8 December 2026, 02:00 UTC",
        ),
    ],
)
def test_a_moment_reads_in_eastern_time_and_in_utc(language, moment, expected):
    with translation.override(language):
        assert moment_text(moment) == expected


# Scheduling and cancelling from the review screen


def test_a_publisher_schedules_the_working_copy_as_reviewed(renamed):
    publisher = signed_in("Publishers", "pat")
    initial = publisher.get(REVIEW).context["form"].initial

    response = publisher.post(
        REVIEW,
        {
            "reviewed_hash": initial["reviewed_hash"],
            "base_number": initial["base_number"],
            "summary_en": "Renamed",
            "summary_fr": "Renommée",
            "when": "later",
            **FAR_AHEAD,
        },
        follow=True,
    )

    scheduled = ScheduledPublication.objects.get()
    assert (scheduled.status, scheduled.scheduled_by.username) == ("pending", "pat")
    assert (scheduled.reviewed_hash, scheduled.base_number) == (initial["reviewed_hash"], 1)
    assert (scheduled.summary_fr, scheduled.significant) == ("Renommée", False)
    assert scheduled.go_live_at == datetime.datetime(2099, 12, 7, 14, 0, tzinfo=UTC)
    html = unescape(response.content.decode())
    assert "Edition scheduled for 7 December 2099, 09:00 (Eastern), 14:00 UTC." in html
    assert 'value="Cancel the scheduled publication"' in html


def test_scheduling_is_confirmed_in_french_in_the_french_admin(renamed):
    publisher = signed_in("Publishers")
    review_fr = REVIEW.replace("/en/", "/fr/")
    initial = publisher.get(review_fr).context["form"].initial
    data = {**initial, "summary_en": "Renamed", "summary_fr": "Renommée", "when": "later"}

    response = publisher.post(review_fr, {**data, **FAR_AHEAD}, follow=True)

    assert "Édition prévue le 7 décembre 2099, 09:00 (heure de l'Est), 14:00 UTC." in unescape(
        response.content.decode()
    )


def cancel_url(scheduled, language="en"):
    with translation.override(language):
        return reverse("admin:missions_edition_schedule_cancel", args=[scheduled.pk])


def test_a_publisher_cancels_the_publication_waiting():
    scheduled = schedule_working_copy(GO_LIVE)
    paula = signed_in("Publishers", "paula")

    response = paula.post(cancel_url(scheduled), follow=True)

    scheduled.refresh_from_db()
    assert (scheduled.status, scheduled.cancelled_by.username) == ("cancelled", "paula")
    assert scheduled.finished_at is not None
    assert response.redirect_chain == [(REVIEW, 302)]
    assert (
        "The publication scheduled for 7 December 2026, 09:00 (Eastern), 14:00 UTC is cancelled."
        in unescape(response.content.decode())
    )


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "Nothing was cancelled: that publication is no longer waiting (cancelled)."),
        ("fr", "Rien n'a été annulé\u00a0: cette publication n'est plus en attente (annulée)."),
    ],
)
def test_cancelling_a_publication_no_longer_waiting_says_so_and_changes_nothing(language, expected):
    scheduled = schedule_working_copy(GO_LIVE)
    publisher = signed_in("Publishers")
    publisher.post(cancel_url(scheduled))

    response = publisher.post(cancel_url(scheduled, language), follow=True)

    assert expected in unescape(response.content.decode())
    scheduled.refresh_from_db()
    assert scheduled.cancelled_by.username == "publishers"


@pytest.mark.parametrize(
    "client, method, status",
    [
        (lambda: signed_in("Editors"), "post", 403),
        (lambda: signed_in("Publishers"), "get", 405),
        (lambda: Client(), "post", 302),  # to the sign-in page
    ],
    ids=["an editor", "a get", "a visitor"],
)
def test_only_a_publishers_post_cancels(client, method, status):
    scheduled = schedule_working_copy(GO_LIVE)

    response = getattr(client(), method)(cancel_url(scheduled))

    assert response.status_code == status
    assert ScheduledPublication.objects.get().status == "pending"


def test_cancelling_needs_the_forms_csrf_token():
    scheduled = schedule_working_copy(GO_LIVE)
    publisher = Client(enforce_csrf_checks=True)
    publisher.force_login(make_user("paula", "Publishers"))

    assert publisher.post(cancel_url(scheduled)).status_code == 403
    assert ScheduledPublication.objects.get().status == "pending"


# What the review screen shows


def test_the_review_screen_shows_the_publication_waiting_with_a_cancel_button_to_publishers():
    schedule_working_copy(GO_LIVE)

    publisher_sees = schedule_panel(make_user("paula", "Publishers"))
    editor_sees = schedule_panel(make_user("erin", "Editors"), "fr")

    assert (
        "The working copy as pat reviewed it will be published on 7 December 2026, 09:00 "
        "(Eastern), 14:00 UTC." in publisher_sees
    )
    assert 'value="Cancel the scheduled publication"' in publisher_sees
    assert "sera publiée le 7 décembre 2026, 09:00 (heure de l'Est), 14:00 UTC" in editor_sees
    assert "<form" not in editor_sees


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "en",
            "The publication scheduled for 7 December 2026, 09:00 (Eastern), 14:00 UTC was "
            "refused: Nothing was published: the records changed.",
        ),
        (
            "fr",
            "La publication prévue le 7 décembre 2026, 09:00 (heure de l'Est), 14:00 UTC a "
            "été refusée\u00a0: Rien n'a été publié : les fiches ont changé.",
        ),
    ],
)
def test_the_review_screen_shows_the_last_refusal(language, expected):
    make_refusal()

    panel = schedule_panel(make_user("erin", "Editors"), language)

    assert '<div class="errornote schedule-refusal">' in panel
    assert expected in panel


def test_a_refusal_is_no_longer_shown_once_an_edition_is_published_after_it(haiti):
    make_refusal()
    haiti.region.name_en = "Republic of Haiti"
    haiti.region.save()
    publish_working_copy()

    assert "schedule-refusal" not in schedule_panel(make_user("erin", "Editors"))
