"""The public pages are cached for anonymous visitors and cleared by any change."""

import datetime
import gzip
import os
import socket

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from missions.caching import clear_public_pages, page_key

from .helpers import (
    DAY,
    admin_form_data,
    make_mission,
    make_posting,
    make_region,
    make_snapshot,
    make_user,
)

pytestmark = pytest.mark.django_db

URL = "/en/current-peace-operations/"
# A database of its own on the development and CI machines' Redis.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


@pytest.fixture
def sample():
    region = make_region(slug="haiti", name="Haiti")
    mission = make_mission(region, slug="binuh", name="BINUH", started=DAY)
    snapshot = make_snapshot(region, mission, authorized=10, deployed=5)
    region_figure = make_snapshot(region, authorized=20)
    make_posting(slug="icc", title="International Criminal Court")
    return region, mission, snapshot, region_figure


CACHED_PAGES = [
    URL,
    "/fr/missions-en-cours/",
    f"{URL}?as_of=2020-06-01",
    "/en/missions/binuh/",
    "/fr/missions/binuh/",
    "/en/regions/haiti/",
]


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_a_repeat_visit_is_served_from_the_cache_without_a_query(
    url, sample, django_assert_num_queries
):
    first = Client().get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = Client().get(url)
    assert again.content == first.content


def test_each_language_and_each_date_is_cached_apart(sample):
    client = Client()
    english = client.get(URL).content.decode()
    french = client.get("/fr/missions-en-cours/").content.decode()
    assert "Haiti FR" in french
    assert "Haiti FR" not in english
    assert client.get(URL).content.decode() == english
    make_snapshot(sample[0], as_of=DAY + datetime.timedelta(days=1), authorized=30)
    assert "Up to 30" in client.get(URL).content.decode()
    assert "Up to 20" in client.get(f"{URL}?as_of={DAY.isoformat()}").content.decode()


def test_an_edited_figure_shows_on_the_next_request(sample):
    _region, _mission, _snapshot, region_figure = sample
    client = Client()
    assert "Up to 20" in client.get(URL).content.decode()
    region_figure.authorized = 25
    region_figure.save()
    assert "Up to 25" in client.get(URL).content.decode()


def test_a_figure_edited_in_the_admin_shows_at_once_to_the_public(sample, admin_client):
    region, _mission, _snapshot, region_figure = sample
    public = Client()
    assert "Up to 20" in public.get(URL).content.decode()
    url = reverse("admin:missions_deploymentsnapshot_change", args=[region_figure.pk])
    data = admin_form_data(admin_client.get(url), authorized="35", source="Corrected")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert "Up to 35" in public.get(URL).content.decode()


def test_a_rename_an_unpublished_region_a_deletion_and_an_addition_all_show_at_once(sample):
    region, mission, _snapshot, _region_figure = sample
    client = Client()
    for url in CACHED_PAGES:
        client.get(url)
    mission.name_en = "Renamed mission"
    mission.save()
    assert "Renamed mission" in client.get(URL).content.decode()
    assert "Renamed mission" in client.get("/en/missions/binuh/").content.decode()
    make_posting(slug="unitar", title="UNITAR")
    assert "UNITAR" in client.get(URL).content.decode()
    mission.snapshots.all().delete()
    mission.delete()
    assert client.get("/en/missions/binuh/").status_code == 404
    assert "Renamed mission" not in client.get(URL).content.decode()
    region.published = False
    region.save()
    assert client.get("/en/regions/haiti/").status_code == 404
    assert "Haiti" not in client.get(URL).content.decode()


def test_the_pages_are_cleared_again_once_a_change_is_committed(
    sample, django_capture_on_commit_callbacks
):
    _region, _mission, _snapshot, region_figure = sample
    with django_capture_on_commit_callbacks() as callbacks:
        region_figure.save()
    assert clear_public_pages in callbacks


def test_a_page_cached_yesterday_is_not_served_today(sample, monkeypatch):
    client = Client()
    client.get(URL)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    assert len(queries) > 0


def test_signed_in_staff_never_get_or_fill_the_cache(sample, admin_client):
    public = Client()
    public.get(URL)
    staff = admin_client.get(URL)
    assert "no-store" in staff["Cache-Control"]
    assert "private" in staff["Cache-Control"]
    region = sample[0]
    region.__class__.objects.filter(pk=region.pk).update(name_en="Changed quietly")
    assert "Changed quietly" in admin_client.get(URL).content.decode()
    assert "Changed quietly" not in public.get(URL).content.decode()


def test_a_preview_is_never_cached(sample):
    client = Client()
    assert client.get(f"{URL}?preview=1").status_code == 302  # anonymous: sign in first
    client.force_login(make_user("editor", group="Editors"))
    client.get(f"{URL}?preview=1")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?preview=1")
    assert response.status_code == 200
    assert any("missions_region" in query["sql"] for query in queries.captured_queries)
    assert "no-store" in response["Cache-Control"]


def test_unknown_query_parameters_are_rendered_not_cached(sample, django_assert_num_queries):
    client = Client()
    client.get(f"{URL}?utm_source=newsletter")
    with django_assert_num_queries(4):
        client.get(f"{URL}?utm_source=newsletter")


def cached(url):
    with translation.override(url.split("/")[1]):
        return cache.get(page_key(RequestFactory().get(url)))


def test_a_bad_request_is_not_cached_but_a_good_one_is(sample):
    client = Client()
    assert client.get(f"{URL}?as_of=never").status_code == 400
    assert client.get(f"{URL}?as_of=2020-06-01").status_code == 200
    assert cached(f"{URL}?as_of=never") is None
    assert cached(f"{URL}?as_of=2020-06-01") is not None


def test_a_repeat_request_with_the_etag_gets_304_until_the_page_changes(sample):
    region_figure = sample[3]
    client = Client()
    first = client.get(URL)
    etag = first["ETag"]
    assert "public" in first["Cache-Control"]
    assert "no-cache" in first["Cache-Control"]
    repeat = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304
    assert repeat.content == b""
    region_figure.authorized = 26
    region_figure.save()
    changed = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Up to 26" in changed.content.decode()


def test_each_language_has_its_own_etag(sample):
    client = Client()
    assert client.get(URL)["ETag"] != client.get("/fr/missions-en-cours/")["ETag"]


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    caches["default"].clear()
    caches["default"].set("probe", "ok")
    assert caches["default"].get("probe") == "ok", f"No Redis at {REDIS_URL} (TEST_REDIS_URL)"
    yield caches["default"]
    caches["default"].clear()


def test_with_redis_the_pages_are_cached_there_and_cleared_by_an_edit(
    sample, redis_cache, django_assert_num_queries
):
    region_figure = sample[3]
    client = Client()
    assert "Up to 20" in client.get(URL).content.decode()
    assert redis_cache.keys("missions:page:*")
    with django_assert_num_queries(0):
        client.get(URL)
    region_figure.authorized = 27
    region_figure.save()
    assert "Up to 27" in client.get(URL).content.decode()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_when_redis_is_down_the_pages_are_still_served(sample, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/8",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    client = Client()
    for _request in range(2):
        response = client.get(URL)
        assert response.status_code == 200
        assert "Up to 20" in response.content.decode()


def test_a_browser_that_accepts_gzip_gets_the_same_page_compressed_once(sample):
    client = Client()
    plain = client.get(URL)
    first = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert len(queries) == 0  # served from the cache, already compressed
    assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == plain.content
    assert "Content-Encoding" not in plain
    for response in (plain, again):
        assert "Accept-Encoding" in response["Vary"]
    assert plain["ETag"] != again["ETag"]
    not_modified = client.get(URL, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=again["ETag"])
    assert not_modified.status_code == 304
