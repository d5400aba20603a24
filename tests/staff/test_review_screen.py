"""The review screen: a Publisher sees every change of the working copy, English and French
side by side, and publishes it; an Editor only looks."""

import datetime
from html import unescape

import pytest
from django.test import Client

from missions.models.editions import Edition

from ..helpers.editions import REVIEW, publish_from_review, publish_working_copy
from ..helpers.pages import CURRENT, assert_shows
from ..helpers.records import DAY, make_mission, make_posting, make_region, make_snapshot
from ..helpers.staff import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    """One region with one mission and a figure, published as edition 1."""
    region = make_region()
    mission = make_mission(region, body_en="Police officers advise.", body_fr="Des policiers.")
    make_snapshot(region, mission, as_of=DAY - datetime.timedelta(days=1), authorized=30)
    make_posting()
    publish_working_copy()
    return region, mission


@pytest.fixture
def renamed(published):
    """The published region, renamed in the working copy."""
    region, _mission = published
    region.name_en = "Renamed region"
    region.save()
    return region


def test_the_review_screen_shows_each_kind_of_change_in_english_and_french(published):
    region, mission = published
    region.name_en, region.name_fr = "Ukraine and region", "Ukraine et région"
    region.save()
    mission.body_en = "Police officers advise and train."
    mission.save()
    make_snapshot(region, mission, as_of=DAY + datetime.timedelta(days=1), authorized=35)
    other = make_region(slug="haiti", name="Haiti", position=2)
    make_mission(other, slug="binuh", name="BINUH")

    response = signed_in("Publishers").get(REVIEW)

    html = response.content.decode()
    assert response.status_code == 200
    assert_shows(
        html,
        "Region: name",
        "Ukraine<ins> and region</ins>",
        "Ukraine <del>FR</del><ins>et région</ins>",
        "Police officers <del>advise.</del><ins>advise and train.</ins>",
        "Up to <del>30</del><ins>35</ins>",
        "<del>30</del><ins>35</ins> tout au plus",
        '<td lang="en"><span class="review-text"><ins>Haiti</ins>',
        '<td lang="fr"><span class="review-text"><ins>Haiti FR</ins>',
        'value="Publish this edition"',
    )


def test_the_review_screen_lists_a_region_s_new_predecessor(published):
    region, _mission = published
    haiti = make_region(slug="haiti", name="Haiti", position=2, name_fr="Haïti")
    make_mission(haiti, slug="binuh", name="BINUH")
    publish_working_copy()
    region.predecessor = haiti
    region.save()

    html = signed_in("Publishers").get(REVIEW).content.decode()

    row = html.split('<tr class="change-record">')[1].split("</tr>")[0]
    assert_shows(
        row,
        "Region: predecessor",
        '<td lang="en"><strong>Ukraine</strong><br><span class="review-text">Haiti</span>',
        '<td lang="fr"><strong>Ukraine FR</strong><br><span class="review-text">Haïti</span>',
    )


def test_a_publisher_publishes_from_the_review_screen_in_the_language_of_the_admin(renamed):
    publisher = signed_in("Publishers")

    response = publish_from_review(publisher)

    assert response.status_code == 302
    edition = Edition.objects.live()
    assert (edition.number, edition.summary_fr) == (2, "Révisé")
    assert "Renamed region" in Client().get(CURRENT).content.decode()
    assert response["Content-Language"] == "en"
    assert "Edition 2 is published" in publisher.get(response["Location"]).content.decode()


def test_an_editor_sees_the_review_but_cannot_publish(renamed):
    editor = signed_in("Editors")

    review = editor.get(REVIEW)
    refused = editor.post(REVIEW, {"summary_en": "x", "summary_fr": "x"})

    assert "Only a Publisher can publish" in review.content.decode()
    assert 'value="Publish this edition"' not in review.content.decode()
    assert refused.status_code == 403
    assert Edition.objects.count() == 1


def test_the_review_screen_lists_missing_texts_and_offers_no_publish_button(published):
    region, _mission = published
    region.note_en = "Operations are suspended."
    region.save()

    html = signed_in("Publishers").get(REVIEW).content.decode()

    assert "cannot be published" in html
    assert "ukraine: note (fr)" in html
    assert 'value="Publish this edition"' not in html


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_freshly_seeded_site_has_nothing_to_publish(seeded, language):
    html = signed_in("Publishers").get(f"/{language}/admin/missions/edition/review/")
    html = html.content.decode()

    expected = {"en": "Nothing to publish.", "fr": "Rien à publier."}[language]
    assert expected in html
    assert "<table" not in html.split('id="content-main"')[1]
    assert 'name="summary_en"' not in html


def test_a_corrected_past_figure_is_listed_with_its_old_and_new_values(published):
    region, mission = published
    old = make_snapshot(region, mission, as_of=datetime.date(2019, 5, 1), authorized=20)
    publish_working_copy()
    old.authorized = 24
    old.save()

    html = signed_in("Publishers").get(REVIEW).content.decode()

    assert "The page itself does not change" in html
    assert_shows(html, "<del>20</del> → <ins>24</ins>", "Corrected")
    row = html.split('class="figure-corrected"')[1].split("</tr>")[0]
    assert mission.name_en in row and "May 1, 2019" in row


WARNINGS = {
    "en": ("Warnings", "is below Bilateral engagement's authorized figure (30"),
    "fr": ("Avertissements", "est inférieur à l'effectif autorisé de Bilateral engagement FR (30"),
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_cap_below_a_mission_figure_is_a_warning_to_check_before_publishing(published, language):
    region, _mission = published
    make_snapshot(region, as_of=DAY - datetime.timedelta(days=1), authorized=20)
    publisher = signed_in("Publishers")
    review = f"/{language}/admin/missions/edition/review/"
    heading, message = WARNINGS[language]

    html = unescape(publisher.get(review).content.decode())
    section = html.split('id="warnings"')[1].split("</section>")[0]
    form = publisher.get(review).context["form"]
    post = {
        **{name: form.initial[name] for name in ("reviewed_hash", "base_number")},
        "summary_en": "A cap",
        "summary_fr": "Un plafond",
    }
    unchecked = publisher.post(review, post)
    checked = publisher.post(review, {**post, "warnings_checked": "on"})

    assert heading in section and message in section and "20" in section
    assert unchecked.status_code == 200
    assert unchecked.context["form"].errors["warnings_checked"]
    assert checked.status_code == 302 and Edition.objects.count() == 2
