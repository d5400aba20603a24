"""Public pages cost the same however much history accumulates: the same few queries at a
small and a larger size (of regions, figures or editions), counted as rendered, not as
served from the page cache. Not timed: `make bench` measures the time."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from missions.core.choices import PersonnelType
from missions.models import Edition, Mission, PublishedUNFigure

from ..helpers.editions import make_edition, publish_working_copy, small_document
from ..helpers.records import (
    DAY,
    add_snapshots,
    generate_load_data,
    make_mission,
    make_region,
    make_snapshot,
)

# Hundreds of regions, thousands of figures, a thousand editions.
pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

URL = "/en/current-peace-operations/"

PAGES = [
    "/en/current-peace-operations/",
    "/fr/missions-en-cours/",
    # An active mission with a predecessor, and its region.
    "/en/missions/load-mission-0001-3/",
    "/en/regions/load-region-0001/",
]


def generate(regions, snapshots):
    """Generated records: five missions a region."""
    generate_load_data(regions, 5, snapshots)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_a_public_page_makes_the_same_few_queries_at_3_and_30_regions(client, url):
    generate(regions=3, snapshots=5)
    small = count_queries(client, url)
    generate(regions=30, snapshots=50)
    assert count_queries(client, url) == small
    assert small <= 10


# The live edition, the published figures, the appearances and the editions' sequence; and
# on a mission's page, the UN's published figures of it.
@pytest.mark.parametrize("url,queries", [("/en/missions/m/", 5), ("/en/regions/r/", 4)])
def test_a_history_page_takes_the_same_queries_with_1000_editions(
    thousand_editions, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        response = Client().get(url)
    assert response.status_code == 200
    assert "edition 1000" in response.content.decode()


def add_regions(start, stop):
    """Regions `start` to `stop` - 1, each with three missions and their figures."""
    for i in range(start, stop):
        region = make_region(slug=f"region-{i}", name=f"Region {i}", position=i)
        for m in range(3):
            mission = make_mission(region, slug=f"mission-{i}-{m}", name=f"Mission {i}.{m}")
            make_snapshot(region, mission, as_of=DAY, authorized=3)


def test_the_page_query_count_does_not_grow_with_hundreds_of_regions_and_missions(
    django_assert_num_queries,
):
    for start, stop in ((0, 2), (2, 202)):
        add_regions(start, stop)
        publish_working_copy(summary=f"{stop} regions")
        with django_assert_num_queries(2):
            response = Client().get(URL)
        assert response.content.decode().count('<th scope="row"') == stop


def test_the_current_and_a_past_page_take_the_same_queries_with_a_thousand_editions(
    django_assert_num_queries,
):
    make_edition(1, DAY)
    Edition.objects.bulk_create(
        Edition(
            number=number,
            took_effect=DAY + datetime.timedelta(days=number),
            summary_en="x",
            summary_fr="x",
            document=small_document(f"Region {number}", authorized=number, as_of=DAY.isoformat()),
            content_hash=str(number),
        )
        for number in range(2, 1001)
    )
    # The live edition, and the newest significant one for "Date modified".
    with django_assert_num_queries(2):
        assert "Region 1000" in Client().get(URL).content.decode()
    # The edition, "Date modified", and the corrections published since (none here).
    with django_assert_num_queries(3):
        assert "Region 500" in Client().get(URL + "editions/500/").content.decode()
    day = (DAY + datetime.timedelta(days=600)).isoformat()
    with django_assert_num_queries(1):
        response = Client().get(URL, {"as_of": day})
    assert response["Location"] == f"{URL}editions/600/?as_of={day}"


def test_the_history_page_query_count_does_not_grow_with_10000_figures(
    django_assert_num_queries,
):
    region = make_region()
    small = make_mission(region, slug="small", started=datetime.date(1990, 1, 1))
    big = make_mission(region, slug="big", started=datetime.date(1990, 1, 1), predecessor=small)
    add_snapshots(small, 10)
    add_snapshots(big, 10_000)
    edition = publish_working_copy()
    # Twenty years of the UN's monthly figures of the big one.
    PublishedUNFigure.objects.bulk_create(
        PublishedUNFigure(
            contribution_id=month,
            month=datetime.date(2000 + month // 12, month % 12 + 1, 28),
            acronym="BIG",
            mission="big",
            personnel_type=PersonnelType.INDIVIDUAL_POLICE,
            total=month % 30,
            source="The UN's monthly report",
            edition=edition,
        )
        for month in range(240)
    )
    # A mission's page reads the UN's published figures of it too: one query more.
    with django_assert_num_queries(5):
        small_page = Client().get("/en/missions/small/")
    with django_assert_num_queries(5):
        big_page = Client().get("/en/missions/big/")
    # Every figure of the region and its missions, on one page.
    with django_assert_num_queries(4):
        region_page = Client().get("/en/regions/ukraine/")
    assert small_page.status_code == big_page.status_code == region_page.status_code == 200
    assert big_page.content.decode().count('<a href="#un-source-1">') == 240


@pytest.mark.parametrize(
    "url",
    [
        "/en/missions/",
        "/fr/missions/",
        "/en/missions/?status=active&kind=un&active_on=2017-10-16",
        "/en/regions/",
        "/fr/regions/?active_on=2017-10-16",
    ],
)
def test_the_indexes_make_the_same_queries_at_seed_size_and_generated_size(
    seeded, url, django_assert_num_queries
):
    client = Client()
    seed_size = count_queries(client, url)
    generate_load_data(12, 5, 3)
    assert Mission.objects.count() > 60
    with django_assert_num_queries(seed_size):
        assert client.get(url).status_code == 200
    assert seed_size <= 5


def test_the_change_log_and_the_feed_take_the_same_queries_with_1000_editions(
    thousand_editions, django_assert_num_queries
):
    client = Client()
    # Four, and the figure changes of the page's editions: corrections, and additions counted.
    with django_assert_num_queries(7):
        content = client.get(f"{URL}changes/").content.decode()
    assert "Page 1 of 20" in content
    assert content.count('<h2 id="edition-') == 50
    with django_assert_num_queries(7):
        content = client.get(f"{URL}changes/?page=20").content.decode()
    assert "Edition 1</a>" in content
    with django_assert_num_queries(3):
        feed = client.get(f"{URL}changes/feed/").content.decode()
    assert feed.count("<entry>") == 1000
