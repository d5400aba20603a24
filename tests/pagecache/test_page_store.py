"""The public pages are cached for anonymous visitors and cleared when an edition is stored."""

import datetime

import pytest
from csp.middleware import CSPMiddleware
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from whitenoise.middleware import WhiteNoiseMiddleware

from missions.models.editions import Edition
from missions.pagecache import middleware, store
from missions.pagecache.addresses import PublicAddressMiddleware
from missions.pagecache.store import clear_public_pages
from peaceops.middleware import PermissionsPolicyMiddleware

from ..helpers.editions import make_edition, publish_working_copy, small_document
from ..helpers.pages import CURRENT as URL
from ..helpers.pages import cached_pages
from ..helpers.records import DAY, make_mission, make_region, make_snapshot
from ..helpers.staff import admin_form_data, signed_in

pytestmark = pytest.mark.django_db


FRENCH_URL = "/fr/missions-en-cours/"
CACHED_PAGES = [
    URL,
    FRENCH_URL,
    f"{URL}editions/1/",
    "/en/missions/binuh/",
    "/fr/missions/binuh/",
    "/en/regions/haiti/",
]


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_a_repeat_visit_is_served_from_the_cache_without_a_query(
    url, haiti, django_assert_num_queries
):
    first = Client().get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = Client().get(url)
    assert again.content == first.content


def test_each_language_and_each_edition_is_cached_apart(haiti):
    client = Client()
    english = client.get(URL).content.decode()
    french = client.get("/fr/missions-en-cours/").content.decode()
    assert "Haiti FR" in french
    assert "Haiti FR" not in english
    assert client.get(URL).content.decode() == english
    make_snapshot(haiti.region, as_of=DAY + datetime.timedelta(days=1), authorized=30)
    publish_working_copy(summary="New cap")
    assert "Up to 30" in client.get(URL).content.decode()
    assert "Up to 20" in client.get(f"{URL}editions/1/").content.decode()


def test_a_saved_edit_leaves_the_cached_pages_and_a_published_one_replaces_them(
    haiti, django_assert_num_queries
):
    mission, region_figure = haiti.mission, haiti.region_figure
    client = Client()
    for url in CACHED_PAGES:
        client.get(url)
    region_figure.authorized = 25
    region_figure.save()
    mission.name_en = "Renamed mission"
    mission.save()
    with django_assert_num_queries(0):
        assert "Up to 20" in client.get(URL).content.decode()
    publish_working_copy(summary="Renamed, new cap")
    html = client.get(URL).content.decode()
    assert "Up to 25" in html and "Renamed mission" in html


def test_a_figure_edited_in_the_admin_shows_to_the_public_once_published(haiti, admin_client):
    region_figure = haiti.region_figure
    public = Client()
    assert "Up to 20" in public.get(URL).content.decode()
    url = reverse("admin:missions_deploymentsnapshot_change", args=[region_figure.pk])
    data = admin_form_data(admin_client.get(url), authorized="35", source="Corrected")
    assert admin_client.post(url, data).status_code == 302
    assert "Up to 20" in public.get(URL).content.decode()
    publish_working_copy(summary="Corrected")
    assert "Up to 35" in public.get(URL).content.decode()


def test_an_edition_whose_publisher_died_before_its_hooks_ran_is_served_within_page_version_seconds(
    haiti, settings, monkeypatch, django_capture_on_commit_callbacks
):
    client = Client()
    for url in (URL, FRENCH_URL):
        assert "Haiti" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks() as hooks:
        make_edition(2, timezone.localdate(), small_document("Stored then died"))
    assert len(hooks) == 1  # the page cache's, never run: the publisher died after its commit
    assert "Stored then died" not in client.get(URL).content.decode()  # until read again
    later = store.time.monotonic() + settings.PAGE_VERSION_SECONDS
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    assert "Stored then died" in client.get(URL).content.decode()
    assert "Stored then died (fr)" in client.get(FRENCH_URL).content.decode()


def test_a_hit_reads_the_newest_edition_once_per_page_version_seconds_and_no_more(
    haiti, settings, monkeypatch, django_assert_num_queries
):
    client = Client()
    page = client.get(URL).content
    with django_assert_num_queries(0):
        for _request in range(3):
            assert client.get(URL).content == page
    later = store.time.monotonic() + settings.PAGE_VERSION_SECONDS
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    with django_assert_num_queries(1) as queries:  # with the cache's version
        for _request in range(3):
            assert client.get(URL).content == page
    assert "missions_edition" in queries.captured_queries[0]["sql"]


def test_while_the_database_is_away_a_process_keeps_the_version_it_read_and_its_copies(
    haiti, settings, monkeypatch
):
    client = Client()
    page = client.get(URL).content

    def database_away(**aggregates):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Edition.objects, "aggregate", database_away)
    later = store.time.monotonic() + settings.PAGE_VERSION_SECONDS
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    assert client.get(URL).content == page


class SharedCacheCalls(list):
    """Stands in for the shared cache (Redis in production): records each call, answers none."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: self.append(name)


def test_a_repeat_visit_is_served_from_this_processs_copy_with_no_call_to_the_shared_cache(
    haiti, monkeypatch
):
    client = Client()
    first = client.get(URL, headers={"Accept-Encoding": "gzip"})
    calls = SharedCacheCalls()
    monkeypatch.setattr(store, "cache", calls)
    again = client.get(URL, headers={"Accept-Encoding": "gzip"})
    assert calls == []
    assert again.content == first.content
    assert again["Content-Encoding"] == "gzip"
    assert again is not first


def test_an_edition_another_process_published_is_served_here_within_page_version_seconds(
    haiti, settings, monkeypatch
):
    region_figure = haiti.region_figure
    client = Client()
    assert "Up to 20" in client.get(URL).content.decode()
    # This process's copies as they were, before the publish it has not heard of yet.
    heard = dict(vars(store.local))
    region_figure.authorized = 26
    region_figure.save()
    publish_working_copy(summary="Cap 26")
    vars(store.local).update(heard)
    assert "Up to 20" in client.get(URL).content.decode()
    later = store.time.monotonic() + settings.PAGE_VERSION_SECONDS
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    assert "Up to 26" in client.get(URL).content.decode()


def test_each_render_ahead_reuses_the_middleware_this_process_loaded_once(
    haiti, monkeypatch, settings
):
    settings.SITE_URL = "http://testserver"
    loads = []
    load_middleware = BaseHandler.load_middleware
    monkeypatch.setattr(
        BaseHandler, "load_middleware", lambda handler: loads.append(load_middleware(handler))
    )
    for _publish in range(2):
        clear_public_pages(render_ahead=middleware.render_current_pages)
    assert len(loads) == 1


def test_a_publish_leaves_this_process_the_version_the_cache_holds_none_if_it_keeps_nothing(
    haiti, no_page_cache
):
    region_figure = haiti.region_figure
    region_figure.authorized = 24
    region_figure.save()
    publish_working_copy(summary="Cap 24")
    assert store.pages_version() is None


def test_this_processs_copies_of_the_pages_are_bounded_in_bytes(haiti, monkeypatch):
    page = Client().get(URL)
    monkeypatch.setattr(store.LocalCopies, "MAX_BYTES", 3 * len(page.content))
    for url in CACHED_PAGES:
        assert Client().get(url).status_code == 200
        assert 0 < store.local.size <= store.LocalCopies.MAX_BYTES
    # What no longer fits here is still in the shared cache.
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(CACHED_PAGES[0]).content == page.content
    assert len(queries) == 0


def test_a_page_cached_yesterday_is_not_served_today(haiti, monkeypatch):
    client = Client()
    client.get(URL)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    assert len(queries) > 0


def test_signed_in_staff_never_get_or_fill_the_cache(haiti, admin_client):
    public = Client()
    public.get(URL)
    staff = admin_client.get(URL)
    assert "no-store" in staff["Cache-Control"]
    assert "private" in staff["Cache-Control"]
    region = haiti.region
    region.name_en = "Changed quietly"
    region.save()
    publish_working_copy(summary="Renamed")
    region.__class__.objects.filter(pk=region.pk).update(name_en="Changed again")
    assert "Changed quietly" in admin_client.get(URL).content.decode()


def test_a_cached_page_is_served_before_the_rest_of_the_middleware_with_the_headers_it_set(
    haiti, monkeypatch
):
    client = Client()
    first = client.get("/fr/missions-en-cours/", HTTP_ACCEPT_ENCODING="br")
    for below in (SessionMiddleware, LocaleMiddleware, CsrfViewMiddleware):
        monkeypatch.setattr(below, "process_request", None)  # would fail if called
    monkeypatch.setattr(AuthenticationMiddleware, "process_request", None)
    for below in (CSPMiddleware, XFrameOptionsMiddleware):
        monkeypatch.setattr(below, "process_response", None)
    for below in (PermissionsPolicyMiddleware, WhiteNoiseMiddleware, PublicAddressMiddleware):
        monkeypatch.setattr(below, "__call__", None)
    again = client.get("/fr/missions-en-cours/", HTTP_ACCEPT_ENCODING="br")
    assert again.content == first.content
    # What the skipped middleware set is kept with the page.
    for header in ("Content-Language", "Content-Security-Policy", "Permissions-Policy"):
        assert again[header] == first[header]
    assert set(again["Vary"].split(", ")) == {"Accept-Encoding", "Cookie"}
    assert again["X-Frame-Options"] == "DENY"


def test_a_signed_in_preview_is_never_served_from_nor_stored_in_the_public_cache(haiti):
    public = Client()
    # Ready for the next edition, not yet published.
    draft = make_region(slug="draft-region", name="Draft region")
    make_snapshot(draft, make_mission(draft, slug="draft-mission"))
    public.get(URL)
    entries = cached_pages()
    staff = signed_in("Editors")
    for url in (URL, f"{URL}?preview=1", f"{URL}?preview=1&utm_source=x"):
        response = staff.get(url)
        assert response.status_code == 200
        assert {"no-cache", "no-store", "private"} <= set(response["Cache-Control"].split(", "))
    assert "Draft region" in staff.get(f"{URL}?preview=1").content.decode()
    assert cached_pages() == entries
    assert "Draft region" not in public.get(URL).content.decode()
    assert not any("Draft region" in str(cache.get(key).content) for key in entries)


def test_signed_in_staff_are_never_served_a_page_stored_in_the_cache(haiti, admin_client):
    Client().get(URL)
    for key in cached_pages():
        cache.set(key, HttpResponse("stored public page"))
    store.local.forget()
    assert Client().get(URL).content == b"stored public page"
    assert b"stored public page" not in admin_client.get(URL).content


def test_a_visitor_whose_session_cookie_signs_no_one_in_gets_the_cached_page(
    haiti, settings, django_assert_max_num_queries
):
    client = Client()
    first = client.get(URL)
    client.cookies[settings.SESSION_COOKIE_NAME] = "made-up"
    with django_assert_max_num_queries(1):  # looking the session up
        again = client.get(URL)
    assert again.status_code == 200
    assert again.content == first.content


def test_an_unknown_host_gets_a_400_even_for_a_cached_page(haiti, settings):
    client = Client()
    assert client.get(URL).status_code == 200
    assert client.get(URL, HTTP_HOST="evil.example").status_code == 400
