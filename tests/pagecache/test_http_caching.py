"""What the pages tell browsers and caches on the way: ETags, Cache-Control, and
copies compressed once."""

import gzip

import brotli
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from missions.pagecache.store import clear_public_pages

from ..helpers.editions import publish_working_copy
from ..helpers.pages import CURRENT as URL

pytestmark = pytest.mark.django_db


def test_a_repeat_request_with_the_etag_gets_304_until_the_page_changes(haiti):
    region_figure = haiti.region_figure
    client = Client()
    first = client.get(URL)
    etag = first["ETag"]
    cache_control = set(first["Cache-Control"].split(", "))
    assert cache_control == {"public", "max-age=60", "s-maxage=60", "stale-while-revalidate=600"}
    repeat = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304
    assert repeat.content == b""
    region_figure.authorized = 26
    region_figure.save()
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    publish_working_copy(summary="Cap 26")
    changed = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Up to 26" in changed.content.decode()


def test_each_language_has_its_own_etag(haiti):
    client = Client()
    assert client.get(URL)["ETag"] != client.get("/fr/missions-en-cours/")["ETag"]


def test_the_current_pages_etag_is_the_live_editions_hash_for_each_language_and_encoding(
    haiti,
):
    from missions.models import Edition

    live = Edition.objects.live()
    client = Client()
    for _rendered_then_cached in range(2):
        assert client.get(URL)["ETag"] == f'"{live.content_hash}-1-en"'
        fr = client.get("/fr/missions-en-cours/", HTTP_ACCEPT_ENCODING="gzip")
        assert fr["ETag"] == f'"{live.content_hash}-1-fr-gzip"'
        br = client.get(URL, HTTP_ACCEPT_ENCODING="br")
        assert br["ETag"] == f'"{live.content_hash}-1-en-br"'


@pytest.mark.parametrize("path", [f"{URL}editions/1/", "/fr/missions-en-cours/editions/1/"])
@pytest.mark.parametrize("encoding", ["", "gzip", "br"])
def test_an_edition_is_kept_briefly_by_browsers_and_long_by_shared_caches_with_its_tag(
    haiti, path, encoding, django_assert_num_queries
):
    rendered = Client().get(path, HTTP_ACCEPT_ENCODING=encoding)
    with django_assert_num_queries(0):
        cached = Client().get(path, HTTP_ACCEPT_ENCODING=encoding)
    for response in (rendered, cached):
        assert response.status_code == 200
        cache_control = set(response["Cache-Control"].split(", "))
        assert cache_control == {"public", "max-age=60", "s-maxage=31536000"}
        assert response["Surrogate-Key"] == "peaceops edition-1"


def test_signed_in_staff_get_an_edition_that_no_one_keeps(haiti, admin_client):
    cache_control = set(admin_client.get(f"{URL}editions/1/")["Cache-Control"].split(", "))
    assert {"private", "no-store"} <= cache_control
    assert not cache_control & {"public", "immutable", "max-age=31536000"}


def test_the_corrections_of_an_edition_are_cached_briefly_not_for_good(haiti):
    response = Client().get(f"{URL}editions/1/corrections/")
    assert response.status_code == 200
    cache_control = set(response["Cache-Control"].split(", "))
    assert cache_control == {"public", "max-age=60", "s-maxage=60", "stale-while-revalidate=600"}


def test_a_browser_that_accepts_gzip_gets_the_same_page_compressed_once(haiti):
    client = Client()
    plain = client.get(URL)
    first = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert len(queries) == 0  # served from the cache, already compressed
    assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == plain.content
    assert "Content-Encoding" not in plain
    for response in (plain, again):
        assert "Accept-Encoding" in response["Vary"]
    assert plain["ETag"] != again["ETag"]
    not_modified = client.get(URL, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=again["ETag"])
    assert not_modified.status_code == 304


def test_a_browser_that_accepts_brotli_gets_the_page_in_brotli(haiti):
    client = Client()
    plain = client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        compressed = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert len(queries) == 0
    assert compressed["Content-Encoding"] == "br"
    assert brotli.decompress(compressed.content) == plain.content
    assert compressed["Content-Length"] == str(len(compressed.content))
    assert "Accept-Encoding" in compressed["Vary"]


def test_a_conditional_request_that_misses_the_cache_gets_a_304_and_fills_it(haiti):
    """So a CDN revalidating after a publish does not have each of its requests rendered."""
    etag = Client().get(URL)["ETag"]
    clear_public_pages()
    assert Client().get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(URL).status_code == 200
    assert len(queries) == 0
