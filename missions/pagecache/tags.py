"""What a shared cache (Varnish, a CDN) may keep of a public response, and for how long,
with the tags of what it depends on (missions/editions/cachetags.py), so that a publish
purges just what it changed.

SharedCacheMiddleware sits just below the page cache (settings.MIDDLEWARE): the pages
the cache stores carry its headers, and a hit sends them as stored, at no cost. It gives
every response of a public address (a page, its redirect or error, a download, the API)
that anyone may keep:

- Cache-Control with s-maxage (PAGE_SHARED_MAX_AGE) for shared caches, beside the
  browsers' max-age (PAGE_MAX_AGE), for a response that set none of its own;
- the tags, in settings.CACHE_TAG_HEADER, separated as that header's cache expects.

A response for signed-in staff (private, no-store), one that sets a cookie, and any
other address get neither.
"""

import functools
import re

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_max_age, patch_cache_control

from missions.editions.cachetags import (
    CHANGES,
    DOWNLOADS,
    EVERYTHING,
    LIVE,
    edition_tag,
    mission_tag,
    region_tag,
)
from missions.pagecache.middleware import cache_headers

# Kept by their own address for good: an edition's page and files (its page changes only
# when a later edition corrects one of its figures, which purges its tag).
EDITION_ADDRESSES = {"edition", "edition_figures_csv", "edition_figures_json"}
# The site's addresses that are for one visitor only.
PRIVATE_ADDRESSES = {"feedback", "feedback_thanks"}
DATA_ADDRESSES = {"data", "datapackage", "api_docs"}
# What a shared cache may keep when the response says nothing itself: a 400 or 404 too,
# so that addresses a crawler makes up cost the site one render each.
SHAREABLE_STATUSES = {200, 301, 302, 400, 404}
NOT_SHARED = re.compile(r"\b(private|no-store|no-cache)\b")
# Akamai's Edge-Cache-Tag and Cloudflare's Cache-Tag take a comma-separated list; Fastly's
# Surrogate-Key a space-separated one; Varnish's xkey either.
COMMA_SEPARATED = {"edge-cache-tag", "cache-tag"}


def tag_header_value(tags):
    separator = "," if settings.CACHE_TAG_HEADER.lower() in COMMA_SEPARATED else " "
    return separator.join(tags)


def view_tags(name, kwargs):
    """The tags of a view of the site's app (its URL name without the namespace)."""
    number, slug = kwargs.get("number"), kwargs.get("slug")
    if name in EDITION_ADDRESSES:
        return (EVERYTHING, edition_tag(number))
    tags = [EVERYTHING, LIVE]
    if number is not None:  # the figures of an edition corrected since
        tags.append(edition_tag(number))
    if name.startswith("changes"):
        tags.append(CHANGES)
    if slug and name.startswith("mission"):
        tags.append(mission_tag(slug))
    if slug and name.startswith("region"):
        tags.append(region_tag(slug))
    if name in DATA_ADDRESSES or name.endswith(("_csv", "_json")):
        tags.append(DOWNLOADS)
    return tuple(tags)


@functools.lru_cache(maxsize=1024)
def address_tags(path):
    """The tags of a public address, or None for an address that is not public. An
    address that names nothing is a 404 until an edition makes it one ("live")."""
    if path.startswith("/api/"):
        return (EVERYTHING, LIVE, DOWNLOADS)
    language = translation.get_language_from_path(path)
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return (EVERYTHING, LIVE) if language else None
    if match.url_name == "splash":
        return (EVERYTHING,)
    if match.namespace != "missions" or match.url_name in PRIVATE_ADDRESSES:
        return None
    return view_tags(match.url_name, match.kwargs)


def share(path, response):
    """Give `response`, for the public address `path`, its shared lifetime and its tags,
    unless it is not for everyone."""
    if response.cookies:
        return
    tags = address_tags(path)
    if tags is None:
        return
    control = response.get("Cache-Control")
    if control is None:
        if response.status_code not in SHAREABLE_STATUSES:
            return
        cache_headers(response)
    elif "public" not in control or NOT_SHARED.search(control):
        return
    control = response["Cache-Control"]
    if "s-maxage" not in control and "immutable" not in control:
        # Never shorter for shared caches than for browsers (the API's five minutes).
        shared = max(settings.PAGE_SHARED_MAX_AGE, get_max_age(response) or 0)
        patch_cache_control(response, s_maxage=shared)
    if response.status_code >= 400 and LIVE not in tags:
        tags = (*tags, LIVE)  # an edition not published yet, say
    response[settings.CACHE_TAG_HEADER] = tag_header_value(tags)


class SharedCacheMiddleware:
    """Shared lifetime and tags for the public responses rendered below it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD"):
            share(request.path_info, response)
        return response
