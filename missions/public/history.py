"""The history pages of a mission or a region, read only from what was published: the
facts from the live edition's catalog, the editions it appeared on from the Appearance
index, the figures from the published copy. A draft's text never shows here.

Recorded changes are changes between the editions an item appeared on: on or off the
page, name, status and the figures shown.

The figures are the published copy's, every one, as the downloads have them; each says
which edition first showed it on the page, if any did (a figure recorded later for a past
date, or one a newer figure hid, is in the history only).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.core.choices import Status
from missions.core.dates import format_date, long_date
from missions.core.text import Text, text_in
from missions.editions.document import figure_wording
from missions.models.editions import Edition
from missions.models.published import Appearance
from missions.public.charts import FigureOwner, FigureRow


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


def appearances_of(kind, slug, missions=(), listed_in=None, also=()):
    """The item's appearances, oldest edition first, without the editions' documents; with
    `missions`, those missions' too, and with `listed_in` (a region's slug) those of every
    mission an edition listed under that region, in the same query (a region's figures may
    have been shown in a mission's block); with `also`, those of these items of its kind."""
    wanted = Q(kind=kind, slug__in=[slug, *also])
    if missions:
        wanted |= Q(kind=Appearance.Kind.MISSION, slug__in=missions)
    if listed_in:
        wanted |= Q(kind=Appearance.Kind.MISSION, region=listed_in)
    return list(
        Appearance.objects.filter(wanted)
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


def mission_status(entry):
    """The mission's own status and dates, from the catalog: "Running since July 2015",
    "Closed: 2004 – October 15, 2017". The editions' view of it is status_periods()."""
    dates = {"start": dated(entry.get("started")), "end": dated(entry.get("ended"))}
    status = entry.get("status")
    if status == Status.ENDED:
        dates["start"] = dates["start"] or _("start date not known")
        dates["end"] = dates["end"] or _("end date not known")
        return _("Closed: %(start)s – %(end)s") % dates
    if status == Status.SUSPENDED:
        if dates["start"]:
            return _("Suspended; started %(start)s") % dates
        return _("Suspended; start date not known")
    if dates["start"]:
        return _("Running since %(start)s") % dates
    return _("Running; start date not known")


# What a figure's change says, by figure: changed, first given, no longer given. Whole
# sentences, so that each language can agree them with its noun.
FIGURE_CHANGES = {
    "table": (
        gettext_lazy("Summary-table figure changed from %(old)s to %(new)s."),
        gettext_lazy("Summary-table figure first given: %(new)s."),
        gettext_lazy("Summary-table figure no longer given (it was %(old)s)."),
    ),
    "authorized": (
        gettext_lazy("Authorized deployments changed from %(old)s to %(new)s."),
        gettext_lazy("Authorized deployments first given: %(new)s."),
        gettext_lazy("Authorized deployments no longer given (they were %(old)s)."),
    ),
    "deployed": (
        gettext_lazy("Officers deployed changed from %(old)s to %(new)s."),
        gettext_lazy("Officers deployed first given: %(new)s."),
        gettext_lazy("Officers deployed no longer given (they were %(old)s)."),
    ),
}


def figure_words(data, name, language):
    """A figure as the page gave it, with its date, in `language` (where the edition gave
    no words in it, its number)."""
    words = figure_wording(data, "authorized" if name == "table" else name, language)[0].value
    if data.get("as_of"):
        words = _("%(figure)s (as of %(date)s)") % {
            "figure": words,
            "date": long_date(datetime.date.fromisoformat(data["as_of"])),
        }
    return words


def figure_change(name, before, after, language):
    """The sentence for a figure that changed from `before` to `after` (None: not given)."""
    changed, given, gone = FIGURE_CHANGES[name]
    if before is None:
        return given % {"new": figure_words(after, name, language)}
    if after is None:
        return gone % {"old": figure_words(before, name, language)}
    return changed % {
        "old": figure_words(before, name, language),
        "new": figure_words(after, name, language),
    }


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
            for name in FIGURE_CHANGES:
                before, after = previous.figures.get(name), appearance.figures.get(name)
                if before != after:
                    change.descriptions.append(figure_change(name, before, after, language))
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


@dataclass
class SummaryRow:
    """A cap the summary table showed for the region, and the first edition that did."""

    as_of: datetime.date | None
    value: int
    wording: Text
    counted: str
    shown: EditionRef


# The summary table's cap is the region's authorized figure when it is the region's own.
SHOWN_AS = {"table": "authorized", "authorized": "authorized", "deployed": "deployed"}
COUNTED = {
    "region": gettext_lazy("The region's own figure"),
    "missions": gettext_lazy("The sum of its missions' figures"),
    "mission": gettext_lazy("One mission's figure"),
}


def owner(appearance, data):
    """("mission" or "region", slug) whose figure a shown figure is; None for a sum."""
    level = data.get("level")
    if level == "mission" and appearance.kind == Appearance.Kind.MISSION:
        return ("mission", appearance.slug)
    if level == "region":
        is_mission = appearance.kind == Appearance.Kind.MISSION
        return ("region", appearance.region if is_mission else appearance.slug)
    return None


def shown_figures(appearances):
    """{(kind, slug, as_of): {edition number: (EditionRef, {name: value})}}: the dated
    figures each edition showed for one mission or one region, oldest edition first."""
    shown = {}
    for appearance in appearances:
        for name, data in appearance.figures.items():
            whose = owner(appearance, data)
            if whose is None or name not in SHOWN_AS or not data.get("as_of"):
                continue
            editions = shown.setdefault((*whose, data["as_of"]), {})
            edition = editions.setdefault(appearance.edition.number, (ref(appearance), {}))
            edition[1][SHOWN_AS[name]] = data["value"]
    return shown


def figure_row(shown, whose, as_of, authorized, deployed, mission=None):
    """A figure of `whose` (("mission" or "region", slug)), marked with the first edition
    whose every value shown for it on that date is the figure's."""
    values = {"authorized": authorized, "deployed": deployed}
    first = next(
        (
            edition
            for edition, figures in shown.get((*whose, as_of.isoformat()), {}).values()
            if all(values[name] == value for name, value in figures.items())
        ),
        None,
    )
    return FigureRow(as_of, authorized, deployed, first, mission)


def region_figures(figures, shown, region, catalog, language):
    """FigureRows of a region's figures, (mission or "", as_of, authorized, deployed, ...)
    in the downloads' order: (its own, its missions')."""
    names = {m["slug"]: m for m in catalog.get("missions", [])}
    owners, own, missions = {}, [], []
    for mission, as_of, authorized, deployed, *_rest in figures:
        if not mission:
            own.append(figure_row(shown, ("region", region), as_of, authorized, deployed))
            continue
        if mission not in owners:
            # Its acronym where it has one: the table has four more columns to fit.
            entry = names.get(mission, {})
            name = text_in(entry.get("acronym"), language) or text_in(entry.get("name"), language)
            url = reverse("missions:mission_detail", args=[mission])
            owners[mission] = FigureOwner(name or Text(mission), url)
        values = (as_of, authorized, deployed, owners[mission])
        missions.append(figure_row(shown, ("mission", mission), *values))
    return own, missions


def summary_rows(appearances, language):
    """What the summary table showed for the region: each cap once, undated ones first,
    then by the date of the figure."""
    found = {}
    for appearance in appearances:
        data = appearance.figures.get("table")
        if not data:
            continue
        key = (data.get("as_of") or "", data["value"], data.get("level"))
        found.setdefault(
            key,
            SummaryRow(
                as_of=datetime.date.fromisoformat(key[0]) if key[0] else None,
                value=data["value"],
                wording=figure_wording(data, "authorized", language)[0],
                counted=str(COUNTED.get(data.get("level"), "")),
                shown=ref(appearance),
            ),
        )
    return sorted(found.values(), key=lambda row: (row.as_of or datetime.date.min, row.value))


def summary_series(summary):
    """(date, cap) of the dated caps the summary table showed, oldest edition first (so a
    chart takes the newest edition's cap where two were shown for one date)."""
    ordered = sorted(summary, key=lambda row: (row.shown.took_effect, row.shown.number))
    return [(row.as_of, row.value) for row in ordered if row.as_of]


def listed_under(region, catalog, mission_appearances):
    """The catalog's missions of `region`, as the editions listed them: those the records
    hold in it, and those an edition listed under it while the records hold them in
    another region today ({slug: (first, last) EditionRef of those editions})."""
    elsewhere = {}
    for appearance in mission_appearances:
        if appearance.region == region:
            first, _last = elsewhere.get(appearance.slug, (ref(appearance), None))
            elsewhere[appearance.slug] = (first, ref(appearance))
    found = []
    for mission in catalog.get("missions", []):
        if mission["region"] == region:
            found.append((mission, None))
        elif mission["slug"] in elsewhere:
            found.append((mission, elsewhere[mission["slug"]]))
    return found
