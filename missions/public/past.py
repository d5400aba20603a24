"""The page on a past date: the edition in force that day, the newest to take effect by
then; and an index on a date, redirected to the day that edition took effect. One
resolver for the address middleware, which answers from the dates it keeps for the
pages' version, and for the views, which read them when the cache cannot be used."""

import bisect
import datetime
import functools
import math
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
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
    """?as_of=YYYY-MM-DD's redirect to the edition in force that day, which says the date
    asked for; None before the first edition."""
    number = edition_in_force(dates, as_of)
    if number is None:
        return None
    return HttpResponseRedirect(f"{edition_url(language, number)}?{urlencode({'as_of': as_of})}")


@dataclass
class AskedDate:
    """A date a reader asked for, and the span of the edition in force that day."""

    day: datetime.date
    start: datetime.date
    end: datetime.date | None  # the last day it was in force; None while it is live


def asked_day_html(day):
    """The date a reader asked for, as the banner writes it, marked so that the page cache
    can keep one copy of the page for every date of its edition (missions/pagecache/dated.py)."""
    return format_html('<time datetime="{}" data-asked>{}</time>', day.isoformat(), long_date(day))


def asked_date(edition, day):
    """The AskedDate of `day` on `edition`'s page, or None where it was not in force then
    (an address made up by hand shows the edition's plain page)."""
    if day is None or day < edition.took_effect:
        return None
    following = (
        Edition.objects.filter(
            Q(took_effect__gt=edition.took_effect)
            | Q(took_effect=edition.took_effect, number__gt=edition.number)
        )
        .order_by("took_effect", "number")
        .values_list("took_effect", flat=True)
        .first()
    )
    if following is not None and day >= following:
        return None
    end = following - datetime.timedelta(days=1) if following else None
    return AskedDate(day, edition.took_effect, end)


def archived_address(source):
    """The archived copy's address in a historical edition's source, or "": the public
    banner shows that alone (the source's other words, such as file names, are for staff)."""
    found = re.search(r"https?://\S+[^\s.,;)]", source or "")
    return found.group(0) if found else ""


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
