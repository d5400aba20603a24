"""Document → page: the small row objects the page templates render.

One render path for the current page, a past edition and a staff preview: each is a
document (missions/editions/document.py) turned into a Page in one language.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from missions.core.dates import format_date
from missions.core.text import Text, text_in
from missions.editions.document import figure_wording

# A figure older than the page by more than this carries its own date.
STALE_AFTER = datetime.timedelta(days=365)


@dataclass
class Correction:
    """A figure corrected by a later edition: when, and its value now (None: removed)."""

    on: datetime.date
    now: int | None


@dataclass
class CorrectedFigure:
    """A figure an edition showed, and what it has been corrected to since."""

    where: Text  # the mission's or region's name, as the edition gave it
    label: str
    as_of: datetime.date
    shown: str
    correction: Correction


@dataclass
class Figure:
    wording: Text
    original: Text | None = None  # the edition's words in the other language, if only those
    as_of: datetime.date | None = None
    dated: bool = False  # older than the page: show its date beside it
    value: int | None = None  # as the edition published it
    correction: Correction | None = None  # made since, on a past edition's page


@dataclass
class Fact:
    label: str
    value: Text | Figure


@dataclass
class MissionBlock:
    slug: str
    name: Text
    acronym: Text
    heading: Text  # name and acronym, as the edition's layout showed them
    status: str
    status_note: Text
    facts: list[Fact]
    body: Text

    @property
    def url(self):
        return reverse("missions:mission_detail", args=[self.slug])


@dataclass
class RegionBlock:
    slug: str
    name: Text
    note: Text
    intro: Text
    facts: list[Fact]
    missions: list[MissionBlock]

    @property
    def url(self):
        return reverse("missions:region_detail", args=[self.slug])


@dataclass
class Row:
    slug: str
    name: Text
    language: Text
    armed: Text
    authorized: Figure | None


@dataclass
class PostingBlock:
    slug: str
    kind: str
    title: Text
    body: Text
    since: str


@dataclass
class Page:
    language: str
    on_date: datetime.date
    title: Text
    notice: Text
    header: list[Text] = field(default_factory=list)
    intro: Text = field(default_factory=lambda: Text(""))
    rows: list[Row] = field(default_factory=list)
    regions: list[RegionBlock] = field(default_factory=list)
    specialized: list[PostingBlock] = field(default_factory=list)
    other: list[PostingBlock] = field(default_factory=list)


def page(document, language, on_date, corrections=None):
    """The document as read in `language` on `on_date`; `corrections` (those of
    editions.corrections()) are shown next to the figures they correct."""
    reader = Reader(language, on_date, corrections, document.get("mission_heading", "name"))
    postings = [reader.posting(p) for p in reader.shown(document.get("postings", []))]
    return Page(
        language=language,
        on_date=on_date,
        title=reader.text(document["title"]),
        notice=reader.text(document.get("notice")),
        header=[reader.text(line) for line in document.get("header", [])],
        intro=reader.text(document.get("intro")),
        rows=[reader.row(row) for row in reader.shown(document.get("table", []))],
        regions=[reader.region(region) for region in reader.shown(document["regions"])],
        specialized=[p for p in postings if p.kind == "specialized"],
        other=[p for p in postings if p.kind == "other"],
    )


class Reader:
    def __init__(self, language, on_date, corrections=None, mission_heading="name"):
        self.language, self.on_date = language, on_date
        self.corrections = corrections or {}
        self.mission_heading = mission_heading
        self.missions_shown = 0  # numbers the headings of the 2011-16 layout

    def shown(self, items):
        return [item for item in items if self.language in item.get("languages", [self.language])]

    def text(self, value):
        return text_in(value, self.language)

    def figure(self, data, name="authorized", region=None, mission=None):
        """A figure of the region `region`'s or the mission `mission`'s, with its
        correction if one was made since."""
        if not data:
            return None
        as_of = datetime.date.fromisoformat(data["as_of"]) if data.get("as_of") else None
        owner = mission if data.get("level") == "mission" else None
        wording, original = figure_wording(data, name, self.language)
        return Figure(
            wording=wording,
            original=original,
            as_of=as_of,
            dated=as_of is not None and self.on_date - as_of > STALE_AFTER,
            value=data.get("value"),
            correction=self.corrections.get((region, owner, data.get("as_of"), name)),
        )

    def figure_facts(self, figures, region, mission=None):
        facts = []
        for name, label in (
            ("authorized", _("Authorized deployments")),
            ("deployed", _("Currently deployed")),
        ):
            if figures.get(name):
                facts.append(Fact(label, self.figure(figures[name], name, region, mission)))
        return facts

    def row(self, row):
        return Row(
            slug=row["region"],
            name=self.text(row["name"]),
            language=self.text(row["language"]),
            armed=self.text(row["armed"]),
            authorized=self.figure(row.get("authorized"), region=row["region"]),
        )

    def attribute_facts(self, item):
        facts = []
        if item.get("language"):
            facts.append(Fact(_("Main language of operation"), self.text(item["language"])))
        if item.get("armed"):
            facts.append(Fact(_("Armed or unarmed"), self.text(item["armed"])))
        return facts

    def region(self, region):
        name = self.text(region["name"])
        return RegionBlock(
            slug=region["slug"],
            name=name,
            note=self.text(region.get("note")),
            intro=self.text(region.get("intro")),
            facts=self.attribute_facts(region)
            + self.figure_facts(region.get("figures", {}), region["slug"]),
            missions=[
                self.mission(m, region["slug"], name) for m in self.shown(region["missions"])
            ],
        )

    def heading(self, name, acronym, region_name):
        """The mission's heading in the edition's layout; its language is the name's."""
        self.missions_shown += 1
        if self.mission_heading == "name_acronym" and acronym:
            return Text(_("%(name)s (%(acronym)s)") % {"name": name, "acronym": acronym}, name.lang)
        if self.mission_heading == "numbered_region_acronym":
            values = {
                "number": self.missions_shown,
                "region": region_name,
                "acronym": acronym or name,
            }
            return Text(_("%(number)s. %(region)s: %(acronym)s") % values, region_name.lang)
        return name

    def mission(self, mission, region, region_name):
        facts = []
        if mission.get("since"):
            since = format_date(
                datetime.date.fromisoformat(mission["since"]["date"]), mission["since"]["precision"]
            )
            facts.append(Fact(_("Participation since"), Text(since)))
        facts += self.attribute_facts(mission)
        facts += self.figure_facts(mission.get("figures", {}), region, mission["slug"])
        name, acronym = self.text(mission["name"]), self.text(mission.get("acronym"))
        return MissionBlock(
            slug=mission["slug"],
            name=name,
            acronym=acronym,
            heading=self.heading(name, acronym, region_name),
            status=mission["status"],
            status_note=self.text(mission.get("status_note")),
            facts=facts,
            body=self.text(mission.get("body")),
        )

    def posting(self, posting):
        since = ""
        if posting.get("since"):
            since = format_date(
                datetime.date.fromisoformat(posting["since"]["date"]), posting["since"]["precision"]
            )
        return PostingBlock(
            slug=posting["slug"],
            kind=posting["kind"],
            title=self.text(posting["title"]),
            body=self.text(posting.get("body")),
            since=since,
        )


def corrected_figures(document, language, shown, corrections):
    """The corrections (editions.corrections()) of a document's figures, in page order,
    named as the document names them in `language`; shown is figures_shown(document)."""
    reader = Reader(language, None)
    names = {(row["region"], None): row["name"] for row in document.get("table", [])}
    for region in document.get("regions", []):
        names[(region["slug"], None)] = region["name"]
        for mission in region.get("missions", []):
            names[(region["slug"], mission["slug"])] = mission["name"]
    labels = {"authorized": _("Authorized deployments"), "deployed": _("Currently deployed")}
    fixes = []
    for key, correction in corrections.items():
        region, mission, as_of, name = key
        fixes.append(
            CorrectedFigure(
                where=reader.text(names.get((region, mission))) or Text(mission or region),
                label=labels[name],
                as_of=datetime.date.fromisoformat(as_of),
                shown=shown[key],
                correction=correction,
            )
        )
    return fixes
