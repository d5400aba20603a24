"""A past date's page: the edition in force that day, saying the date the reader asked for
(?as_of=, where the past-date redirect brings them; missions/public/past.py).

Every date an edition covers gives the same page but for that date, so the page is kept
once per edition, the date left out, and written back for each reader, then compressed:
a crawler sweeping every day of the past adds no entry to the cache and costs one render
per edition, not one per day.
"""

import datetime
import hashlib
import re

from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import quote_etag

from missions.public.past import asked_day_html, edition_dates, edition_in_force

# Where the date shows: the banner's <time data-asked> (asked_day_html) and the addresses
# that carry the query (the feedback form's path).
BANNER = re.compile(rb'<time datetime="\d{4}-\d{2}-\d{2}" data-asked>[^<]*</time>')
ASKED = b"<!-- asked date -->"
QUERY = b"as_of=%s"
QUERY_ASKED = b"as_of=<!-- asked -->"


def dated_query(match, query, version):
    """The query the page is kept under: for an edition's page with ?as_of=, whether the
    edition was in force on that date (its banner says so, or it is the plain page) in
    place of the date; any other page's query as it is."""
    if match.view_name != "missions:edition" or "as_of" not in query:
        return query, None
    day = datetime.date.fromisoformat(query["as_of"])
    number = edition_in_force(edition_dates(version), day)
    shown = "in-force" if number == match.kwargs["number"] else "not-in-force"
    return {**query, "as_of": shown}, day


def undated(response, day):
    """The page kept for every date: `day` left out."""
    iso = day.isoformat().encode()
    body = BANNER.sub(ASKED, response.content).replace(QUERY % iso, QUERY_ASKED)
    return with_body(response, body)


def dated(response, language, day, encoding, compress):
    """The kept page for `day`, in `encoding` (compressed by `compress`, None for none)."""
    with translation.override(language):
        banner = asked_day_html(day).encode()
    body = response.content.replace(ASKED, banner)
    body = body.replace(QUERY_ASKED, QUERY % day.isoformat().encode())
    etag = hashlib.md5(body, usedforsecurity=False).hexdigest()
    if compress is not None:
        body = compress(body)
    copy = with_body(response, body)
    copy["ETag"] = quote_etag(etag if compress is None else f"{etag}-{encoding}")
    if compress is not None:
        copy["Content-Encoding"] = encoding
    return copy


def with_body(response, body):
    """A copy of `response`, headers and all, with `body`."""
    copy = HttpResponse(body, status=response.status_code)
    for name, value in response.items():
        copy[name] = value
    copy["Content-Length"] = str(len(body))
    return copy
