"""Document → page: the small row objects the page templates render.

One render path for the current page, a past edition and a staff preview: each is a
document (missions/documents.py) turned into a Page in one language.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from .markup import render_markup
from .models import format_date

# A figure older than the page by more than this carries its own date.
STALE_AFTER = datetime.timedelta(days=365)


@dataclass
class Text:
    """A text in the page's language, or in the other one where it was not known (then
    `lang` says which, for the lang attribute)."""

    value: str
    lang: str | None = None

    def __str__(self):
        return self.value

    def __bool__(self):
        return bool(self.value)

    @property
    def html(self):
        return render_markup(self.value)


@dataclass
class Correction:
    on: datetime.date
    now: str


@dataclass
class Figure:
    wording: Text
    as_of: datetime.date | None = None
    dated: bool = False  # older than the page: show its date beside it
    correction: Correction | None = None


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


def page(document, language, on_date, corrections=None):
    """The document as read in `language` on `on_date`. corrections maps a figure's key
    (region, mission or None, as_of, "authorized" or "deployed") to a Correction."""
    reader = Reader(language, on_date, corrections or {})
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
    def __init__(self, language, on_date, corrections):
        self.language, self.on_date, self.corrections = language, on_date, corrections

    def shown(self, items):
        return [item for item in items if self.language in item.get("languages", [self.language])]

    def text(self, value):
        value = value or {}
        if value.get(self.language):
            return Text(value[self.language])
        other = next((code for code, text in value.items() if text), None)
        return Text(value[other], other) if other else Text("")

    def figure(self, data, region, mission, name):
        if not data:
            return None
        as_of = datetime.date.fromisoformat(data["as_of"]) if data.get("as_of") else None
        key = (region, mission if data["level"] == "mission" else None, data.get("as_of"), name)
        return Figure(
            wording=self.text(data["wording"]),
            as_of=as_of,
            dated=as_of is not None and self.on_date - as_of > STALE_AFTER,
            correction=self.corrections.get(key) if data["level"] != "missions" else None,
        )

    def figure_facts(self, figures, region, mission=None):
        facts = []
        if figures.get("authorized"):
            authorized = self.figure(figures["authorized"], region, mission, "authorized")
            facts.append(Fact(_("Authorized deployments"), authorized))
        if figures.get("deployed"):
            deployed = self.figure(figures["deployed"], region, mission, "deployed")
            facts.append(Fact(_("Currently deployed"), deployed))
        return facts

    def row(self, row):
        return Row(
            slug=row["region"],
            name=self.text(row["name"]),
            language=self.text(row["language"]),
            armed=self.text(row["armed"]),
            authorized=self.figure(row.get("authorized"), row["region"], None, "authorized"),
        )

    def region(self, region):
        return RegionBlock(
            slug=region["slug"],
            name=self.text(region["name"]),
            note=self.text(region.get("note")),
            intro=self.text(region.get("intro")),
            facts=self.figure_facts(region.get("figures", {}), region["slug"]),
            missions=[self.mission(m, region["slug"]) for m in self.shown(region["missions"])],
        )

    def mission(self, mission, region):
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
        facts += self.figure_facts(mission.get("figures", {}), region, mission["slug"])
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
