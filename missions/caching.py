"""The public pages, cached for anonymous visitors until the next change to the records.

Each page is kept under a key made of the pages' version, the language, today's date and
the address, gzipped once for the browsers that accept it. Any save or delete of a record
sets a new version (missions/signals.py), so every page is rendered afresh on its next
request, in every process sharing the cache.
"""

import hashlib
import re
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.text import compress_string
from django.utils.translation import get_language

VERSION_KEY = "missions:pages-version"

# Other query parameters are rare and unbounded: those pages are rendered, not kept.
CACHED_PARAMETERS = {"as_of"}


def clear_public_pages():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def pages_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def page_key(request):
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return ":".join(
        ["missions:page", pages_version(), get_language(), str(timezone.localdate()), address]
    )


def shareable(request, response):
    """A page with cookies, or a form with the visitor's own CSRF token, is not for others."""
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def accepts_gzip(request):
    return bool(re.search(r"\bgzip\b", request.headers.get("Accept-Encoding", "")))


def compress(response):
    """Gzip a page once, as it is stored: a big page costs milliseconds to compress, which
    GZipMiddleware would spend on every request. Anonymous public pages carry no secret
    (no CSRF token, see shareable()), so compression leaks nothing (BREACH)."""
    compressed = compress_string(response.content)
    if len(compressed) < len(response.content):
        response.content = compressed
        response["Content-Encoding"] = "gzip"


def signed_in(request):
    """Whether the visitor is signed in. While the database is away, no one is: a session
    cookie must not turn a page the cache holds into a 503."""
    try:
        return request.user.is_authenticated
    except DatabaseError:
        return False


def cache_public_page(view):
    """Serve the page from the cache to anonymous visitors; never cache it for signed-in
    staff, who may see drafts and previews."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if signed_in(request) or "preview" in request.GET:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        cacheable = request.method in ("GET", "HEAD") and set(request.GET) <= CACHED_PARAMETERS
        gzip = accepts_gzip(request)
        key = page_key(request) + (":gzip" if gzip else "") if cacheable else None
        response = cache.get(key) if key else None
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if key and shareable(request, response):
                # The plain and the gzipped page are kept apart, by the cache and by proxies.
                patch_vary_headers(response, ["Accept-Encoding"])
                if gzip:
                    compress(response)
                # Hashed once here, not by ConditionalGetMiddleware on every hit.
                set_response_etag(response)
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        # Browsers and proxies may keep the page but must ask again (the ETag makes it cheap).
        patch_cache_control(response, public=True, no_cache=True)
        return response

    return cached_view
