"""The UN's own monthly figures of a mission, beside ours on its history page: the table,
the points the chart draws, and where ours and the UN's differ (the published copy
only: PublishedUNFigure)."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from missions.core.choices import Precision
from missions.core.dates import format_date, long_date
from missions.core.text import Text


def un_labels():
    return {
        "month": gettext("Month"),
        "male": gettext("Male"),
        "female": gettext("Female"),
        "total": gettext("Total"),
        "source": gettext("Source"),
        "not_given": gettext("Not given"),
    }


@dataclass
class UNRow:
    """One month of the UN's figures of Canada's individual police in a mission."""

    month: datetime.date
    male: int | None
    female: int | None
    total: int | None
    source: int  # its number in UNTable.sources

    @property
    def label(self):
        return format_date(self.month, Precision.MONTH)

    @property
    def day(self):
        return self.month.isoformat()


@dataclass
class UNTable:
    """UNRows, each citing one of `sources` (Texts) by number: a source is a paragraph,
    the same for many months."""

    id: str
    caption: str
    rows: list
    sources: list
    labels: dict = field(default_factory=un_labels)


@dataclass
class UNSeries:
    """The UN's monthly figures of a mission beside ours: its table, the points the chart
    draws (a month with no total is left out: male + female is not the UN's total), and
    where ours and the UN's differ by more than the threshold in the same month."""

    table: UNTable
    points: list
    no_total: str
    compared: int
    threshold: int
    divergences: list


def un_series(figures, rows, language, threshold):
    """`figures`: (month, male, female, total, source, ...) of the published UN figures;
    `rows`: our FigureRows of the mission."""
    sources = {}
    for figure in figures:
        sources.setdefault(figure[4], len(sources) + 1)
    found = [
        UNRow(month, male, female, total, sources[source])
        for month, male, female, total, source, *_rest in figures
    ]
    missing = [format_date(row.month, Precision.MONTH) for row in found if row.total is None]
    no_total = ngettext(
        "The UN gave no total for %(months)s: the chart leaves that month out.",
        "The UN gave no total for %(months)s: the chart leaves those months out.",
        len(missing),
    ) % {"months": ", ".join(missing)}
    totals = {}
    for row in found:
        if row.total is not None:
            totals.setdefault((row.month.year, row.month.month), row)
    compared, divergences = 0, []
    for ours in rows:
        theirs = totals.get((ours.as_of.year, ours.as_of.month))
        if theirs is None or ours.deployed is None:
            continue
        compared += 1
        if abs(ours.deployed - theirs.total) > threshold:
            divergences.append(
                _(
                    "%(month)s: our figure is %(ours)s deployed (as of %(date)s); "
                    "the UN's is %(theirs)s."
                )
                % {
                    "month": theirs.label,
                    "ours": ours.deployed,
                    "date": long_date(ours.as_of),
                    "theirs": theirs.total,
                }
            )
    return UNSeries(
        table=UNTable(
            "un-figures",
            _("Canada's individual police, as reported by the UN, by month"),
            found,
            # As imported, in English.
            [Text(source, None if language == "en" else "en") for source in sources],
        ),
        points=[(row.month, row.total) for row in found if row.total is not None],
        no_total=no_total if missing else "",
        compared=compared,
        threshold=threshold,
        divergences=divergences,
    )
