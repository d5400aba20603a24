"""One render of a new page at a time: while a process renders it, the others serve the
last copy, or wait for the render under way."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from missions.pagecache import addresses, middleware, store

from ..helpers.editions import publish_working_copy
from ..helpers.pages import CURRENT as URL

pytestmark = pytest.mark.django_db


def test_while_one_request_renders_a_new_edition_the_others_get_the_last_copy_not_a_render(
    haiti, django_assert_num_queries
):
    region_figure = haiti.region_figure
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


def test_a_render_claim_is_released_once_the_page_is_stored(haiti):
    Client().get(URL)
    assert not [key for key in cache._cache if "missions:rendering:" in key]


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

    def meanwhile(waited):
        if waited == 0 and then == "stores":
            for encoding, copy in middleware.encoded_copies(HttpResponse("Rendered there")).items():
                store.store_page(period, f"{key}:{encoding}", copy)
            store.local.forget()  # this process has no copy of it: the other stored it
        elif waited == 0 and then == "stores nothing":
            store.release_render(period, key)

    clock = Clock(meanwhile)
    monkeypatch.setattr(store, "time", clock)  # first, so the version read is fresh by it
    period = f"{store.pages_version()}:{timezone.localdate()}"
    key = middleware.page_key(*addresses.public_address(page_url), {})
    assert store.claim_render(period, key)
    return clock.waits


def test_a_process_with_no_copy_of_a_page_waits_for_the_render_under_way_not_renders_it(
    haiti, monkeypatch, django_assert_num_queries
):
    waits = another_worker_renders(URL, monkeypatch, then="stores")
    with django_assert_num_queries(0):
        response = Client().get(URL)
    assert response.content == b"Rendered there"
    assert waits == [store.RENDER_WAIT_INTERVAL]


def test_a_render_under_way_that_stores_nothing_is_waited_for_then_done_here(haiti, monkeypatch):
    waits = another_worker_renders(URL, monkeypatch, then="stores nothing")
    response = Client().get(URL)
    assert "BINUH" in response.content.decode()
    assert waits == [store.RENDER_WAIT_INTERVAL]


def test_a_render_under_way_is_waited_for_render_wait_seconds_at_most(haiti, monkeypatch):
    waits = another_worker_renders(URL, monkeypatch, then="goes on")
    response = Client().get(URL)
    assert "BINUH" in response.content.decode()
    looks = store.RENDER_WAIT_SECONDS / store.RENDER_WAIT_INTERVAL
    assert len(waits) == pytest.approx(looks, abs=1)
