"""The UN's monthly figures go through review like our own: the review lists them, and
only a publish makes them public, exactly as reviewed."""

import datetime

import pytest

from missions.editions.building import build_document
from missions.editions.publishing import PublishRefused, publish
from missions.editions.review import review
from missions.models import Edition, PublishedUNFigure, UNContribution

from ..helpers.editions import REVIEW, publish_working_copy
from ..helpers.staff import signed_in

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2020, 5, 31)


def un_row(mission=None, acronym="BINUH", total=12, month=MONTH):
    return UNContribution.objects.create(
        month=month,
        acronym=acronym,
        mission=mission,
        personnel_type="Individual Police",
        male=None,
        female=None,
        total=total,
        source="UN monthly report",
    )


def publish_reviewed(fingerprint, live):
    return publish(
        user=None,
        summary_en="UN figures",
        summary_fr="Chiffres de l'ONU",
        significant=False,
        reviewed_hash=fingerprint,
        base_number=live.number,
    )


def test_an_imported_un_figure_is_listed_by_the_review_and_public_only_once_published(haiti):
    live = Edition.objects.get()
    row = un_row(haiti.mission)

    found = review(live, build_document())
    assert (found.un_count, found.corrections_only) == (1, True)
    assert found.un_figures[0].after.mission == "binuh"
    assert not PublishedUNFigure.objects.exists()

    edition = publish_reviewed(found.fingerprint, live)

    published = PublishedUNFigure.objects.get()
    assert (published.contribution_id, published.edition, published.total) == (row.pk, edition, 12)
    assert (published.acronym, published.mission) == ("BINUH", "binuh")


def test_a_un_figure_changed_after_the_review_refuses_the_publish(haiti):
    live = Edition.objects.get()
    row = un_row(haiti.mission)
    fingerprint = review(live, build_document()).fingerprint
    row.total = 13
    row.save()

    with pytest.raises(PublishRefused, match="changed after you opened the review"):
        publish_reviewed(fingerprint, live)
    assert not PublishedUNFigure.objects.exists()


def test_a_corrected_or_removed_un_figure_is_published_as_reviewed(haiti):
    kept, gone = un_row(haiti.mission), un_row(acronym="UNMIK", total=1)
    publish_working_copy()
    kept.total = 14
    kept.save()
    gone.delete()

    found = review(Edition.objects.live(), build_document())
    assert sorted(diff.kind for diff in found.un_figures) == ["corrected", "removed"]
    publish_reviewed(found.fingerprint, Edition.objects.live())

    assert list(PublishedUNFigure.objects.values_list("acronym", "total")) == [("BINUH", 14)]


def test_a_draft_missions_slug_stays_off_the_published_un_figures(haiti):
    haiti.mission.published = False
    haiti.mission.save()
    un_row(haiti.mission)
    publish_working_copy()
    assert PublishedUNFigure.objects.get().mission == ""


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "The UN's monthly figures"), ("fr", "Les chiffres")]
)
def test_the_review_screen_lists_the_un_figures_to_publish(haiti, language, heading):
    un_row(haiti.mission)

    html = signed_in("Publishers").get(REVIEW.replace("/en/", f"/{language}/")).content.decode()

    assert heading in html
    row = html.split('class="review-figures review-un"')[1].split("</table>")[0]
    assert "BINUH" in row and "<ins>12</ins>" in row
