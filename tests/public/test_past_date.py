"""The page on a past date is the edition in force on that date, exactly as published."""

import datetime
import html

import pytest
from django.test import Client
from django.utils import translation

from missions.core.dates import long_date
from missions.public.past import no_edition_message

from ..helpers.editions import make_edition, publish_working_copy, small_document
from ..helpers.records import DAY, make_mission, make_region, make_snapshot

pytestmark = pytest.mark.django_db

URL = "/en/current-peace-operations/"
FIRST, SECOND = datetime.date(2017, 10, 16), datetime.date(2024, 4, 1)


@pytest.fixture
def two_editions():
    first = make_edition(1, FIRST, small_document("Haiti", slug="haiti"))
    second = make_edition(2, SECOND, small_document("Caribbean region", slug="caribbean"))
    return first, second


def as_of(day, client=None):
    return (client or Client()).get(URL, {"as_of": day.isoformat()})


def test_a_date_between_two_editions_points_to_the_older_one(two_editions):
    response = as_of(datetime.date(2018, 1, 1))
    assert response.status_code == 302
    assert response["Location"] == URL + "editions/1/?as_of=2018-01-01"
    html = Client().get(response["Location"]).content.decode()
    assert "Haiti" in html
    assert "Caribbean region" not in html


def test_the_day_an_edition_took_effect_shows_it(two_editions):
    day_before = SECOND - datetime.timedelta(days=1)
    assert as_of(SECOND)["Location"] == f"{URL}editions/2/?as_of={SECOND}"
    assert as_of(day_before)["Location"] == f"{URL}editions/1/?as_of={day_before}"


def test_a_date_after_the_last_edition_points_to_the_live_one(two_editions):
    assert as_of(datetime.date(2025, 6, 1))["Location"] == URL + "editions/2/?as_of=2025-06-01"


def test_a_date_before_the_first_edition_says_none_is_recorded(two_editions):
    response = as_of(datetime.date(2016, 1, 1))
    assert response.status_code == 404
    html = response.content.decode()
    assert "No edition of this page is recorded on January 1, 2016." in html
    assert "The earliest is of October 16, 2017." in html


def test_an_edition_page_says_when_it_took_effect_and_links_to_the_current_page(two_editions):
    html = Client().get(URL + "editions/1/").content.decode()
    assert "You are viewing edition 1 of this page, which took effect on October 16, 2017." in html
    assert f'<a href="{URL}">See the current page</a>' in html
    assert (
        '<link rel="canonical" href="http://testserver/en/current-peace-operations/editions/1/">'
        in html
    )


def test_an_edition_page_does_not_change_when_a_newer_edition_is_published():
    make_edition(1, FIRST, small_document("Haiti", slug="haiti"))
    before = Client().get(URL + "editions/1/").content
    make_edition(2, SECOND, small_document("Caribbean region", slug="caribbean"))
    assert Client().get(URL + "editions/1/").content == before


def test_an_unknown_edition_is_a_404(two_editions):
    assert Client().get(URL + "editions/3/").status_code == 404


def test_the_current_page_is_canonical_at_its_own_address(two_editions):
    html = Client().get(URL).content.decode()
    assert '<link rel="canonical" href="http://testserver/en/current-peace-operations/">' in html
    assert "You are viewing edition" not in html


def corrected_first_edition():
    """Edition 1 showed 30 authorized; a correction to 35 is saved, not yet published."""
    region = make_region()
    mission = make_mission(region)
    snapshot = make_snapshot(region, mission, as_of=DAY, authorized=30)
    first = publish_working_copy(summary="First")
    # Backdate the first edition so that the second takes over from it.
    type(first).objects.filter(pk=first.pk).update(took_effect=DAY)
    snapshot.authorized = 35
    snapshot.save()


def test_a_correction_shows_on_the_past_editions_page_next_to_the_figure_once_published():
    corrected_first_edition()
    page_before = Client().get(URL + "editions/1/").content.decode()
    unpublished = Client().get(URL + "editions/1/corrections/").content.decode()
    publish_working_copy(summary="Corrected")
    page_after = Client().get(URL + "editions/1/").content.decode()
    corrected = Client().get(URL + "editions/1/corrections/").content.decode()

    assert "figure-correction" not in page_before
    assert "No figure of this edition has been corrected since it was published." in unpublished
    with translation.override("en"):
        today, as_of = long_date(datetime.date.today()), long_date(DAY)
    note = page_after.split('class="figure-correction"')[1].split("</span>")[0]
    assert f"this edition published 30; known now: 35 (corrected on {today})." in note
    assert (
        f"authorized deployments as of {as_of}: 30 in this edition, corrected on {today}: "
        "now 35." in corrected
    )
    assert "35" in Client().get(URL).content.decode()
    live = Client().get(URL + "editions/2/corrections/").content.decode()
    assert "No figure of this edition has been corrected since it was published." in live
    assert "figure-correction" not in Client().get(URL + "editions/2/").content.decode()


def test_the_french_past_edition_says_its_figure_was_corrected():
    corrected_first_edition()
    publish_working_copy(summary="Corrected")

    html = Client().get("/fr/missions-en-cours/editions/1/").content.decode()

    with translation.override("fr"):
        today = long_date(datetime.date.today())
    note = html.split('class="figure-correction"')[1].split("</span>")[0]
    assert (
        f"cette édition publiait 30\u00a0; connu aujourd'hui\u00a0: 35 (corrigé le {today})."
        in note
    )


def test_the_corrections_of_an_unknown_edition_are_a_404(two_editions):
    assert Client().get(URL + "editions/3/corrections/").status_code == 404


def test_a_figure_more_than_a_year_older_than_the_page_carries_its_date():
    document = small_document("Haiti", authorized=20, as_of="2016-01-15")
    make_edition(1, datetime.date(2017, 10, 16), document)
    fresh = small_document("Haiti", authorized=25, as_of="2017-09-01")
    make_edition(2, datetime.date(2017, 10, 17), fresh)

    old = Client().get(URL + "editions/1/").content.decode()
    new = Client().get(URL + "editions/2/").content.decode()

    assert '20 <span class="figure-date">(as of January 15, 2016)</span>' in old
    assert "25" in new and "figure-date" not in new


def test_french_dates_write_the_first_of_the_month_as_1er():
    make_edition(1, datetime.date(2022, 6, 1))
    html = Client().get("/fr/missions-en-cours/editions/1/").content.decode()
    assert "le 1er juin 2022" in html


def test_date_modified_is_the_newest_significant_edition():
    make_edition(1, datetime.date(2020, 3, 2))
    make_edition(2, datetime.date(2021, 5, 6), small_document("Typo fixed"), significant=False)

    current = Client().get(URL).content.decode()
    first = Client().get(URL + "editions/1/").content.decode()

    assert '<time datetime="2020-03-02">2020-03-02</time>' in current
    assert '<time datetime="2020-03-02">2020-03-02</time>' in first


@pytest.mark.parametrize(
    "url, language",
    [(URL, "en"), ("/fr/missions-en-cours/", "fr")],
)
def test_a_date_before_the_first_edition_is_a_404_that_costs_no_query(
    two_editions, django_assert_num_queries, settings, url, language
):
    settings.PAGE_VERSION_SECONDS = 3600  # the pages' version is not read again meanwhile
    client = Client()
    client.get(url, {"as_of": "1990-01-01"})  # the editions' dates, read once per process
    with django_assert_num_queries(0):
        response = client.get(url, {"as_of": "1991-05-05"})
    assert response.status_code == 404
    with translation.override(language):
        message = no_edition_message(datetime.date(1991, 5, 5), [(FIRST, 1)])
    assert message in html.unescape(response.content.decode())
    assert response["Content-Language"] == language
