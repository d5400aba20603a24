"""The history pages of a mission or a region, read only from what was published: the
facts from the live edition's catalog, the editions it appeared on from the Appearance
index, the figures from the published copy. A draft's text never shows here.

Recorded changes are changes between the editions an item appeared on: on or off the
page, name, status and the figures shown.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.core.choices import Status
from missions.core.dates import format_date, long_date
from missions.core.text import Text, text_in
from missions.models.editions import Edition
from missions.models.published import Appearance


@dataclass
class EditionRef:
    number: int
    took_effect: datetime.date

    @property
    def url(self):
        return Edition(number=self.number).get_absolute_url()


@dataclass
class Run:
    """Consecutive editions an item appeared on; `until` is the edition it left the page
    in, None while it is on the live page."""

    first: EditionRef
    last: EditionRef
    until: EditionRef | None = None


@dataclass
class Change:
    edition: EditionRef
    descriptions: list[str] = field(default_factory=list)


@dataclass
class StatusPeriod:
    status: str
    first: EditionRef
    last: EditionRef

    @property
    def label(self):
        return Status(self.status).label


def dated(value):
    """A catalog date ({"date", "precision"}) as words, or ""."""
    if not value:
        return ""
    return format_date(datetime.date.fromisoformat(value["date"]), value["precision"])


def catalog_entry(catalog, kind, slug):
    """A region's or mission's facts in a document's catalog, or None."""
    entries = catalog.get(f"{kind}s", [])
    return next((entry for entry in entries if entry["slug"] == slug), None)


def appearances_of(kind, slug):
    """The item's appearances, oldest edition first, without the editions' documents."""
    return list(
        Appearance.objects.filter(kind=kind, slug=slug)
        .select_related("edition")
        .only(
            "edition__number",
            "edition__took_effect",
            "kind",
            "slug",
            "region",
            "name_en",
            "name_fr",
            "status",
            "figures",
        )
        .order_by("edition__took_effect", "edition__number")
    )


def edition_sequence():
    """Every edition, oldest first, as EditionRef: one small query, to tell consecutive
    appearances from a return to the page."""
    return [
        EditionRef(number, took_effect)
        for number, took_effect in Edition.objects.order_by("took_effect", "number").values_list(
            "number", "took_effect"
        )
    ]


def ref(appearance):
    return EditionRef(appearance.edition.number, appearance.edition.took_effect)


def runs(appearances, sequence):
    position = {edition.number: index for index, edition in enumerate(sequence)}
    found = []
    for appearance in appearances:
        index = position[appearance.edition.number]
        if found and position[found[-1].last.number] == index - 1:
            found[-1].last = ref(appearance)
        else:
            found.append(Run(ref(appearance), ref(appearance)))
    for run in found:
        after = position[run.last.number] + 1
        run.until = sequence[after] if after < len(sequence) else None
    return found


def status_periods(appearances):
    periods = []
    for appearance in appearances:
        if not appearance.status:
            continue
        if periods and periods[-1].status == appearance.status:
            periods[-1].last = ref(appearance)
        else:
            periods.append(StatusPeriod(appearance.status, ref(appearance), ref(appearance)))
    return periods


FIGURE_LABELS = {
    "table": gettext_lazy("Summary-table figure"),
    "authorized": gettext_lazy("Authorized deployments"),
    "deployed": gettext_lazy("Currently deployed"),
}


def figure_words(data, language):
    if not data:
        return _("none")
    words = text_in(data["wording"], language).value
    if data.get("as_of"):
        words = _("%(figure)s (as of %(date)s)") % {
            "figure": words,
            "date": long_date(datetime.date.fromisoformat(data["as_of"])),
        }
    return words


def recorded_changes(appearances, sequence, language):
    """What changed for the item from one edition to the next, newest first."""
    changes = []
    run_list = runs(appearances, sequence)
    starts = {run.first.number for run in run_list}
    ends = {run.until.number: run.until for run in run_list if run.until}
    previous = None
    for appearance in appearances:
        change = Change(ref(appearance))
        number = appearance.edition.number
        if number in starts:
            if previous is None:
                change.descriptions.append(_("First shown on the page."))
            else:
                change.descriptions.append(_("Back on the page."))
        if previous is not None:
            old, new = previous.name(language), appearance.name(language)
            if old != new:
                change.descriptions.append(
                    _("Name changed from “%(old)s” to “%(new)s”.") % {"old": old, "new": new}
                )
            if previous.status and appearance.status and previous.status != appearance.status:
                change.descriptions.append(
                    _("Status changed from %(old)s to %(new)s.")
                    % {"old": Status(previous.status).label, "new": Status(appearance.status).label}
                )
            for name, label in FIGURE_LABELS.items():
                before, after = previous.figures.get(name), appearance.figures.get(name)
                if before != after:
                    change.descriptions.append(
                        _("%(figure)s changed from %(old)s to %(new)s.")
                        % {
                            "figure": label,
                            "old": figure_words(before, language),
                            "new": figure_words(after, language),
                        }
                    )
        if change.descriptions:
            changes.append(change)
        previous = appearance
    for until in ends.values():
        changes.append(Change(until, [_("Left the page.")]))
    changes.sort(key=lambda c: (c.edition.took_effect, c.edition.number), reverse=True)
    return changes


def lineage(catalog, slug):
    """The missions this one follows from and led to, oldest first, itself included."""
    missions = {m["slug"]: m for m in catalog.get("missions", [])}
    line, seen = [], {slug}
    parent = missions.get(missions.get(slug, {}).get("predecessor"))
    while parent is not None and parent["slug"] not in seen:
        line.insert(0, parent)
        seen.add(parent["slug"])
        parent = missions.get(parent.get("predecessor"))
    line.append(missions.get(slug, {"slug": slug}))
    pending = [m for m in missions.values() if m.get("predecessor") == slug]
    while pending:
        mission = pending.pop(0)
        if mission["slug"] in seen:
            continue
        seen.add(mission["slug"])
        line.append(mission)
        pending[:0] = [m for m in missions.values() if m.get("predecessor") == mission["slug"]]
    return line


@dataclass
class Link:
    slug: str
    name: str
    period: str


def period(entry):
    dates = {"start": dated(entry.get("started")), "end": dated(entry.get("ended"))}
    if dates["start"] and dates["end"]:
        return _("%(start)s to %(end)s") % dates
    if dates["end"]:
        return _("until %(end)s") % dates
    if dates["start"] and entry.get("status") == Status.ENDED:
        return _("from %(start)s; end date not known") % dates
    if dates["start"]:
        return _("since %(start)s") % dates
    return ""


def mission_name(entry, language):
    """The mission's name and acronym, in the language the name was known in."""
    name, acronym = text_in(entry.get("name"), language), text_in(entry.get("acronym"), language)
    return Text(f"{name} ({acronym})", name.lang) if acronym else name


def lineage_links(catalog, slug, language):
    return [
        Link(m["slug"], mission_name(m, language), period(m))
        for m in lineage(catalog, slug)
        if "name" in m
    ]
