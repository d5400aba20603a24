"""Where the public pages are kept (missions/pagecache/middleware.py decides which, and for whom).

In the shared cache (settings.CACHES, Redis in production), each under its period: the
pages' version and the day. The version is two parts, read together by each process:

- the newest edition's id, from the database. Storing an edition (publishing, or loading
  a historical one) changes it in the transaction that stores the edition, so the pages
  change with the commit and with nothing after it: a publisher that dies right after
  committing still puts its edition live everywhere;
- a version kept in the shared cache (version_key()), which clear_public_pages() changes
  to render every page afresh without a new edition (after restoring a backup). Its key is
  named by the site's database and read without the cache's KEY_PREFIX, so that a process
  given only DATABASE_URL and CACHE_URL (a cron job, a shell: no SITE_URL, from which the
  prefix comes by default) reads and changes the same version as the workers.

Saving a record changes no public page: it waits for the next edition.

And in each process (LocalCopies), so that a hit needs no call to the shared cache, nor a
query.

If the cache fails (Redis hung or down), it is skipped for PAGE_CACHE_RETRY_SECONDS rather
than each request waiting for the cache's time-out. Meanwhile each process serves its own
copies of the pages, as of the last version it read (or a version of its own, if the
cache never answered it: Redis down from the start), and keeps those it renders: a cache
that fails does not turn every request into a render, and a new edition is still seen.
"""

import functools
import logging
import math
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.db.models import Max
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

from missions.models.editions import Edition

logger = logging.getLogger(__name__)


def version_key():
    """The shared version's key: named by the database, which every process of the site
    shares (and sites sharing one cache do not), rather than by settings a process may
    lack."""
    database = settings.DATABASES["default"]
    return f"missions:pages-version:{database['HOST']}:{database['PORT']}/{database['NAME']}"


@functools.cache
def unprefixed_cache():
    """The shared cache without its KEY_PREFIX (by default SITE_URL's host), for
    version_key() alone: settings.CACHES["default"], built as django.core.cache.caches
    builds it, but for the prefix."""
    params = dict(settings.CACHES["default"])
    backend, location = params.pop("BACKEND"), params.pop("LOCATION", "")
    return import_string(backend)(location, {**params, "KEY_PREFIX": ""})


@receiver(setting_changed)
def cache_setting_changed(setting, **kwargs):
    if setting == "CACHES":  # a test's settings
        unprefixed_cache.cache_clear()


# The version of a process the cache has never answered (Redis down from the start): any
# name the cache's versions cannot take, as the pages it keeps meanwhile are its own.
OWN_VERSION = f"own-{uuid.uuid4().hex}"


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
    """This process's copy of the pages' version, read at most every PAGE_VERSION_SECONDS,
    and of the pages it served, ready to send. So a hit costs no call to the shared cache
    (a Redis round trip, then unpickling, cost more than the rest of a hit) and no query,
    and an edition stored by another process reaches this one within
    PAGE_VERSION_SECONDS. A copy from an earlier version or day is kept until replaced: it
    is served while another request renders the page afresh (see claim_render)."""

    # Past this, the copies start again from empty: the shared cache still has them.
    MAX_BYTES = 32 * 1024 * 1024

    def __init__(self):
        self.forget()

    def forget(self):
        self.shared = self.edition = self.version = None
        self.read_at, self.pages, self.size = -math.inf, {}, 0

    def fresh(self):
        return time.monotonic() - self.read_at < settings.PAGE_VERSION_SECONDS

    def remember_version(self, shared, edition):
        """The shared cache's version and the newest edition's id, as read now."""
        self.shared, self.edition = shared, edition
        self.version = joined_version(shared, edition)
        self.read_at = time.monotonic()

    def expire_version(self):
        """Read the version again on the next request."""
        self.read_at = -math.inf

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


def joined_version(shared, edition):
    """The pages' version: None while either part is unknown (a cache that keeps nothing,
    or a database never reached), and then no page is kept."""
    if shared is None or edition is None:
        return None
    return f"{shared}:{edition}"


def newest_edition():
    """The newest edition's id (0 before the first), which goes up with each edition
    stored: a look at the primary key's index. The last one read while the database is
    away, so that the pages already kept are still served."""
    try:
        return Edition.objects.aggregate(newest=Max("pk"))["newest"] or 0
    except DatabaseError:
        return local.edition


def pages_version():
    """The current version, as this process last read it if within PAGE_VERSION_SECONDS,
    or else read now (read_pages_version)."""
    if local.fresh():
        return local.version
    return read_pages_version()


def read_pages_version():
    """The current version, read now: the shared cache's version, and the newest
    edition's id. While the cache cannot be used, its last version this process read, or
    OWN_VERSION if none."""
    if clear_pending:
        clear_public_pages()
    shared_cache, key = unprefixed_cache(), version_key()
    ok, shared = breaker.call(shared_cache.get, key)
    if ok and shared is None:
        breaker.call(shared_cache.add, key, uuid.uuid4().hex, None)
        ok, shared = breaker.call(shared_cache.get, key)
    if not ok:
        shared = local.shared or OWN_VERSION
    # A cache that keeps nothing keeps no page: no query for the edition then.
    local.remember_version(shared, newest_edition() if shared is not None else None)
    return local.version


def render_pages_ahead(render_ahead, version):
    """`render_ahead(version)`, which stores pages under `version`, so that no visitor
    waits for them. If it fails, visitors render them instead."""
    try:
        render_ahead(version)
    except Exception:
        logger.exception("The current pages were not rendered ahead.")


def clear_public_pages(render_ahead=None):
    """Start a new version of the pages without a new edition: each is rendered afresh on
    its next request. `render_ahead(version)` renders pages under the new version before
    any visitor can ask for it, so visitors keep the pages they had until the new ones are
    ready. (A new edition needs none of this: it makes its own version, newest_edition.)"""
    global clear_pending
    shared = uuid.uuid4().hex
    if render_ahead is not None:
        version = joined_version(shared, newest_edition())
        if version is not None:
            render_pages_ahead(render_ahead, version)
    ok, _result = breaker.call(unprefixed_cache().set, version_key(), shared, None)
    clear_pending = not ok
    # Read back from the cache on the next request, as every other process does: the
    # version is what the cache holds (none, with a cache that keeps nothing).
    local.expire_version()


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
