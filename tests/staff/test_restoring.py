"""Restoring an edition from its admin page: a Publisher confirms, the working copy is set
back, and the review lists the reverting changes with "Restores edition N" as its summary;
an Editor is refused."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from missions.models import Region
from missions.models.editions import Edition

from ..helpers.editions import (
    REVIEW,
    make_edition,
    publish_from_review,
    publish_working_copy,
    small_document,
)
from ..helpers.records import make_mission, make_region
from ..helpers.staff import change_url

pytestmark = pytest.mark.django_db


def restore_url(edition):
    return reverse("admin:missions_edition_restore", args=[edition.pk])


@pytest.fixture
def renamed_and_published(haiti):
    """Edition 1 (the haiti fixture's), then edition 2 with Haiti renamed."""
    haiti.region.name_en, haiti.region.name_fr = "Caribbean region", "Région des Caraïbes"
    haiti.region.save()
    publish_working_copy(summary="Renamed")
    return Edition.objects.get(number=1)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_publisher_sees_the_restore_button_on_an_edition_page(publisher, renamed_and_published):
    response = publisher.get(change_url(renamed_and_published))

    assert restore_url(renamed_and_published) in response.content.decode()


def test_an_editor_sees_no_restore_button(editor, renamed_and_published):
    response = editor.get(change_url(renamed_and_published))

    assert restore_url(renamed_and_published) not in response.content.decode()


def test_the_confirmation_page_says_what_would_change_and_changes_nothing(
    publisher, renamed_and_published
):
    response = publisher.get(restore_url(renamed_and_published))

    assert response.context["restored"].changed == ["region haiti"]
    assert "region haiti" in response.content.decode()
    assert Region.objects.get(slug="haiti").name_en == "Caribbean region"


def test_a_restore_leads_to_the_review_with_the_reverting_changes_and_summaries(
    publisher, renamed_and_published
):
    response = publisher.post(restore_url(renamed_and_published))

    assert response.url == REVIEW
    review = publisher.get(REVIEW)
    changes = [(row["change"].section, row["change"].field) for row in review.context["changes"]]
    assert changes == [("table", "name"), ("region", "name")]
    initial = review.context["form"].initial
    assert (initial["summary_en"], initial["summary_fr"]) == (
        "Restores edition 1",
        "Rétablit l'édition 1",
    )


def test_after_the_publish_the_summaries_are_no_longer_prefilled(publisher, renamed_and_published):
    publisher.post(restore_url(renamed_and_published))
    publish_from_review(publisher, "Restores edition 1", "Rétablit l'édition 1")
    Region.objects.filter(slug="haiti").update(name_en="Haiti again")

    initial = publisher.get(REVIEW).context["form"].initial

    assert "summary_en" not in initial
    assert Edition.objects.live().summary_fr == "Rétablit l'édition 1"


def test_an_editor_restore_is_refused_and_changes_nothing(editor, renamed_and_published):
    assert editor.get(restore_url(renamed_and_published)).status_code == 403
    assert editor.post(restore_url(renamed_and_published)).status_code == 403
    assert Region.objects.get(slug="haiti").name_en == "Caribbean region"


def test_a_historical_edition_can_be_restored_and_says_so(publisher):
    make_mission(make_region(slug="somewhere", name="Somewhere"), slug="somewhere-mission")
    edition = make_edition(
        1, datetime.date(2016, 1, 1), small_document("Somewhere"), kind=Edition.Kind.HISTORICAL
    )

    response = publisher.get(restore_url(edition))

    assert "loaded from an archived copy" in response.content.decode()


def test_a_refused_restore_says_why_and_goes_back_to_the_edition(publisher):
    edition = make_edition(1, datetime.date(2020, 1, 1), small_document("Gone", slug="gone"))

    response = publisher.post(restore_url(edition))

    assert response.url == change_url(edition)
    assert messages_of(response) == [
        "Nothing was restored: edition 1 shows region gone, which is no longer in the records."
    ]


def test_the_french_confirmation_and_review_write_the_first_of_the_month_1er(publisher):
    make_mission(make_region(slug="haiti", name="Haiti"), slug="binuh", name="BINUH")
    edition = publish_working_copy(datetime.date(2024, 4, 1))
    with translation.override("fr"):
        confirmation = publisher.get(restore_url(edition)).content.decode()
        review = publisher.get(reverse("admin:missions_edition_review")).content.decode()

    assert "l'édition 1, du 1er avril 2024" in confirmation
    assert "en vigueur depuis le 1er avril 2024" in review
