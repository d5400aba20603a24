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

# A figure older than the page by more than this carries its own date.
STALE_AFTER = datetime.timedelta(days=365)


@dataclass
class Correction:
    on: datetime.date
    now: str


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
    as_of: datetime.date | None = None
    dated: bool = False  # older than the page: show its date beside it


@dataclass
class Fact:
    label: str
    value: Text | Figure


@dataclass
class MissionBlock:
    slug: str
    name: Text
    acronym: Text
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
    rows: list[Row] = field(default_factory=list)
    regions: list[RegionBlock] = field(default_factory=list)
    specialized: list[PostingBlock] = field(default_factory=list)
    other: list[PostingBlock] = field(default_factory=list)


def page(document, language, on_date):
    """The document as read in `language` on `on_date`."""
    reader = Reader(language, on_date)
    postings = [reader.posting(p) for p in reader.shown(document.get("postings", []))]
    return Page(
        language=language,
        on_date=on_date,
        title=reader.text(document["title"]),
        notice=reader.text(document.get("notice")),
        rows=[reader.row(row) for row in reader.shown(document.get("table", []))],
        regions=[reader.region(region) for region in reader.shown(document["regions"])],
        specialized=[p for p in postings if p.kind == "specialized"],
        other=[p for p in postings if p.kind == "other"],
    )


class Reader:
    def __init__(self, language, on_date):
        self.language, self.on_date = language, on_date

    def shown(self, items):
        return [item for item in items if self.language in item.get("languages", [self.language])]

    def text(self, value):
        return text_in(value, self.language)

    def figure(self, data):
        if not data:
            return None
        as_of = datetime.date.fromisoformat(data["as_of"]) if data.get("as_of") else None
        return Figure(
            wording=self.text(data["wording"]),
            as_of=as_of,
            dated=as_of is not None and self.on_date - as_of > STALE_AFTER,
        )

    def figure_facts(self, figures):
        facts = []
        if figures.get("authorized"):
            facts.append(Fact(_("Authorized deployments"), self.figure(figures["authorized"])))
        if figures.get("deployed"):
            facts.append(Fact(_("Currently deployed"), self.figure(figures["deployed"])))
        return facts

    def row(self, row):
        return Row(
            slug=row["region"],
            name=self.text(row["name"]),
            language=self.text(row["language"]),
            armed=self.text(row["armed"]),
            authorized=self.figure(row.get("authorized")),
        )

    def region(self, region):
        return RegionBlock(
            slug=region["slug"],
            name=self.text(region["name"]),
            note=self.text(region.get("note")),
            intro=self.text(region.get("intro")),
            facts=self.figure_facts(region.get("figures", {})),
            missions=[self.mission(m) for m in self.shown(region["missions"])],
        )

    def mission(self, mission):
        facts = []
        if mission.get("since"):
            since = format_date(
                datetime.date.fromisoformat(mission["since"]["date"]), mission["since"]["precision"]
            )
            facts.append(Fact(_("Participation since"), Text(since)))
        if mission.get("language"):
            facts.append(Fact(_("Main language of operation"), self.text(mission["language"])))
        if mission.get("armed"):
            facts.append(Fact(_("Armed or unarmed"), self.text(mission["armed"])))
        facts += self.figure_facts(mission.get("figures", {}))
        return MissionBlock(
            slug=mission["slug"],
            name=self.text(mission["name"]),
            acronym=self.text(mission.get("acronym")),
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
