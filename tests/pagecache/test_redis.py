"""The page cache on Redis: a real server, one that is down, and one that hangs."""

import socket
import threading

import pytest
from django.core.cache import caches
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from missions.pagecache import store

from ..helpers.editions import make_edition, publish_working_copy, small_document
from ..helpers.environment import redis_caches, redis_url

# A real Redis server, and servers that hang.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

URL = "/en/current-peace-operations/"
FRENCH_URL = "/fr/missions-en-cours/"


def use_redis(settings, location, key_prefix=""):
    settings.CACHES = redis_caches(location, key_prefix)
    store.local.forget()  # this process's copies came from the cache before
    return caches["default"]


@pytest.fixture
def redis_cache(settings):
    cache = use_redis(settings, redis_url())
    cache.clear()
    cache.set("probe", "ok")
    assert cache.get("probe") == "ok", f"No Redis at {redis_url()} (TEST_REDIS_URL)"
    yield cache
    cache.clear()


def redis_keys(cache):
    return sorted(cache._cache.get_client().keys("*"))


def test_with_redis_the_pages_are_cached_there_and_cleared_by_a_new_edition(
    haiti, redis_cache, django_assert_num_queries
):
    client = Client()
    assert "Up to 20" in client.get(URL).content.decode()
    assert redis_cache._cache.get_client().keys("*missions:public-page:*")
    with django_assert_num_queries(0):
        client.get(URL)
    haiti.region_figure.authorized = 27
    haiti.region_figure.save()
    publish_working_copy(summary="Cap 27")
    assert "Up to 27" in client.get(URL).content.decode()


def test_with_redis_a_thousand_requests_with_junk_parameters_add_no_key(haiti, redis_cache):
    client = Client()
    for url in (URL, f"{URL}?as_of=junk"):
        client.get(url)
    keys = redis_keys(redis_cache)
    for n in range(500):
        assert client.get(f"{URL}?utm_source={n}").status_code == 200
        assert client.get(f"{URL}?as_of={n}&as_of=2020-06-01").status_code == 400
    assert redis_keys(redis_cache) == keys


def test_sites_sharing_a_redis_database_never_serve_each_others_pages(haiti, redis_cache, settings):
    use_redis(settings, redis_url(), key_prefix="staging.example.ca").clear()
    Client().get(URL)
    # The pages' version is named by the site's database, whatever the prefix.
    version = store.unprefixed_cache().make_key(store.version_key()).encode()
    staging_keys = set(redis_keys(redis_cache)) - {version}
    assert staging_keys
    assert all(key.startswith(b"staging.example.ca:") for key in staging_keys)
    use_redis(settings, redis_url(), key_prefix="peace.example.ca")
    with CaptureQueriesContext(connections["default"]) as rendered:
        Client().get(URL)
    assert rendered.captured_queries  # its own render, not staging's copy
    production_keys = set(redis_keys(redis_cache)) - staging_keys - {version}
    assert len(production_keys) == len(staging_keys)
    assert all(key.startswith(b"peace.example.ca:") for key in production_keys)


def free_port(ports=range(18100, 18200)):
    """A port of the range these tests use (18100-18199), free on 127.0.0.1."""
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free port in 18100-18199")


@pytest.fixture
def hung_redis():
    """A "Redis" that accepts connections and never answers, like one stopped with SIGSTOP.
    Yields its URL and the list of connections it accepted."""
    server = socket.socket()
    server.bind(("127.0.0.1", free_port()))
    server.listen(16)
    server.settimeout(0.05)
    accepted = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_a_hung_redis_is_tried_once_then_skipped_until_it_is_time_to_retry(
    haiti, settings, hung_redis, monkeypatch, caplog
):
    location, accepted = hung_redis
    use_redis(settings, location)
    client = Client()
    for _request in range(5):
        response = client.get(URL)
        assert response.status_code == 200
        assert "Up to 20" in response.content.decode()
    assert len(accepted) == 1  # one time-out, then the pages were rendered without Redis
    assert "The page cache failed" in caplog.text
    later = store.time.monotonic() + settings.PAGE_CACHE_RETRY_SECONDS
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    assert client.get(URL).status_code == 200
    assert len(accepted) == 2


def test_a_closed_redis_port_costs_one_attempt_then_pages_are_rendered(haiti, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    use_redis(settings, f"redis://127.0.0.1:{closed}/0")
    client = Client()
    for _request in range(3):
        response = client.get(URL)
        assert response.status_code == 200
        assert "Up to 20" in response.content.decode()
    assert store.breaker.closed_at > store.time.monotonic()


def test_while_redis_hangs_a_process_serves_its_copies_of_the_pages_and_keeps_its_renders(
    haiti, settings, hung_redis, redis_cache, django_assert_num_queries
):
    client = Client()
    assert "Up to 20" in client.get(URL).content.decode()
    settings.CACHES = redis_caches(hung_redis[0])  # this process keeps its copies
    settings.PAGE_VERSION_SECONDS = 0  # each request reads the version from the cache
    with django_assert_num_queries(1):  # the newest edition, read with it: no render
        assert "Up to 20" in client.get(URL).content.decode()
    assert len(hung_redis[1]) == 1  # one time-out, then Redis was skipped
    rendered = client.get(FRENCH_URL)
    assert "20 tout au plus" in rendered.content.decode()
    with django_assert_num_queries(1):
        assert client.get(FRENCH_URL).content == rendered.content


def test_while_redis_hangs_an_edition_stored_elsewhere_is_served_within_page_version_seconds(
    haiti, settings, hung_redis, redis_cache, monkeypatch, django_assert_num_queries
):
    client = Client()
    assert "Up to 20" in client.get(URL).content.decode()
    settings.CACHES = redis_caches(hung_redis[0])  # this process keeps its copies
    make_edition(2, timezone.localdate(), small_document("Stored while Redis hangs"))
    later = store.time.monotonic() + settings.PAGE_VERSION_SECONDS
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    assert "Stored while Redis hangs" in client.get(URL).content.decode()
    assert len(hung_redis[1]) == 1  # one time-out, then Redis was skipped
    with django_assert_num_queries(0):  # this process's render, kept
        assert "Stored while Redis hangs" in client.get(URL).content.decode()


def test_an_edition_published_while_redis_hangs_clears_the_pages_once_redis_answers(
    haiti, settings, hung_redis, redis_cache
):
    client = Client()
    assert "Up to 20" in client.get(URL).content.decode()
    use_redis(settings, hung_redis[0])
    haiti.region_figure.authorized = 28
    haiti.region_figure.save()
    # The new version cannot be stored, and publishing is not refused for it.
    publish_working_copy(summary="Cap 28")
    use_redis(settings, redis_url())
    store.breaker.closed_at = 0  # time to retry
    assert "Up to 28" in client.get(URL).content.decode()
