"""The page on a past date: the edition in force that day, the newest to take effect by
then; and an index on a date, redirected to the day that edition took effect. One
resolver for the address middleware, which answers from the dates it keeps for the
pages' version, and for the views, which read them when the cache cannot be used."""

import bisect
import functools
import math
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from missions.core.dates import long_date
from missions.models.editions import Edition


def read_edition_dates():
    """(took_effect, number) of every edition, oldest first."""
    return list(
        Edition.objects.order_by("took_effect", "number").values_list("took_effect", "number")
    )


@functools.lru_cache(maxsize=4)
def edition_dates(version):
    """read_edition_dates(), once per process and pages' version (a version ends whenever
    an edition is saved)."""
    return read_edition_dates()


def in_force(dates, day):
    """(took_effect, number) of the edition in force on `day`, or None before the first."""
    found = bisect.bisect_right(dates, (day, math.inf))
    return dates[found - 1] if found else None


def edition_in_force(dates, day):
    """The number of the edition in force on `day`, or None before the first."""
    found = in_force(dates, day)
    return found[1] if found else None


def live_edition_number(version):
    """The number of the edition in force today, or None before the first."""
    return edition_in_force(edition_dates(version), timezone.localdate())


@functools.lru_cache(maxsize=256)
def edition_url(language, number):
    with translation.override(language):
        return reverse("missions:edition", args=[number])


def edition_redirect(dates, language, as_of):
    """?as_of=YYYY-MM-DD's redirect to the edition in force that day; None before the
    first edition."""
    number = edition_in_force(dates, as_of)
    return None if number is None else HttpResponseRedirect(edition_url(language, number))


def dated_redirect(path, query, took_effect):
    """The redirect of an index on a date (?active_on=, with its other filters in `query`)
    to the day the edition in force then took effect: one address per edition."""
    query = {**query, "active_on": took_effect.isoformat()}
    return HttpResponseRedirect(f"{path}?{urlencode(query)}")


def no_edition_message(as_of, dates):
    return before_first_message(dates) % {"value": long_date(as_of)}


def before_first_message(dates):
    """no_edition_message() with %(value)s where the date asked goes: the same for every
    date, so that its page is rendered once (missions/pagecache/addresses.py)."""
    if not dates:
        return _("No edition of this page has been published yet.")
    return _("No edition of this page is recorded on %(date)s. The earliest is of %(first)s.") % {
        "date": "%(value)s",
        "first": long_date(dates[0][0]),
    }
