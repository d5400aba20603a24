"""Warnings before publishing, as they read: the Caution a check finds, and the names,
numbers and dates its message gives (missions/editions/warnings.py runs the checks)."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from modeltranslation.utils import get_language

from missions.core.choices import Precision, Status
from missions.core.text import text_in
from missions.editions.document import LANGUAGES

COARSENESS = [Precision.DAY, Precision.MONTH, Precision.YEAR]
MISSION_FIELDS = ("position", "name_en", "name_fr", "acronym_en", "acronym_fr", "status")
MISSION_FIELDS += ("started", "started_precision", "ended", "ended_precision")


@dataclass(frozen=True)
class Caution:
    """A warning: the mission or region it is about, in the admin's language, and the
    sentence that says it."""

    where: str
    message: str

    def __str__(self):
        return self.message


# Names, numbers and dates, as the messages show them.


def shown(texts):
    return str(text_in(texts, get_language()))


def mission_name(name, acronym):
    """A mission's acronym, or its name where it has none, in the admin's language."""
    return shown(acronym if any((acronym or {}).values()) else name)


def pair(record, field):
    return {code: record[f"{field}_{code}"] or "" for code in LANGUAGES}


def mission_fields(mission):
    return {field: getattr(mission, field) for field in MISSION_FIELDS}


def mission_label(mission):
    """The name of a mission given as mission_fields()."""
    return mission_name(pair(mission, "name"), pair(mission, "acronym"))


def number(value):
    return number_format(value, force_grouping=True)


def day_shown(value, precision=Precision.DAY):
    """A date as precisely as it is known: "2004", "2004-07", "2004-07-15"."""
    return value.isoformat()[: {Precision.YEAR: 4, Precision.MONTH: 7}.get(precision, 10)]


def dated(value, as_of):
    """ "30, as of 2024-03-31"; "30" for a figure with no date."""
    if as_of is None:
        return number(value)
    return _("%(value)s, as of %(date)s") % {"value": number(value), "date": str(as_of)}


def truncated(value, precision):
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


def before(value, precision, bound, bound_precision):
    """Whether `value` falls before `bound`, compared at the coarser of their precisions."""
    coarser = max(precision, bound_precision, key=COARSENESS.index)
    return truncated(value, coarser) < truncated(bound, coarser)


def running_on(mission, day):
    """Whether a mission (mission_fields()) had not ended by `day`."""
    if mission["ended"] is None:
        return mission["status"] != Status.ENDED
    return not before(mission["ended"], mission["ended_precision"], day, Precision.DAY)


# The messages found twice (by the document and by the figures) are worded alike, so that
# unique() lists them once.


def cap_below(region, cap, cap_as_of, mission, kind, value, as_of):
    """A region's cap below a mission's authorized or deployed figure."""
    if kind == "deployed":
        message = _(
            "%(region)s: the region's cap (%(cap)s) is below %(mission)s's deployed figure "
            "(%(figure)s)."
        )
    else:
        message = _(
            "%(region)s: the region's cap (%(cap)s) is below %(mission)s's authorized "
            "figure (%(figure)s)."
        )
    cap, figure = dated(cap, cap_as_of), dated(value, as_of)
    return Caution(
        region, message % {"region": region, "cap": cap, "mission": mission, "figure": figure}
    )


def larger(authorized, deployed):
    """(kind, value) of a stored figure: its authorized, or its deployed where it gives no
    authorized (a stored figure's deployed is never above its authorized)."""
    return ("authorized", authorized) if authorized is not None else ("deployed", deployed)


def outside_mission(as_of, precision, mission):
    """A figure dated before its mission's start or after its end (mission_fields())."""
    where = mission_label(mission)
    started, start_precision = mission["started"], mission["started_precision"]
    ended, end_precision = mission["ended"], mission["ended_precision"]
    if started and before(as_of, precision, started, start_precision):
        message = _(
            "%(mission)s: a figure is dated %(date)s, before the mission's start (%(bound)s)."
        )
        bound = day_shown(started, start_precision)
    elif ended and before(ended, end_precision, as_of, precision):
        message = _("%(mission)s: a figure is dated %(date)s, after the mission's end (%(bound)s).")
        bound = day_shown(ended, end_precision)
    else:
        return []
    values = {"mission": where, "date": day_shown(as_of, precision), "bound": bound}
    return [Caution(where, message % values)]
