"""Public pages cost the same however much history accumulates: the same few queries at a
small and a larger generated size, and the CSV export streams. Not timed: `make bench`
measures the time."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missions.models import DeploymentSnapshot

from .helpers import generate_load_data

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/current-peace-operations/",
    "/fr/missions-en-cours/",
    # An active mission with a predecessor, and its region.
    "/en/missions/load-mission-0001-3/",
    "/en/regions/load-region-0001/",
]


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Count what a request costs when the page is not in the cache."""
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.CACHES = {alias: dummy for alias in settings.CACHES}


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


def test_the_csv_export_streams_every_snapshot_in_many_chunks(client):
    url = reverse("missions:snapshots_csv")
    generate(regions=30, snapshots=50)
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    assert not response.has_header("Content-Length")
    chunks = list(response.streaming_content)
    # Written as it is read, not built in memory and sent in one piece.
    assert len(chunks) > 1
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode())))
    assert len(rows) == 1 + DeploymentSnapshot.objects.published().count()


def test_the_csv_export_makes_the_same_queries_at_3_and_30_regions(client):
    url = reverse("missions:snapshots_csv")
    generate(regions=3, snapshots=5)
    small = count_queries(client, url)
    generate(regions=30, snapshots=50)
    assert count_queries(client, url) == small


@pytest.mark.parametrize("url,queries", [("/en/missions/m/", 4), ("/en/regions/r/", 3)])
def test_a_history_page_takes_the_same_queries_with_1000_editions(
    thousand_editions, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        response = Client().get(url)
    assert response.status_code == 200
    assert "edition 1000" in response.content.decode()
