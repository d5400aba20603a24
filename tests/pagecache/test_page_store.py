"""The public pages are cached for anonymous visitors and cleared when an edition is stored."""

import datetime
import gzip

import brotli
import pytest
from csp.middleware import CSPMiddleware
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.db import connection
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from whitenoise.middleware import WhiteNoiseMiddleware

from missions.editions.building import build_document
from missions.editions.publishing import publish
from missions.models.editions import content_hash
from missions.pagecache import addresses, middleware, store
from missions.pagecache.addresses import PublicAddressMiddleware
from missions.pagecache.store import clear_public_pages
from peaceops.middleware import PermissionsPolicyMiddleware

from .helpers import (
    DAY,
    admin_form_data,
    make_edition,
    make_mission,
    make_posting,
    make_region,
    make_snapshot,
    make_user,
    publish_working_copy,
)

pytestmark = pytest.mark.django_db

URL = "/en/current-peace-operations/"


@pytest.fixture
def sample():
    region = make_region(slug="haiti", name="Haiti")
    mission = make_mission(region, slug="binuh", name="BINUH", started=DAY)
    snapshot = make_snapshot(region, mission, authorized=10, deployed=5)
    region_figure = make_snapshot(region, authorized=20)
    make_posting(slug="icc", title="International Criminal Court")
    publish_working_copy()
    return region, mission, snapshot, region_figure


CACHED_PAGES = [
    URL,
    "/fr/missions-en-cours/",
    f"{URL}editions/1/",
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


def test_each_language_and_each_edition_is_cached_apart(sample):
    client = Client()
    english = client.get(URL).content.decode()
    french = client.get("/fr/missions-en-cours/").content.decode()
    assert "Haiti FR" in french
    assert "Haiti FR" not in english
    assert client.get(URL).content.decode() == english
    make_snapshot(sample[0], as_of=DAY + datetime.timedelta(days=1), authorized=30)
    publish_working_copy(summary="New cap")
    assert "Up to 30" in client.get(URL).content.decode()
    assert "Up to 20" in client.get(f"{URL}editions/1/").content.decode()


def test_a_saved_edit_leaves_the_cached_pages_and_a_published_one_replaces_them(
    sample, django_assert_num_queries
):
    _region, mission, _snapshot, region_figure = sample
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


def test_a_figure_edited_in_the_admin_shows_to_the_public_once_published(sample, admin_client):
    _region, _mission, _snapshot, region_figure = sample
    public = Client()
    assert "Up to 20" in public.get(URL).content.decode()
    url = reverse("admin:missions_deploymentsnapshot_change", args=[region_figure.pk])
    data = admin_form_data(admin_client.get(url), authorized="35", source="Corrected")
    assert admin_client.post(url, data).status_code == 302
    assert "Up to 20" in public.get(URL).content.decode()
    publish_working_copy(summary="Corrected")
    assert "Up to 35" in public.get(URL).content.decode()


def test_the_pages_change_only_once_an_edition_is_committed(
    sample, django_capture_on_commit_callbacks
):
    assert "Up to 20" in Client().get(URL).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        sample[3].save()
    assert callbacks == []
    sample[3].authorized = 21
    sample[3].save()
    with django_capture_on_commit_callbacks() as callbacks:
        publish(
            user=None,
            summary_en="Cap 21",
            summary_fr="Plafond 21",
            significant=True,
            reviewed_hash=content_hash(build_document()),
            base_number=1,
        )
    assert "Up to 20" in Client().get(URL).content.decode()  # kept until the commit
    for callback in callbacks:
        callback()
    assert "Up to 21" in Client().get(URL).content.decode()


class SharedCacheCalls(list):
    """Stands in for the shared cache (Redis in production): records each call, answers none."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: self.append(name)


def test_a_repeat_visit_is_served_from_this_processs_copy_with_no_call_to_the_shared_cache(
    sample, monkeypatch
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
    sample, settings, monkeypatch
):
    _region, _mission, _snapshot, region_figure = sample
    client = Client()
    assert "Up to 20" in client.get(URL).content.decode()
    # This process's copies as they were, before the publish it has not heard of yet.
    heard = store.local.version, store.local.pages
    region_figure.authorized = 26
    region_figure.save()
    publish_working_copy(summary="Cap 26")
    store.local.version, store.local.pages = heard
    assert "Up to 20" in client.get(URL).content.decode()
    later = store.time.monotonic() + settings.PAGE_VERSION_SECONDS
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    assert "Up to 26" in client.get(URL).content.decode()


def test_while_one_request_renders_a_new_edition_the_others_get_the_last_copy_not_a_render(
    sample, django_assert_num_queries
):
    _region, _mission, _snapshot, region_figure = sample
    client = Client()
    assert "Up to 20" in client.get(URL).content.decode()
    region_figure.authorized = 27
    region_figure.save()
    publish_working_copy(summary="Cap 27")
    period = f"{store.pages_version()}:{timezone.localdate()}"
    key = middleware.page_key(*addresses.public_address(URL), {})
    assert store.claim_render(period, key)  # another worker is rendering it
    with django_assert_num_queries(0):
        stale = client.get(URL)
    assert "Up to 20" in stale.content.decode()
    assert stale["Cache-Control"] == "no-cache"
    # A page this process has no copy of is rendered rather than refused.
    assert "BINUH" in client.get("/fr/missions-en-cours/").content.decode()
    store.release_render(period, key)
    fresh = client.get(URL)
    assert "Up to 27" in fresh.content.decode()
    assert "max-age" in fresh["Cache-Control"]


def test_a_render_claim_is_released_once_the_page_is_stored(sample):
    Client().get(URL)
    assert not [key for key in cache._cache if "missions:rendering:" in key]


def test_each_render_ahead_reuses_the_middleware_this_process_loaded_once(
    sample, monkeypatch, settings
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
    sample, settings
):
    _region, _mission, _snapshot, region_figure = sample
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    region_figure.authorized = 24
    region_figure.save()
    publish_working_copy(summary="Cap 24")
    assert store.pages_version() is None


def test_this_processs_copies_of_the_pages_are_bounded_in_bytes(sample, monkeypatch):
    page = Client().get(URL)
    monkeypatch.setattr(store.LocalCopies, "MAX_BYTES", 3 * len(page.content))
    for url in CACHED_PAGES:
        assert Client().get(url).status_code == 200
        assert 0 < store.local.size <= store.LocalCopies.MAX_BYTES
    # What no longer fits here is still in the shared cache.
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(CACHED_PAGES[0]).content == page.content
    assert len(queries) == 0


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
    region.name_en = "Changed quietly"
    region.save()
    publish_working_copy(summary="Renamed")
    region.__class__.objects.filter(pk=region.pk).update(name_en="Changed again")
    assert "Changed quietly" in admin_client.get(URL).content.decode()


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


@pytest.fixture
def templates_rendered():
    """The names of the templates rendered while the test runs."""
    rendered = []

    def record(template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    yield rendered
    template_rendered.disconnect(record)


def page_entries():
    """The pages in the (local memory) cache, each in every encoding."""
    return sorted(key.split(":", 2)[2] for key in cache._cache if "missions:public-page:" in key)


def test_parameters_a_page_does_not_use_get_the_cached_page(sample, django_assert_num_queries):
    client = Client()
    page = client.get(URL)
    entries = page_entries()
    with django_assert_num_queries(0):
        tracked = client.get(f"{URL}?utm_source=newsletter&utm_medium=email&fbclid=x")
    assert tracked.status_code == 200
    assert tracked.content == page.content
    assert page_entries() == entries


def test_the_page_is_rendered_for_its_canonical_address_whatever_else_the_visitor_sent(sample):
    html = Client().get(f"{URL}editions/1/?utm_source=newsletter").content.decode()
    assert "utm_source" not in html
    assert 'href="/fr/missions-en-cours/editions/1/"' in html


def test_today_as_of_and_an_empty_as_of_are_the_current_page(sample, django_assert_num_queries):
    client = Client()
    page = client.get(URL)
    today = timezone.localdate().isoformat()
    with django_assert_num_queries(0):
        for url in (f"{URL}?as_of={today}", f"{URL}?as_of="):
            assert client.get(url).content == page.content


def test_todays_date_is_the_current_page_today_and_redirects_to_its_edition_tomorrow(
    sample, monkeypatch
):
    client = Client()
    today = timezone.localdate()
    url = f"{URL}?as_of={today.isoformat()}"
    assert client.get(url).status_code == 200
    monkeypatch.setattr(timezone, "localdate", lambda: today + datetime.timedelta(days=1))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}editions/1/"


@pytest.mark.parametrize(
    "query,message",
    [
        ("as_of=junk&as_of=2020-06-01", "The address gives “as_of” more than once."),
        ("as_of=2020-06-01&as_of=2020-06-01", "The address gives “as_of” more than once."),
        ("as_of=junk", "“junk” is not a date. Use the form YYYY-MM-DD."),
        ("as_of=<b>2020", "“&lt;b&gt;2020” is not a date. Use the form YYYY-MM-DD."),
        ("preview=1&preview=1", "The address gives “preview” more than once."),
    ],
)
def test_a_repeated_or_malformed_parameter_is_a_400_rendered_once_with_no_query(
    sample, query, message, django_assert_num_queries, templates_rendered
):
    client = Client()
    client.get(f"{URL}?{query}")
    templates_rendered.clear()
    with django_assert_num_queries(0):
        response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert templates_rendered == []
    assert page_entries() == []


def test_a_bad_request_in_french_is_in_french(sample):
    response = Client().get("/fr/missions-en-cours/?as_of=jamais")
    assert response.status_code == 400
    assert response["Content-Language"] == "fr"
    assert "«\xa0jamais\xa0» n&#x27;est pas une date" in response.content.decode()


def test_a_thousand_requests_with_distinct_junk_parameters_add_no_cache_entry(
    sample, django_assert_num_queries
):
    client = Client()
    for url in (URL, f"{URL}?as_of=junk", f"{URL}?as_of=1&as_of=2"):
        client.get(url)
    entries = page_entries()
    statuses = set()
    with django_assert_num_queries(0):
        for n in range(250):
            for query in (f"utm_source={n}", f"as_of=junk{n}", f"as_of={n}&as_of=2020-06-01"):
                statuses.add(client.get(f"{URL}?{query}").status_code)
            statuses.add(client.get(f"{URL}?x{n}=1&preview=0").status_code)
    assert statuses == {200, 400}
    assert page_entries() == entries
    assert len(cache._cache) == len(entries) + 1  # and the pages' version


def test_ten_thousand_distinct_dates_redirect_with_no_query_and_no_cache_entry(
    django_assert_num_queries,
):
    make_edition(1, datetime.date(1998, 6, 1))
    make_edition(2, datetime.date(2010, 1, 1))
    client = Client()
    client.get(f"{URL}?as_of=2005-01-01")  # reads the editions' dates, once per process
    entries = len(cache._cache)
    first_day = datetime.date(1999, 1, 1)
    locations = {}
    with django_assert_num_queries(0):
        for n in range(10_000):
            day = first_day + datetime.timedelta(days=n)
            response = client.get(URL, {"as_of": day.isoformat()})
            assert response.status_code == 302
            locations[response["Location"]] = max(day, locations.get(response["Location"], day))
    assert len(cache._cache) == entries
    assert locations == {
        f"{URL}editions/1/": datetime.date(2009, 12, 31),
        f"{URL}editions/2/": first_day + datetime.timedelta(days=9_999),
    }


def test_a_bad_request_is_not_cached_but_a_good_one_is(sample):
    client = Client()
    assert client.get(f"{URL}?as_of=never").status_code == 400
    assert page_entries() == []
    assert client.get(f"{URL}editions/1/").status_code == 200
    assert [key.rsplit(":", 1)[-1] for key in page_entries()] == ["br", "gzip", "identity"]


def test_a_bad_address_is_parsed_once_though_both_middlewares_read_it(sample, monkeypatch):
    parsed = []
    parse = addresses.canonical_query
    monkeypatch.setattr(
        addresses, "canonical_query", lambda view, query: parsed.append(query) or parse(view, query)
    )
    assert Client().get(f"{URL}?as_of=parsed-once").status_code == 400
    assert len(parsed) == 1


def test_a_repeat_request_with_the_etag_gets_304_until_the_page_changes(sample):
    region_figure = sample[3]
    client = Client()
    first = client.get(URL)
    etag = first["ETag"]
    cache_control = set(first["Cache-Control"].split(", "))
    assert cache_control == {"public", "max-age=60", "stale-while-revalidate=600"}
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


def test_each_language_has_its_own_etag(sample):
    client = Client()
    assert client.get(URL)["ETag"] != client.get("/fr/missions-en-cours/")["ETag"]


def test_the_current_pages_etag_is_the_live_editions_hash_for_each_language_and_encoding(
    sample,
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
def test_an_edition_is_sent_as_immutable_when_rendered_and_from_the_cache(
    sample, path, encoding, django_assert_num_queries
):
    rendered = Client().get(path, HTTP_ACCEPT_ENCODING=encoding)
    with django_assert_num_queries(0):
        cached = Client().get(path, HTTP_ACCEPT_ENCODING=encoding)
    for response in (rendered, cached):
        assert response.status_code == 200
        cache_control = set(response["Cache-Control"].split(", "))
        assert cache_control == {"public", "max-age=31536000", "immutable"}


def test_signed_in_staff_get_an_edition_that_no_one_keeps(sample, admin_client):
    cache_control = set(admin_client.get(f"{URL}editions/1/")["Cache-Control"].split(", "))
    assert {"private", "no-store"} <= cache_control
    assert not cache_control & {"public", "immutable", "max-age=31536000"}


def test_the_corrections_of_an_edition_are_cached_briefly_not_for_good(sample):
    response = Client().get(f"{URL}editions/1/corrections/")
    assert response.status_code == 200
    cache_control = set(response["Cache-Control"].split(", "))
    assert cache_control == {"public", "max-age=60", "stale-while-revalidate=600"}


def test_a_browser_that_accepts_gzip_gets_the_same_page_compressed_once(sample):
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


def test_a_browser_that_accepts_brotli_gets_the_page_in_brotli(sample):
    client = Client()
    plain = client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        compressed = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert len(queries) == 0
    assert compressed["Content-Encoding"] == "br"
    assert brotli.decompress(compressed.content) == plain.content
    assert compressed["Content-Length"] == str(len(compressed.content))
    assert "Accept-Encoding" in compressed["Vary"]


def test_a_cached_page_is_served_before_the_rest_of_the_middleware_with_the_headers_it_set(
    sample, monkeypatch
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


def test_a_conditional_request_that_misses_the_cache_gets_a_304_and_fills_it(sample):
    """So a CDN revalidating after a publish does not have each of its requests rendered."""
    etag = Client().get(URL)["ETag"]
    clear_public_pages()
    assert Client().get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(URL).status_code == 200
    assert len(queries) == 0


def test_a_signed_in_preview_is_never_served_from_nor_stored_in_the_public_cache(sample):
    public = Client()
    # Ready for the next edition, not yet published.
    draft = make_region(slug="draft-region", name="Draft region")
    make_snapshot(draft, make_mission(draft, slug="draft-mission"))
    public.get(URL)
    entries = page_entries()
    staff = Client()
    staff.force_login(make_user("editor", group="Editors"))
    for url in (URL, f"{URL}?preview=1", f"{URL}?preview=1&utm_source=x"):
        response = staff.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    assert "Draft region" in staff.get(f"{URL}?preview=1").content.decode()
    assert page_entries() == entries
    assert "Draft region" not in public.get(URL).content.decode()
    assert not any("Draft region" in str(cache.get(key).content) for key in entries)


def test_signed_in_staff_are_never_served_a_page_stored_in_the_cache(sample, admin_client):
    Client().get(URL)
    for key in page_entries():
        cache.set(key, HttpResponse("stored public page"))
    store.local.forget()
    assert Client().get(URL).content == b"stored public page"
    assert b"stored public page" not in admin_client.get(URL).content


def test_a_visitor_whose_session_cookie_signs_no_one_in_gets_the_cached_page(
    sample, settings, django_assert_max_num_queries
):
    client = Client()
    first = client.get(URL)
    client.cookies[settings.SESSION_COOKIE_NAME] = "made-up"
    with django_assert_max_num_queries(1):  # looking the session up
        again = client.get(URL)
    assert again.status_code == 200
    assert again.content == first.content


def test_an_unknown_host_gets_a_400_even_for_a_cached_page(sample, settings):
    client = Client()
    assert client.get(URL).status_code == 200
    assert client.get(URL, HTTP_HOST="evil.example").status_code == 400


def test_a_bad_request_on_any_number_of_made_up_addresses_is_rendered_once(
    sample, templates_rendered
):
    client = Client()
    for n in range(5):
        response = client.get(f"/en/missions/made-up-{n}/?preview=1&preview=1")
        assert response.status_code == 400
    assert templates_rendered.count("missions/bad_request.html") <= 1


class Clock:
    """The store's time: each wait moves it on, and runs what happens meanwhile."""

    def __init__(self, meanwhile):
        self.now, self.meanwhile, self.waits = 1000.0, meanwhile, []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.meanwhile(len(self.waits))
        self.waits.append(seconds)
        self.now += seconds


def another_worker_renders(page_url, monkeypatch, then):
    """Claims `page_url`'s render as another worker would; at this process's first wait,
    it then stores its page, gives the claim up having stored nothing, or goes on."""
    period = f"{store.pages_version()}:{timezone.localdate()}"
    key = middleware.page_key(*addresses.public_address(page_url), {})
    assert store.claim_render(period, key)

    def meanwhile(waited):
        if waited == 0 and then == "stores":
            for encoding, copy in middleware.encoded_copies(HttpResponse("Rendered there")).items():
                store.store_page(period, f"{key}:{encoding}", copy)
            store.local.forget()  # this process has no copy of it: the other stored it
        elif waited == 0 and then == "stores nothing":
            store.release_render(period, key)

    clock = Clock(meanwhile)
    monkeypatch.setattr(store, "time", clock)
    return clock.waits


def test_a_process_with_no_copy_of_a_page_waits_for_the_render_under_way_not_renders_it(
    sample, monkeypatch, django_assert_num_queries
):
    waits = another_worker_renders(URL, monkeypatch, then="stores")
    with django_assert_num_queries(0):
        response = Client().get(URL)
    assert response.content == b"Rendered there"
    assert waits == [store.RENDER_WAIT_INTERVAL]


def test_a_render_under_way_that_stores_nothing_is_waited_for_then_done_here(sample, monkeypatch):
    waits = another_worker_renders(URL, monkeypatch, then="stores nothing")
    response = Client().get(URL)
    assert "BINUH" in response.content.decode()
    assert waits == [store.RENDER_WAIT_INTERVAL]


def test_a_render_under_way_is_waited_for_render_wait_seconds_at_most(sample, monkeypatch):
    waits = another_worker_renders(URL, monkeypatch, then="goes on")
    response = Client().get(URL)
    assert "BINUH" in response.content.decode()
    looks = store.RENDER_WAIT_SECONDS / store.RENDER_WAIT_INTERVAL
    assert len(waits) == pytest.approx(looks, abs=1)
