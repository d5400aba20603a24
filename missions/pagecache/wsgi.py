"""Cached public pages answered before Django: peaceops/wsgi.py wraps the site in
PageCacheApplication.

A hit through Django cost about 110 µs of Python: the request object, the request_started
and request_finished signals (which close old database connections and the caches), a
response rebuilt from the stored copy, and the security headers added again. The cached page
then served about half the requests a bare WSGI app serving the same bytes did under the same
gunicorn (docs/performance.md, issue 31). Here a hit is a dictionary lookup.

The answers kept are exactly what Django sent: status, every header, body. One is kept when
PublicPageMiddleware marked the response as the cached page of the pages' current period
(its `page_period`), or when it is a past date's redirect to the edition in force then,
which every date that edition covers shares. Only what Django would answer the same way is
answered here: a GET with no query (or ?as_of=YYYY-MM-DD, a past date), without a session
cookie (the visitor may be signed in) nor a conditional header (a 304, left to Django), for
the same host, scheme header, path and accepted encoding. Anything else, and every request
while this process's pages' version is due to be read again, goes through Django, which
reads it, checks the host, and keeps the answer for the next.
"""

import datetime
import functools
import hashlib
import math
import re
import time

from django.conf import settings
from django.utils import timezone, translation
from django.utils.cache import quote_etag
from django.utils.html import escape

from missions.core.dates import long_date
from missions.pagecache.addresses import public_address
from missions.pagecache.middleware import ACCEPTS
from missions.pagecache.store import local
from missions.public.past import edition_dates, edition_in_force, edition_url

# A past date as the address form writes it; other spellings go through Django.
AS_OF = re.compile(r"as_of=(\d{4}-\d{2}-\d{2})")
# Past this many answers, start again from none: each is one address of a page in one
# encoding (its body shared with the page cache's own copy), or one edition's redirect.
MAX_ANSWERS = 4096
answers = {}
# Where a redirect's address says the date asked for, left out of the answer kept.
DAY = "{day}"
# The edition "number" of a date before the first edition: a 404 page that names the date.
BEFORE_FIRST = -1


class Today:
    """Today's date in the default time zone, as the page cache's periods use it, worked out
    again at midnight only: working it out took a third of an answer's time."""

    def __init__(self):
        self.day, self.until = None, -math.inf

    def __call__(self):
        if time.time() >= self.until:
            zone = timezone.get_default_timezone()
            self.day = timezone.localdate(timezone=zone)
            tomorrow = self.day + datetime.timedelta(days=1)
            self.until = datetime.datetime.combine(tomorrow, datetime.time(), zone).timestamp()
        return self.day


today = Today()


def period():
    return f"{local.version}:{today()}"


def encoding(environ):
    return accepted(environ.get("HTTP_ACCEPT_ENCODING", ""))


@functools.lru_cache(maxsize=256)
def accepted(header):
    return next((name for name, accepts in ACCEPTS.items() if accepts.search(header)), "identity")


def plain_visitor(environ):
    """A GET without a session cookie or a conditional header."""
    return (
        environ["REQUEST_METHOD"] == "GET"
        and f"{settings.SESSION_COOKIE_NAME}=" not in environ.get("HTTP_COOKIE", "")
        and "HTTP_IF_NONE_MATCH" not in environ
        and "HTTP_IF_MODIFIED_SINCE" not in environ
    )


def answer_key(environ):
    """(what an answer is kept under, the past date asked for or ""); (None, "") for a
    request only Django answers. A past date's redirect is kept once for its edition."""
    if not plain_visitor(environ) or not local.fresh() or local.version is None:
        return None, ""
    path = environ.get("PATH_INFO", "")
    address = public_address(path)
    if address is None:
        return None, ""
    query, edition, day = environ.get("QUERY_STRING", ""), 0, ""
    if query:
        edition, day = dated_edition(address[1], query)
        if edition is None:
            return None, ""
    site = (
        environ.get("HTTP_HOST"),
        environ.get("HTTP_X_FORWARDED_PROTO"),
        environ["wsgi.url_scheme"],
    )
    return (*site, path, edition, encoding(environ)), day


def dated_edition(match, query):
    """(the edition number, the date) of a current page's ?as_of= on a past date, from the
    editions' dates this process keeps; (None, "") for any other query."""
    found = AS_OF.fullmatch(query)
    if match.view_name != "missions:current" or found is None:
        return None, ""
    try:
        day = datetime.date.fromisoformat(found[1])
    except ValueError:
        return None, ""
    if day >= today():
        return None, ""
    number = edition_in_force(edition_dates(local.version), day)
    return (BEFORE_FIRST if number is None else number), found[1]


class PageCacheApplication:
    """The site's WSGI application, with the cached pages and the past dates' redirects it
    sent answered again without it."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        key, day = answer_key(environ)
        answer = answers.get(key)
        if answer is not None and answer[0] == period():
            _period, status, headers, parts = answer
            if day:
                headers, parts = dated(headers, parts, key, day)
            start_response(status, headers)
            return parts
        sent = []

        def keep_start_response(status, headers, exc_info=None):
            sent.append((status, headers))
            return start_response(status, headers, exc_info)

        response = self.application(environ, keep_start_response)
        if key is None:
            key, day = answer_key(environ)  # with the pages' version Django has just read
        if key is not None and sent and keepable(response, key):
            if len(answers) >= MAX_ANSWERS:
                answers.clear()
            status, headers = sent[0]
            parts = [response.content]
            if day:
                headers, parts = undated(headers, parts[0], key, day)
            answers[key] = (period(), status, list(headers), parts)
        return response


def asked_date(key, day):
    """How the answer for `key` writes `day`: as is in a redirect's address, in words on
    the page of a date before the first edition."""
    if key[4] != BEFORE_FIRST:
        return day
    with translation.override(public_address(key[3])[0]):
        return escape(long_date(datetime.date.fromisoformat(day)))


def undated(headers, body, key, day):
    """An answer for a past date, kept without the date: it is written back for each. A
    page's ETag becomes the hash of the page without its date, and the date: hashing each
    date's page again cost more than the rest of its answer."""
    parts = body.split(asked_date(key, day).encode())
    template = hashlib.md5(b"\0".join(parts), usedforsecurity=False).hexdigest()
    undated = {
        "Location": lambda value: value.replace(day, DAY),
        "ETag": lambda value: quote_etag(f"{template}-{DAY}"),
    }
    return rewritten(headers, undated), parts


def dated(headers, parts, key, day):
    """The answer kept for another date of the same edition, for `day`."""
    body = asked_date(key, day).encode().join(parts)
    dated = {
        "Location": lambda value: value.replace(DAY, day),
        "ETag": lambda value: value.replace(DAY, day),
        "Content-Length": lambda value: str(len(body)),
    }
    return rewritten(headers, dated), [body]


def rewritten(headers, rewrites):
    return [(name, rewrites[name](value) if name in rewrites else value) for name, value in headers]


def keepable(response, key):
    """Whether Django's response is the cached page of the current period, or the redirect
    of a past date to the edition answer_key() found for it, or the 404 of a date before
    the first edition."""
    if getattr(response, "page_period", None) == period():
        return response.status_code == 200
    edition = key[4]
    if not edition or response.cookies or response.streaming:
        return False
    if edition == BEFORE_FIRST:
        return response.status_code == 404
    language, _match = public_address(key[3])
    return response.status_code == 302 and response["Location"].startswith(
        edition_url(language, edition)
    )
