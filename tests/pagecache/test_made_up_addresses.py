"""Nothing a visitor types fills the page cache: change-log pages past the last and index
dates, however many are made up, add no more entries than there are pages and editions."""

import datetime
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client

from ..helpers.environment import redis_url
from ..helpers.gunicorn import Gunicorn, fetch, seeded_site

CHANGES = {
    "en": "/en/current-peace-operations/changes/",
    "fr": "/fr/missions-en-cours/modifications/",
}
INDEX = {"en": "/en/missions/", "fr": "/fr/missions/"}


def made_up_addresses(count, first_day, days_apart):
    """`count` change-log pages and as many index dates, `days_apart` from `first_day`,
    half of them in French."""
    for n in range(1, count + 1):
        language = "fr" if n % 2 else "en"
        day = first_day + datetime.timedelta(days=n * days_apart)
        yield f"{CHANGES[language]}?page={n}"
        yield f"{INDEX[language]}?active_on={day.isoformat()}"


@pytest.mark.django_db
def test_600_made_up_page_and_date_addresses_add_at_most_20_cache_entries(two_published_editions):
    client = Client()
    before = len(cache._cache)
    statuses = set()
    # Dates before, between and after the two editions (2020-02-01 and 2021-02-01).
    for url in made_up_addresses(300, datetime.date(2019, 6, 1), 3):
        # As a browser does: a date is redirected to its edition's, which is then shown.
        response = client.get(url, follow=True)
        statuses.add((response.redirect_chain != [], response.status_code))
    # Each language's first change-log page and the index on each edition's date, in
    # three encodings each.
    assert len(cache._cache) - before <= 20
    assert statuses == {(False, 200), (False, 404), (True, 200)}


# The production-like run: gunicorn with 2 workers on production settings, the page cache in
# the tests' Redis database.


def get(port, path):
    """(status, Location) of a visitor's GET."""
    response, _body = fetch(port, path)
    return response.status, response.getheader("Location")


@pytest.fixture
def gunicorn(tmp_path):
    """The seed content (editions of 2017-10-16 and 2024-04-01) in a SQLite file, served by
    gunicorn with two workers, with no page in its Redis database yet."""
    env = seeded_site(tmp_path)
    shared = redis.Redis.from_url(redis_url())
    shared.flushdb()
    with Gunicorn(env, tmp_path, workers=2) as server:
        yield server.port, shared
    shared.flushdb()


@pytest.mark.slow
def test_under_gunicorn_600_made_up_addresses_add_at_most_20_redis_keys(gunicorn):
    port, shared = gunicorn
    for language in ("en", "fr"):
        assert get(port, CHANGES[language])[0] == 200
        assert get(port, INDEX[language])[0] == 200
    before = shared.dbsize()
    statuses = set()
    started = time.monotonic()
    # Dates before, between and after the two editions, up to 2025-02-04.
    for url in made_up_addresses(300, datetime.date(2017, 1, 1), 10):
        status, location = get(port, url)
        if status == 302:
            status = get(port, location)[0]
        statuses.add(status)
    seconds = time.monotonic() - started
    added = shared.dbsize() - before
    print(f"600 made-up addresses: {before} keys before, +{added} after, in {seconds:.1f} s")
    assert added <= 20
    assert statuses == {200, 404}
