"""What a public address asks for: which page, its query parameters written one canonical
way (or a 400 page that says what is wrong with them), the edition a past date resolves
to, and the full figure downloads, served from their built files.

PublicAddressMiddleware answers the bad addresses, the past dates (a redirect to their
edition) and the downloads, and hands the view only the canonical query. It sits below
the page cache (missions/pagecache/middleware.py), which keys pages by the same canonical query, and
below the security headers, which its answers get as a rendered page does.
"""

import datetime
import functools
import math
from types import MappingProxyType
from urllib.parse import urlencode

from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from missions.core.dates import long_date
from missions.opendata.files import stored_download
from missions.pagecache.store import pages_version
from missions.public.changes import past_the_end_message
from missions.public.errors import bad_request_page
from missions.public.past import (
    before_first_message,
    dated_redirect,
    edition_dates,
    edition_redirect,
    in_force,
    live_edition_number,
)

# The full figure downloads, served from the files built for the live edition
# (missions/opendata/files.py) by PublicAddressMiddleware.
STORED_DOWNLOADS = {
    "missions:snapshots_csv",
    "missions:snapshots_json",
    "missions:un-contributions_csv",
    "missions:un-contributions_json",
}


@functools.lru_cache(maxsize=1024)
def public_address(path):
    """(language, URL match) of a public page or a stored download, or None; kept, as
    resolving costs more than a hit (and a static file's address is asked for often)."""
    language = translation.get_language_from_path(path)
    if language is None:
        return None
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    if getattr(match.func, "public_page", False) or match.view_name in STORED_DOWNLOADS:
        return language, match
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


class BadQuery(Exception):
    """A query parameter given twice, or one that does not parse. The message's
    %(value)s is what was typed."""

    def __init__(self, message, value=""):
        super().__init__(message)
        self.message = str(message)
        self.value = value


@functools.lru_cache(maxsize=1024)
def known_query(view, language, query_string, today, version):
    """canonical_query() of an address's query string, or the BadQuery it raised: kept,
    as the same addresses come again and again, and both middlewares ask. Today and the
    pages' version are part of the key, as a value's validity depends on them."""
    with translation.override(language):
        try:
            return MappingProxyType(canonical_query(view, QueryDict(query_string)))
        except BadQuery as error:
            return error.with_traceback(None)  # kept without the frames that raised it


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


def bad_request(language, error, match, path, status=400):
    template = getattr(getattr(match.func, "view_class", None), "bad_request_template", None)
    if template:
        parts = bad_request_page(language, error.message, template, path)
    else:
        parts = bad_request_page(language, error.message)
    response = HttpResponse(escape(error.value).join(parts), status=status)
    response["Content-Language"] = language
    # The access log has it: no "Bad Request" warning too, a second line for each request
    # of a visitor trying addresses (django.utils.log.log_response checks this flag).
    response._has_been_logged = True
    return response


def public_request(request):
    """(language, URL match) of a GET or HEAD for a public page or a stored download."""
    if request.method not in ("GET", "HEAD"):
        return None
    return public_address(request.path_info)


class PublicAddressMiddleware:
    """Gives a public page's view its query made canonical, or answers a bad one with a
    400; serves the live edition's full downloads from their built files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = public_request(request)
        if address is None:
            return self.get_response(request)
        language, match = address
        if match.view_name in STORED_DOWNLOADS:
            download = stored_download(request, language, match, live_edition)
            return download or self.get_response(request)
        if request.GET:
            query = page_query(request, language, match)
            if isinstance(query, BadQuery):
                return bad_request(language, query, match, request.path_info)
            # The view sees only the canonical query, so the page is the same for everyone.
            request.GET = QueryDict(urlencode(query))
            request.META["QUERY_STRING"] = request.GET.urlencode()
            if resolves_to_edition(match, query):
                answer = dated_answer(request, language, match, query)
                if answer is not None:
                    return answer
        return self.get_response(request)


def known_dates():
    """The editions' dates, with no query once read for the pages' version; None while
    the cache cannot be used (the view then reads them)."""
    version = pages_version()
    return None if version is None else edition_dates(version)


def resolves_to_edition(match, query):
    """Whether PublicAddressMiddleware answers the address from the editions' dates,
    with no render, so that the page cache neither renders nor keeps it: the current
    page on a past date (?as_of=), an index on a day no edition took effect
    (?active_on=), a change-log page past the last (?page=). So the pages kept for
    these addresses are one per edition, and one per change-log page."""
    if match.view_name == "missions:current":
        return "as_of" in query
    dated = "active_on" in query
    paged = "page" in query and match.view_name in EDITION_LISTS
    dates = known_dates() if dated or paged else None
    if dates is None:
        return False
    if dated:
        found = in_force(dates, datetime.date.fromisoformat(query["active_on"]))
        return found is None or found[0].isoformat() != query["active_on"]
    return int(query["page"]) > last_page(match, dates)


def last_page(match, dates):
    """The number of the last page of a list of every edition (the change log)."""
    return max(1, math.ceil(len(dates) / match.func.view_class.paginate_by))


# The pages that list every edition, a page at a time.
EDITION_LISTS = {"missions:changes"}


def dated_answer(request, language, match, query):
    """The redirect or 404 of an address resolves_to_edition() names, with no query:
    None while the editions' dates are unknown, or for a past date in force."""
    dates = known_dates()
    if dates is None:
        return None
    request.get_host()  # an unknown host gets its 400 first, as for a page
    path = request.path_info
    with translation.override(language):
        if "as_of" in query:
            as_of = datetime.date.fromisoformat(query["as_of"])
            return edition_redirect(dates, language, as_of) or no_edition(
                language, as_of, dates, match, path
            )
        if "active_on" in query:
            day = datetime.date.fromisoformat(query["active_on"])
            found = in_force(dates, day)
            if found is None:
                return no_edition(language, day, dates, match, path)
            return dated_redirect(request.path, query, found[0])
        error = BadQuery(past_the_end_message(last_page(match, dates)), query["page"])
        return bad_request(language, error, match, path, status=404)


def no_edition(language, day, dates, match, path):
    """The 404 of a date before the first edition, rendered once for every such date."""
    error = BadQuery(before_first_message(dates), long_date(day))
    return bad_request(language, error, match, path, status=404)


def page_query(request, language, match):
    """The canonical query of a request for a public page, or the BadQuery that says what
    is wrong with it."""
    query_string = request.META.get("QUERY_STRING", "")
    if not query_string:
        return NO_QUERY
    today = timezone.localdate()
    form_class = getattr(getattr(match.func, "view_class", None), "query_form", None)
    if not getattr(form_class, "live_choices", False):
        return known_query(match.func, language, query_string, today, None)
    # Its choices are the live edition's records: kept for the pages' version only.
    version = pages_version()
    if version is None:
        return known_query.__wrapped__(match.func, language, query_string, today, None)
    return known_query(match.func, language, query_string, today, version)


NO_QUERY = MappingProxyType({})
