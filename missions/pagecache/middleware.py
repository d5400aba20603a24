"""The public pages, cached for anonymous visitors until the next edition.

A page is kept under a key made of the language, the view's name and URL arguments, the
page's own query parameters written one canonical way (missions/pagecache/addresses.py), and the
content encoding, for a period: the pages' version and the day (missions/pagecache/store.py,
where pages are kept). Parameters a page does not use (?utm_source=…) reach the same
entry; a repeated or malformed one gets a 400 page rendered once per process. So no
address a visitor makes up adds an entry or costs a render.

PublicPageMiddleware, placed just below the HTTPS redirect, answers visitors without a
session cookie from the cache, and their conditional requests, before the rest has run; it
stores what the middleware below renders for them, with every header that middleware set
(the security headers included), plain, gzipped and in Brotli, each compressed once. A
visitor with a session cookie is never served from nor stored in the cache by it; the
view checks the session and serves the cached page to those who are not signed in.

Storing an edition starts a new version of the pages with its commit (the newest
edition's id is part of it, missions/pagecache/store.py). Then the publisher renders the
current pages (render_current_pages), through the same middleware, holding their render
claims (missions/pagecache/signals.py): meanwhile visitors get the last pages, and none of
them waits for a render.
"""

import functools
import logging
import re
from functools import wraps
from urllib.parse import urlencode, urlsplit

import brotli
from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.text import compress_string

from missions.pagecache.addresses import (
    STORED_DOWNLOADS,
    BadQuery,
    page_query,
    public_address,
    public_request,
    resolves_to_edition,
)
from missions.pagecache.dated import dated, dated_query, undated, with_body
from missions.pagecache.store import (
    awaited_page,
    cached_page,
    claim_render,
    local,
    pages_version,
    release_render,
    store_page,
)

logger = logging.getLogger(__name__)

# Preferred first; a browser that accepts neither gets the page as it is.
ENCODINGS = {
    "br": lambda content: brotli.compress(content, mode=brotli.MODE_TEXT, quality=6),
    "gzip": compress_string,
}


def page_key(language, match, query):
    """Which page, in which language; the encoding is added to it. A copy is kept for
    a period: a version of the pages, on one day."""
    identity = urlencode(sorted(match.kwargs.items()) + sorted(query.items()))
    return ":".join([language, match.view_name, identity])


ACCEPTS = {name: re.compile(rf"\b{name}\b") for name in ENCODINGS}


def accepted_encoding(request):
    # From META, as GZipMiddleware reads it: request.headers copies every header first.
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    return next((name for name, accepts in ACCEPTS.items() if accepts.search(accepted)), "identity")


def cache_headers(response):
    """Browsers and CDNs may reuse the page for a short while, and keep serving it for
    longer while they fetch a fresh copy; then the ETag makes asking again cheap. A page
    that set its own lifetime (an edition's, for good) keeps it."""
    if "max-age" in response.get("Cache-Control", ""):
        return
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
    )


def shareable(request, response):
    """A page with cookies, or a form with the visitor's own CSRF token, is not for others."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def encoded_copies(response):
    """The page in each encoding, compressed once here rather than on every request.
    Anonymous public pages carry no secret (no CSRF token, see shareable()), so
    compression leaks nothing (BREACH)."""
    patch_vary_headers(response, ["Accept-Encoding", "Cookie"])
    cache_headers(response)
    copies = {"identity": response}
    for encoding, compress in ENCODINGS.items():
        copy = with_body(response, compress(response.content))
        copy["Content-Encoding"] = encoding
        copies[encoding] = copy
    etag = response.get("ETag")
    for encoding, copy in copies.items():
        copy["Content-Length"] = str(len(copy.content))
        if etag is None:
            # Hashed once here, not by ConditionalGetMiddleware on every hit.
            set_response_etag(copy)
        elif encoding != "identity":
            # The view's own ETag, made distinct for each encoding of the page.
            copy["ETag"] = f'{etag[:-1]}-{encoding}"'
    return copies


class PublicPageMiddleware:
    """Serves the public pages from the cache to visitors without a session cookie, before
    the middleware below it runs (settings.MIDDLEWARE), and stores what that middleware
    renders for them, headers and all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = public_request(request)
        if address is None:
            return self.get_response(request)
        language, match = address
        if match.view_name in STORED_DOWNLOADS:
            return self.get_response(request)
        query = page_query(request, language, match)
        if isinstance(query, BadQuery) or resolves_to_edition(match, query):
            return self.get_response(request)  # PublicAddressMiddleware answers it
        # A render ahead names its version (render_current_pages).
        ahead = getattr(request, "render_ahead_version", None)
        version = None if "preview" in query else ahead or pages_version()
        if version is None:
            return self.get_response(request)
        period = f"{version}:{timezone.localdate()}"
        query, day = dated_query(match, query, version)
        key = page_key(language, match, query)
        encoding = accepted_encoding(request)
        if day is not None:
            return self.dated_page(request, period, key, (language, day, encoding))
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Maybe signed in: the view decides, once the session is loaded.
            request.public_page_key = (period, f"{key}:{encoding}")
            return self.get_response(request)
        request.get_host()  # an unknown host gets its 400 before any cached page
        response = cached_page(period, f"{key}:{encoding}")
        if response is not None:
            response.page_period = period  # missions/pagecache/wsgi.py keeps it as sent
            return conditional(request, response)
        # A render ahead holds its claim already (render_current_pages).
        claimed = ahead is not None or claim_render(period, key)
        if not claimed:
            response = local.stale(f"{key}:{encoding}")
            if response is None:
                response = awaited_page(period, key, f"{key}:{encoding}")
            if response is not None:
                return conditional(request, response)
        response = self.render_whole(request)
        if shareable(request, response):
            copies = encoded_copies(response)
            for name, copy in copies.items():
                store_page(period, f"{key}:{name}", copy)
            response = copies[encoding]
            response.page_period = period
        if claimed:
            release_render(period, key)
        return conditional(request, response)

    def render_whole(self, request):
        """The page rendered whole to be stored, however the visitor's copy compares (a CDN
        revalidating would otherwise get a 304 that fills nothing, each time)."""
        conditions = {name: request.META.pop(name) for name in CONDITIONS if name in request.META}
        response = self.get_response(request)
        request.META.update(conditions)
        return response

    def dated_page(self, request, period, key, asked):
        """A past date's page (missions/pagecache/dated.py): kept once for every date its
        edition covers, and written for this one. A visitor with a session cookie, who may
        be signed in, gets it rendered."""
        language, day, encoding = asked
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        request.get_host()  # an unknown host gets its 400 before any cached page
        kept = cached_page(period, f"{key}:identity")
        if kept is None:
            response = self.render_whole(request)
            if not shareable(request, response):
                return conditional(request, response)
            patch_vary_headers(response, ["Accept-Encoding", "Cookie"])
            cache_headers(response)
            kept = undated(response, day)
            store_page(period, f"{key}:identity", kept)
        response = dated(kept, language, day, encoding, ENCODINGS.get(encoding))
        return conditional(request, response)


# What ConditionalGetMiddleware, below, answers for the pages not served from here.
CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def conditional(request, response):
    """A 304 if the visitor's copy of the page is the same, as ConditionalGetMiddleware
    answers: only for a GET."""
    if request.method != "GET":
        return response
    return get_conditional_response(request, etag=response.get("ETag"), response=response)


def signed_in(request):
    """Whether the visitor is signed in. While the database is away, no one is: a session
    cookie must not turn a page the cache holds into a 503."""
    try:
        return request.user.is_authenticated
    except DatabaseError:
        return False


def public_page(view):
    """Marks a view as a public page for PublicPageMiddleware. Signed-in staff, who may
    see drafts and previews, never get a cached page and their pages are never kept."""

    @wraps(view)
    def page(request, *args, **kwargs):
        if signed_in(request):
            response = view(request, *args, **kwargs)
            response.headers.pop("Cache-Control", None)
            add_never_cache_headers(response)
            return response
        key = getattr(request, "public_page_key", None)
        response = cached_page(*key) if key else None
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                cache_headers(response)
        return response

    page.public_page = True
    return page


@functools.cache
def visitors_handler():
    """Every middleware, as a visitor's request meets them. Loaded once per process:
    WhiteNoise indexes the static files when it is loaded (60% of a render ahead)."""
    handler = BaseHandler()
    handler.load_middleware()
    return handler


def render_current_pages(version):
    """Request the current page in each language, as an anonymous visitor does, through
    every middleware, for the pages' `version`: PublicPageMiddleware renders it and stores
    it in each encoding under that version. Each page's render is claimed first, all of
    them before the first render, so that other processes serve their last copies until it
    is stored; a page another process is rendering already is left to it. SITE_URL gives
    the host and scheme that the pages' addresses use."""
    from django.test import RequestFactory  # a plain request, without loading it at start-up

    handler = visitors_handler()
    site = urlsplit(settings.SITE_URL)
    visitor = RequestFactory(HTTP_HOST=site.netloc)
    period = f"{version}:{timezone.localdate()}"
    # A request activates its page's language; the publisher's request keeps its own.
    with translation.override(translation.get_language()):
        claimed = []
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                path = reverse("missions:current")
            key = page_key(*public_address(path), {})
            if claim_render(period, key):
                claimed.append((language, path, key))
        for language, path, key in claimed:
            request = visitor.get(path, secure=site.scheme == "https")
            request.render_ahead_version = version
            try:
                # Not closed: that would send request_finished, which closes the database
                # connection the publisher's request is still using.
                response = handler.get_response(request)
            finally:
                release_render(period, key)  # also when the page was there already
            if response.status_code != 200:
                logger.warning(
                    "The current page (%s) was not rendered ahead: %s.",
                    language,
                    response.status_code,
                )
