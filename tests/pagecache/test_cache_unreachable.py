"""Redis down from the start (CACHE_URL at a closed port): each process keeps its own
copies of the pages, as it does when Redis hangs, and still sees a new edition."""

import http.client
import threading
import time

import pytest
from django.utils import timezone

from missions.pagecache import store

from ..helpers.editions import make_edition, small_document
from ..helpers.environment import free_port, redis_caches, redis_url
from ..helpers.gunicorn import CURRENT, HOST, Gunicorn, seeded_site

FRENCH = "/fr/missions-en-cours/"


def closed_port_url():
    return f"redis://127.0.0.1:{free_port()}/0"


@pytest.fixture
def cache_down(settings):
    """A Redis cache that refuses every connection, from the start."""
    settings.CACHES = redis_caches(closed_port_url())
    store.local.forget()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [CURRENT, FRENCH])
def test_with_the_cache_down_from_the_start_a_second_visit_costs_no_render_nor_query(
    url, haiti, cache_down, client, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200
    assert store.breaker.closed_at > store.time.monotonic()  # tried, then skipped
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content


@pytest.mark.django_db
def test_with_the_cache_down_from_the_start_a_new_edition_is_still_seen_then_kept(
    haiti, cache_down, client, monkeypatch, settings, django_assert_num_queries
):
    assert "Up to 20" in client.get(CURRENT).content.decode()
    make_edition(2, timezone.localdate(), small_document("Stored while the cache is down"))
    later = store.time.monotonic() + settings.PAGE_VERSION_SECONDS
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    assert "Stored while the cache is down" in client.get(CURRENT).content.decode()
    with django_assert_num_queries(0):
        assert "Stored while the cache is down" in client.get(CURRENT).content.decode()


# The load of the production-like check: keep-alive connections, each asking for the page
# again as soon as it has the last one, as wrk does; in turns on the two sites, so that the
# machine's other work weighs on both alike.
CONNECTIONS = 8
WARM_UP_SECONDS = 2
TURNS = 3
TURN_SECONDS = 2


def requests_per_second(port, seconds):
    """The current page's requests a second, over `seconds`, from CONNECTIONS clients;
    each answer must be the page."""
    counts, failures = [], []
    deadline = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        count = 0
        while time.monotonic() < deadline:
            connection.request("GET", CURRENT, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)
            count += 1
        connection.close()
        counts.append(count)

    threads = [threading.Thread(target=client) for _connection in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    return sum(counts) / seconds


def cached_page_rates(sites, logs):
    """The cached current page's requests a second on each site (its environment), each
    on gunicorn with 2 workers."""
    servers = [Gunicorn(env, logs, workers=2) for env in sites]
    try:
        for server in servers:
            server.wait_until_up()
            requests_per_second(server.port, WARM_UP_SECONDS)  # each worker renders it once
        rates = [[] for _server in servers]
        for _turn in range(TURNS):
            for server, rate in zip(servers, rates, strict=True):
                rate.append(requests_per_second(server.port, TURN_SECONDS))
        return [sum(rate) / TURNS for rate in rates]
    finally:
        for server in servers:
            server.stop()


@pytest.mark.slow
def test_with_redis_down_from_the_start_the_page_keeps_half_its_speed_with_redis(tmp_path):
    site = seeded_site(tmp_path)
    with_redis, redis_down = cached_page_rates(
        [{**site, "CACHE_URL": redis_url()}, {**site, "CACHE_URL": closed_port_url()}], tmp_path
    )
    assert redis_down >= 0.5 * with_redis, f"{redis_down:.0f} against {with_redis:.0f} req/s"
