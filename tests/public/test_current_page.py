"""The current page: a summary row and a section for each region, published records only,
and the site's own 404 page."""

import datetime

import pytest
from django.urls import reverse

from missions.models import Status

from ..helpers.editions import make_edition, publish_working_copy, small_document
from ..helpers.pages import assert_shows
from ..helpers.records import DAY, make_mission, make_posting, make_region, make_snapshot

pytestmark = pytest.mark.django_db

URL = "/en/current-peace-operations/"


def build_page(regions=2, missions_per_region=2):
    for r in range(regions):
        region = make_region(slug=f"region-{r}", name=f"Region {r}", position=r)
        make_snapshot(region, as_of=DAY, authorized=10 + r)
        for m in range(missions_per_region):
            mission = make_mission(
                region, slug=f"mission-{r}-{m}", name=f"Mission {r}.{m}", started=DAY
            )
            make_snapshot(region, mission, as_of=DAY, authorized=5, deployed=2)
    make_posting(slug="icc", title="International Criminal Court")
    make_posting(slug="saat", title="SAAT project", kind="other")
    publish_working_copy()


def test_the_english_page_lives_at_its_named_url():
    assert reverse("missions:current") == URL


def test_the_page_shows_a_summary_row_and_a_section_for_each_region(client):
    build_page()
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert_shows(
        html,
        '<th scope="row" id="summary-region-0">Region 0</th>',
        "Up to 11",
        '<h2 id="region-1">Region 1</h2>',
        'href="/en/missions/mission-1-1/">Mission 1.1</a></h3>',
        '<h2 id="specialized-postings">Specialized police postings</h2>',
        '<h2 id="other-opportunities">Other international opportunities</h2>',
        "Date modified:",
    )


def test_the_page_shows_only_published_records(client):
    region = make_region(slug="public", name="Public region")
    make_mission(region, slug="public-mission", name="Public mission", started=DAY)
    make_mission(region, slug="draft-mission", name="Draft mission", started=DAY, published=False)
    hidden = make_region(slug="draft", name="Draft region", published=False)
    make_mission(hidden, slug="hidden-mission", name="Hidden mission", started=DAY)
    make_posting(slug="draft-posting", title="Draft posting", published=False)
    publish_working_copy()
    html = client.get(URL).content.decode()
    assert "Public mission" in html
    for hidden_text in ("Draft mission", "Draft region", "Hidden mission", "Draft posting"):
        assert hidden_text not in html


def test_ended_missions_and_regions_with_nothing_active_leave_the_page(client):
    region = make_region(slug="haiti", name="Haiti")
    make_mission(
        region,
        slug="minustah",
        name="MINUSTAH mission",
        started=datetime.date(2004, 1, 1),
        ended=datetime.date(2017, 10, 15),
        status=Status.ENDED,
    )
    make_mission(make_region(slug="iraq", name="Iraq", position=2), slug="mlt", name="MLT")
    publish_working_copy()
    html = client.get(URL).content.decode()
    assert "Haiti" not in html
    assert "MINUSTAH mission" not in html


def test_an_unknown_address_gives_the_site_404_page(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()


def test_an_unknown_mission_gives_a_404(client):
    assert client.get("/en/missions/no-such-mission/").status_code == 404


def test_a_future_as_of_date_is_a_clear_400(client):
    response = client.get(URL, {"as_of": "2999-01-01"})
    assert response.status_code == 400
    assert "is in the future" in response.content.decode()


def test_the_root_offers_both_languages(client):
    html = client.get("/").content.decode()
    assert 'href="/en/current-peace-operations/"' in html
    assert 'href="/fr/missions-en-cours/"' in html


def test_the_live_editions_introduction_header_and_mission_headings_are_on_the_page(client):
    document = small_document("Haiti", slug="haiti")
    document["header"] = [{"en": "Mission duration: 2004 to present", "fr": "Durée : depuis 2004"}]
    document["intro"] = {"en": "Canadian police serve abroad.", "fr": "Des policiers servent."}
    document["mission_heading"] = "name_acronym"
    document["regions"][0]["missions"][0]["acronym"] = {"en": "MINUSTAH", "fr": "MINUSTAH"}
    make_edition(1, DAY, document)
    assert_shows(
        client.get(URL).content.decode(),
        '<p class="page-header">Mission duration: 2004 to present</p>',
        '<div class="intro"><p>Canadian police serve abroad.</p></div>',
        ">Mission in Haiti (MINUSTAH)</a></h3>",
    )
    assert_shows(
        client.get("/fr/missions-en-cours/").content.decode(),
        '<p class="page-header">Durée : depuis 2004</p>',
        '<div class="intro"><p>Des policiers servent.</p></div>',
        ">Mission (haiti) (MINUSTAH)</a></h3>",
    )
