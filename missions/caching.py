"""The public pages, cached for anonymous visitors until the next edition.

A page is kept under a key made of the language, the view's name and URL arguments, the
page's own query parameters parsed and written one canonical way, and the content
encoding, for a period: the pages' version and the day (missions/page_cache.py, where
pages are kept). Parameters a page does not use (?utm_source=…) reach the same entry; a
repeated or malformed one gets a 400 page rendered once per process. So no address a
visitor makes up adds an entry or costs a render.

PublicPageMiddleware, placed early like WhiteNoise, answers visitors without a session
cookie from the cache before sessions, CSRF, authentication and the rest have run; it
stores what it renders for them, plain, gzipped and in Brotli, each compressed once. A
visitor with a session cookie is never served from nor stored in the cache by it; the
view checks the session and serves the cached page to those who are not signed in.

Publishing an edition renders the current pages (render_current_pages), through the same
middleware, before the new version of the pages goes live (missions/signals.py): visitors
keep the last pages until the new ones are stored, and none of them waits for a render.
"""

import bisect
import datetime
import functools
import logging
import math
import re
import uuid
from functools import wraps
from types import MappingProxyType
from urllib.parse import urlencode, urlsplit

import brotli
from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.html import escape
from django.utils.text import compress_string
from django.utils.translation import gettext as _

from .download_files import stored_download
from .forms import AsOfForm
from .page_cache import (
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


@functools.lru_cache(maxsize=4)
def edition_dates(version):
    """(took_effect, number) of every edition, oldest first: read once per process and
    cache version (a version ends whenever an edition is saved)."""
    from .editions import Edition

    editions = Edition.objects.order_by("took_effect", "number")
    return list(editions.values_list("took_effect", "number"))


def live_edition_number(version):
    """The number of the edition in force today, or None before the first."""
    dates = edition_dates(version)
    found = bisect.bisect_right(dates, (timezone.localdate(), math.inf))
    return dates[found - 1][1] if found else None


def edition_redirect(version, language, as_of):
    """?as_of=YYYY-MM-DD's redirect to the edition in force that day (the newest to take
    effect by then), answered with no query and no cache entry, however many dates are
    asked for; None before the first edition (the view's 404 page says so)."""
    dates = edition_dates(version)
    found = bisect.bisect_right(dates, (datetime.date.fromisoformat(as_of), math.inf))
    if not found:
        return None
    return HttpResponseRedirect(edition_url(language, dates[found - 1][1]))


@functools.lru_cache(maxsize=256)
def edition_url(language, number):
    with translation.override(language):
        return reverse("missions:edition", args=[number])


def page_key(language, match, query):
    """Which page, in which language; the encoding is added to it. A copy is kept for
    a period: a version of the pages, on one day."""
    identity = urlencode(sorted(match.kwargs.items()) + sorted(query.items()))
    return ":".join([language, match.view_name, identity])


# The full figure downloads, served from the files built for the live edition
# (missions/download_files.py) as early as cached pages are.
STORED_DOWNLOADS = {"missions:snapshots_csv", "missions:snapshots_json"}


@functools.lru_cache(maxsize=1024)
def public_page_match(language, path):
    """The URL match of a public page or a stored download, or None; kept, as resolving
    costs more than a hit."""
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    if getattr(match.func, "public_page", False) or match.view_name in STORED_DOWNLOADS:
        return match
    return None


def live_edition():
    """The live edition's number for stored_download, with no query once the editions'
    dates are read; None before the first edition, or while the cache or the database
    cannot be used (the view then streams the file, or gives the 503 page)."""
    version = pages_version()
    if version is None:
        return None
    try:
        return live_edition_number(version)
    except DatabaseError:
        return None


ACCEPTS = {name: re.compile(rf"\b{name}\b") for name in ENCODINGS}


def accepted_encoding(request):
    # From META, as GZipMiddleware reads it: request.headers copies every header first.
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    return next((name for name, accepts in ACCEPTS.items() if accepts.search(accepted)), "identity")


class BadQuery(Exception):
    """A query parameter given twice, or one that does not parse. The message's
    %(value)s is what was typed."""

    def __init__(self, message, value=""):
        super().__init__(message)
        self.message = str(message)
        self.value = value


@functools.lru_cache(maxsize=1024)
def known_query(view, language, query_string, today):
    """canonical_query() of an address's query string, kept, as the same addresses come
    again and again (a mistake is not kept: it raises). Today is part of the key, as a
    date's validity depends on it."""
    with translation.override(language):
        return MappingProxyType(canonical_query(view, QueryDict(query_string)))


def canonical_query(view, query):
    """The page's own parameters (the view's query_form, and ?preview=1), parsed and
    written back one way; every other parameter is dropped."""
    form_class = getattr(getattr(view, "view_class", None), "query_form", None)
    names = [*(form_class.base_fields if form_class else ()), "preview"]
    for name in names:
        if len(query.getlist(name)) > 1:
            raise BadQuery(_("The address gives “%(name)s” more than once.") % {"name": name})
    canonical = {}
    if any(name in query for name in names[:-1]):
        form = form_class({name: query[name] for name in form_class.base_fields if name in query})
        if not form.is_valid():
            name, errors = next(iter(form.errors.as_data().items()))
            error = errors[0]
            raise BadQuery(error.message, (error.params or {}).get("value", query.get(name)))
        # Written back as the form reads it: a date as YYYY-MM-DD, a record by its slug.
        canonical = {
            name: str(form.fields[name].prepare_value(value))
            for name, value in form.cleaned_data.items()
            if value not in ("", None)
        }
    if query.get("preview") == "1":
        canonical["preview"] = "1"
    return canonical


@functools.lru_cache(maxsize=64)
def bad_request_page(language, message, template="missions/bad_request.html", path=None):
    """The 400 page, rendered once per language, kind of mistake and page in each process,
    without the visitor's query: so any number of made-up addresses costs one render. A
    page's own 400 template (an index's) is for its address; the others are for the
    current page's (their language toggle leads there)."""
    placeholder = uuid.uuid4().hex
    with translation.override(language):
        request = HttpRequest()
        request.path = request.path_info = path or reverse("missions:current")
        request.method = "GET"
        html = render_to_string(
            template,
            {
                "message": message % {"value": placeholder},
                "form": AsOfForm(),
                "retry_url": request.path,
            },
            request=request,
        )
    return html.split(placeholder)


def bad_request(language, error, match, path):
    template = getattr(getattr(match.func, "view_class", None), "bad_request_template", None)
    if template:
        parts = bad_request_page(language, error.message, template, path)
    else:
        parts = bad_request_page(language, error.message)
    response = HttpResponse(escape(error.value).join(parts), status=400)
    response["Content-Language"] = language
    # The access log has it: no "Bad Request" warning too, a second line for each request
    # of a visitor trying addresses (django.utils.log.log_response checks this flag).
    response._has_been_logged = True
    return response


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
        copy = HttpResponse(compress(response.content), status=response.status_code)
        for name, value in response.items():
            copy[name] = value
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
    the middleware below it runs (settings.MIDDLEWARE), and stores what it renders for
    them. Every request for a public page gets its query made canonical here, or a 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        if language is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        match = public_page_match(language, request.path_info)
        if match is None:
            return self.get_response(request)
        if match.view_name in STORED_DOWNLOADS:
            download = stored_download(request, language, match, live_edition)
            return download or self.get_response(request)
        if request.GET:
            try:
                query = known_query(
                    match.func, language, request.META.get("QUERY_STRING", ""), timezone.localdate()
                )
            except BadQuery as error:
                return bad_request(language, error, match, request.path_info)
            # The view sees only the canonical query, so the page is the same for everyone.
            request.GET = QueryDict(urlencode(query))
            request.META["QUERY_STRING"] = request.GET.urlencode()
        else:
            query = {}
        if "preview" in query:
            version = None
        else:
            # A render ahead asks for the version about to go live (render_current_pages).
            version = getattr(request, "render_ahead_version", None) or pages_version()
        if version is None:
            return self.get_response(request)
        if match.view_name == "missions:current" and "as_of" in query:
            request.get_host()  # an unknown host gets its 400 first, as below
            redirect = edition_redirect(version, language, query["as_of"])
            if redirect is not None:
                return redirect
        period = f"{version}:{timezone.localdate()}"
        key = page_key(language, match, query)
        encoding = accepted_encoding(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Maybe signed in: the view decides, once the session is loaded.
            request.public_page_key = (period, f"{key}:{encoding}")
            return self.get_response(request)
        request.get_host()  # an unknown host gets its 400 before any cached page
        response = cached_page(period, f"{key}:{encoding}")
        if response is not None:
            return response
        claimed = claim_render(period, key)
        if not claimed:
            response = local.stale(f"{key}:{encoding}")
            if response is not None:
                return response
        response = self.get_response(request)
        if shareable(request, response):
            copies = encoded_copies(response)
            for name, copy in copies.items():
                if not store_page(period, f"{key}:{name}", copy):
                    break
            response = copies[encoding]
        if claimed:
            release_render(period, key)
        return response


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
    every middleware, for the pages' `version` (one not yet live, see clear_public_pages):
    PublicPageMiddleware renders it and stores it in each encoding under that version.
    SITE_URL gives the host and scheme that the pages' addresses use."""
    from django.test import RequestFactory  # a plain request, without loading it at start-up

    handler = visitors_handler()
    site = urlsplit(settings.SITE_URL)
    visitor = RequestFactory(HTTP_HOST=site.netloc)
    # A request activates its page's language; the publisher's request keeps its own.
    with translation.override(translation.get_language()):
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                path = reverse("missions:current")
            request = visitor.get(path, secure=site.scheme == "https")
            request.render_ahead_version = version
            # Not closed: that would send request_finished, which closes the database
            # connection the publisher's request is still using.
            response = handler.get_response(request)
            if response.status_code != 200:
                logger.warning(
                    "The current page (%s) was not rendered ahead: %s.",
                    language,
                    response.status_code,
                )
