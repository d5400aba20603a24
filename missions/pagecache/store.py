"""Where the public pages are kept (missions/pagecache/middleware.py decides which, and for whom).

In the shared cache (settings.CACHES, Redis in production), each under its period: the
pages' version and the day. Storing an edition (publishing, or loading a historical one)
sets a new version (missions/pagecache/signals.py), so every page is rendered afresh on its next
request, in every process sharing the cache. Saving a record changes no public page: it
waits for the next edition.

And in each process (LocalCopies), so that a hit needs no call to the shared cache.

If the cache fails (Redis hung or down), it is skipped for PAGE_CACHE_RETRY_SECONDS rather
than each request waiting for the cache's time-out. Meanwhile each process serves its own
copies of the pages, as of the last version it read, and keeps those it renders: a blip
of the cache does not turn every request into a render.
"""

import logging
import math
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "missions:pages-version"


class CircuitBreaker:
    """After the cache fails once, skip it for a while, then try again."""

    def __init__(self):
        self.closed_at = 0.0

    def call(self, operation, *args):
        """(True, result), or (False, None) if the cache failed or is being skipped."""
        if time.monotonic() < self.closed_at:
            return False, None
        try:
            return True, operation(*args)
        except (RedisError, OSError) as error:
            seconds = settings.PAGE_CACHE_RETRY_SECONDS
            self.closed_at = time.monotonic() + seconds
            logger.error("The page cache failed (%s); skipping it for %s s.", error, seconds)
            return False, None


breaker = CircuitBreaker()
# A new version that could not be set: set it as soon as the cache answers again.
clear_pending = False


class LocalCopies:
    """This process's copy of the pages' version, read from the shared cache at most every
    PAGE_VERSION_SECONDS, and of the pages it served, ready to send. So a hit costs no call
    to the shared cache (a Redis round trip, then unpickling, cost more than the rest of a
    hit), and an edition published by another process reaches this one within
    PAGE_VERSION_SECONDS. A copy from an earlier version or day is kept until replaced: it
    is served while another request renders the page afresh (see claim_render)."""

    # Past this, the copies start again from empty: the shared cache still has them.
    MAX_BYTES = 32 * 1024 * 1024

    def __init__(self):
        self.forget()

    def forget(self):
        self.version, self.read_at, self.pages, self.size = None, -math.inf, {}, 0

    def fresh_version(self):
        if time.monotonic() - self.read_at < settings.PAGE_VERSION_SECONDS:
            return self.version
        return None

    def remember_version(self, version):
        self.version, self.read_at = version, time.monotonic()

    def get(self, period, page):
        """The copy of `page` (its key, with the encoding) kept for `period`."""
        copy = self.pages.get(page)
        if copy is None or copy[0] != period:
            return None
        return as_response(copy)

    def stale(self, page):
        """The copy of `page` from an earlier period, which no one may keep."""
        copy = self.pages.get(page)
        if copy is None:
            return None
        response = as_response(copy)
        response["Cache-Control"] = "no-cache"
        return response

    def keep(self, period, page, response):
        replaced = self.pages.get(page)
        self.size -= len(replaced[3]) if replaced else 0
        if self.size + len(response.content) > self.MAX_BYTES:
            self.pages, self.size = {}, 0
        self.pages[page] = (period, response.status_code, dict(response.items()), response.content)
        self.size += len(response.content)


def as_response(copy):
    """A new response for each request: the middleware above adds its headers to it."""
    _period, status, headers, content = copy
    return HttpResponse(content, status=status, headers=headers)


local = LocalCopies()


def clear_public_pages(render_ahead=None):
    """Start a new version of the pages: each is rendered afresh on its next request.
    `render_ahead(version)` renders pages under the new version before any visitor can
    ask for it, so visitors keep the pages they had until the new ones are ready."""
    global clear_pending
    version = uuid.uuid4().hex
    if render_ahead is not None:
        try:
            render_ahead(version)
        except Exception:
            # Visitors will render the pages instead: the new version must go live anyway.
            logger.exception("The current pages were not rendered ahead.")
    ok, _result = breaker.call(cache.set, VERSION_KEY, version, None)
    clear_pending = not ok
    # Read back from the cache on the next request, as every other process does: the
    # version is what the cache holds (none, with a cache that keeps nothing).
    local.remember_version(None)


def pages_version():
    """The current version. While the cache cannot be used, the last one this process read
    (None if none, or if an edition published here could not reach the cache)."""
    version = local.fresh_version()
    if version is not None:
        return version
    if clear_pending:
        clear_public_pages()
    ok, version = breaker.call(cache.get, VERSION_KEY)
    if ok and version is None:
        breaker.call(cache.add, VERSION_KEY, uuid.uuid4().hex, None)
        ok, version = breaker.call(cache.get, VERSION_KEY)
    if not ok:
        return local.version
    local.remember_version(version)
    return version


def shared_key(period, page):
    return f"missions:public-page:{period}:{page}"


def cached_page(period, page):
    """The page kept for `period` (the pages' version and the day) under `page`
    (page_key() and the encoding), or None."""
    response = local.get(period, page)
    if response is None:
        response = breaker.call(cache.get, shared_key(period, page))[1]
        if response is not None:
            local.keep(period, page, response)
    return response


def store_page(period, page, response):
    """Keep the page in this process, and for everyone unless the cache fails."""
    local.keep(period, page, response)
    breaker.call(cache.set, shared_key(period, page), response, settings.PAGE_CACHE_SECONDS)


# Longest time a render may hold its claim (a render that fails lets it expire).
RENDER_CLAIM_SECONDS = 30


def claim_render(period, key):
    """Whether this request is the one to render the page `key` for `period`. The others
    that miss it meanwhile serve this process's copy of it from an earlier period, if
    there is one, or wait for the render (awaited_page), rather than render it too: so
    after a publish, at midnight or when the cache lets it expire, a page is rendered
    once, not once per waiting visitor."""
    ok, added = breaker.call(cache.add, claim_key(period, key), True, RENDER_CLAIM_SECONDS)
    return added or not ok


# How long a request with no copy of a page waits for another's render of it, and how
# often it looks: a render takes seconds at most, and waiting costs no CPU.
RENDER_WAIT_SECONDS = 10
RENDER_WAIT_INTERVAL = 0.05


def awaited_page(period, key, page):
    """The page `key` (in `page`'s encoding) that another request is rendering, once
    stored: so a process with no copy of it yet (one just started) waits for that render
    rather than render the page again alongside. None if the render ends without storing
    it (an error, a 404) or takes longer than RENDER_WAIT_SECONDS: this request then
    renders it."""
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(RENDER_WAIT_INTERVAL)
        response = cached_page(period, page)
        if response is not None:
            return response
        ok, claimed = breaker.call(cache.get, claim_key(period, key))
        if not (ok and claimed):
            return None
    return None


def release_render(period, key):
    breaker.call(cache.delete, claim_key(period, key))


def claim_key(period, key):
    return f"missions:rendering:{period}:{key}"
