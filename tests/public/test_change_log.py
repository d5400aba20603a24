"""Changes to this page: every edition, its summary and what changed, as a page and an
Atom feed; and each edition's figures as CSV and JSON."""

import datetime
import html
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from missions.models import DeploymentSnapshot

from ..helpers.editions import make_edition, publish_working_copy, small_document
from ..helpers.pages import assert_shows, cached_pages
from ..helpers.records import DAY, make_mission, make_region

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def get(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200
    return response


def test_the_change_log_lists_every_edition_with_its_summary_and_changes(two_published_editions):
    content = get("/en/current-peace-operations/changes/").content.decode()
    assert content.index("Edition 2</a>") < content.index("Edition 1</a>")
    assert "Second edition" in content and "First edition" in content
    assert "Region added: Mali." in content
    assert "Posting removed: International Criminal Court." in content
    assert "Mission renamed from “Bilateral” to “Bilateral engagement”." in content
    assert (
        "Bilateral engagement: authorized deployments changed from 20 (2020-01-01) "
        "to 25 (2021-01-01)." in content
    )
    assert_shows(
        content,
        "Ukraine: note changed.",
        "Ukraine: summary-table figure changed from Up to 20 (2020-01-01)",
        'href="/en/current-peace-operations/editions/2/"',
        'href="/en/current-peace-operations/changes/feed/"',
    )


def test_the_french_change_log_is_in_french(two_published_editions):
    content = get("/fr/missions-en-cours/modifications/").content.decode()
    assert "Second edition (FR)" in content
    assert "Région ajoutée\u00a0: Mali." in content
    assert 'href="/fr/missions-en-cours/editions/2/"' in content


def test_the_current_page_and_the_edition_pages_link_to_the_change_log(two_published_editions):
    for url in ("/en/current-peace-operations/", "/en/current-peace-operations/editions/1/"):
        assert 'href="/en/current-peace-operations/changes/"' in get(url).content.decode()


def test_the_atom_feed_lists_every_edition_linking_to_it(two_published_editions):
    response = get("/en/current-peace-operations/changes/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Edition 2", "Edition 1"]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == [
        "http://testserver/en/current-peace-operations/editions/2/",
        "http://testserver/en/current-peace-operations/editions/1/",
    ]
    summary = entries[0].find(f"{ATOM}summary").text
    assert "Second edition" in summary and "Region added: Mali." in summary
    french = ET.fromstring(get("/fr/missions-en-cours/modifications/fil/").content)
    assert "Région ajoutée\u00a0: Mali." in french.find(f"{ATOM}entry/{ATOM}summary").text


def test_an_unpublished_change_is_in_no_change_log_or_feed(two_published_editions):
    region = make_region(slug="draft-region", name="Unpublished region")
    make_mission(region, slug="draft-mission")
    for url in (
        "/en/current-peace-operations/changes/",
        "/en/current-peace-operations/changes/feed/",
    ):
        assert "Unpublished region" not in get(url).content.decode()


def test_the_change_log_keeps_to_what_the_items_say_not_their_order_or_the_title():
    first = small_document("Haiti", slug="haiti")
    second = small_document("Haiti", slug="haiti")
    second["title"] = {"en": "Peace operations", "fr": "Opérations de paix"}
    second["regions"].insert(0, small_document("Mali", slug="mali")["regions"][0])
    third = {**second, "regions": list(reversed(second["regions"]))}
    for number, document in enumerate((first, second, third), start=1):
        make_edition(number, DAY + datetime.timedelta(days=number), document=document)

    content = get("/en/current-peace-operations/changes/").content.decode()

    assert "Edition 3</a>" in content and "Region added: Mali." in content
    assert "Title" not in content and "moved" not in content


@pytest.fixture
def corrected(two_published_editions):
    """Edition 3, published today, corrects the figure of 2020-01-01 from 20 to 22 and
    changes nothing on the page."""
    figure = DeploymentSnapshot.objects.get(as_of=datetime.date(2020, 1, 1))
    figure.authorized = 22
    figure.save()
    return publish_working_copy(summary="Corrected figure")


CORRECTION = {
    "en": "Figure corrected: Bilateral engagement, as of January 1, 2020: authorized 20 → 22.",
    "fr": "Chiffre corrigé\u00a0: Engagement bilatéral, en date du 1er janvier 2020\u00a0: "
    "autorisés 20 → 22.",
}
LOG = {"en": "/en/current-peace-operations/changes/", "fr": "/fr/missions-en-cours/modifications/"}
FEED = {"en": f"{LOG['en']}feed/", "fr": f"{LOG['fr']}fil/"}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_corrections_only_edition_lists_each_correction_in_the_change_log_and_feed(
    corrected, language
):
    content = get(LOG[language]).content.decode()
    entry = content.split('editions/3/"')[1].split('editions/2/"')[0]
    assert CORRECTION[language] in entry
    feed = ET.fromstring(get(FEED[language]).content)
    summary = feed.find(f"{ATOM}entry/{ATOM}summary").text
    assert CORRECTION[language] in summary


PAST_THE_END = {
    "en": "This list has no page 3. Its last page is 1.",
    "fr": "Cette liste n'a pas de page 3. Sa dernière page est la page 1.",
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_change_log_page_past_the_last_is_a_404_that_costs_no_query_and_is_not_kept(
    two_published_editions, language, django_assert_num_queries, settings
):
    settings.PAGE_VERSION_SECONDS = 3600  # the pages' version is not read again meanwhile
    client = Client()
    get(LOG[language], client)  # the first page, and the editions' dates
    kept = cached_pages()
    client.get(f"{LOG[language]}?page=2")
    with django_assert_num_queries(0):
        response = client.get(f"{LOG[language]}?page=3")
    assert response.status_code == 404
    assert PAST_THE_END[language] in html.unescape(response.content.decode())
    assert cached_pages() == kept


def test_a_change_log_page_past_the_last_is_a_404_also_when_the_view_answers(
    two_published_editions, no_page_cache
):
    response = Client().get(f"{LOG['en']}?page=3")
    assert response.status_code == 404
    assert PAST_THE_END["en"] in html.unescape(response.content.decode())
    assert get(f"{LOG['en']}?page=1").status_code == 200
