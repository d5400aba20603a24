"""The API's records and parameters as django-ninja schemas: they validate each request
and answer, and the OpenAPI document is generated from them, its descriptions in English
or French (missions/opendata/api.py). Each field's title is written here too (TITLES), in
both languages: pydantic's own, made from the field's name, would be English ("Took
Effect") in the French document."""

import datetime
from typing import Literal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from missions.core.choices import Language, MissionKind, PersonnelType, Precision, Status
from missions.models.editions import Edition

SLUG = r"^[-a-zA-Z0-9_]+$"
LanguageCode = Literal[tuple(Language.values)]
PrecisionCode = Literal[tuple(Precision.values)]
StatusCode = Literal[tuple(Status.values)]
KindCode = Literal[tuple(MissionKind.values)]
ACRONYM = r"^[-A-Za-z0-9]+$"

TITLES = {
    "acronym": _("Acronym"),
    "armed": _("Armed"),
    "as_of": _("As of"),
    "as_of_precision": _("Precision of the date"),
    "authorized": _("Authorized"),
    "content_hash": _("Content hash"),
    "cursor": _("Cursor"),
    "data": _("Records"),
    "date_from": _("Earliest date"),
    "date_to": _("Latest date"),
    "deployed": _("Deployed"),
    "detail": _("Detail"),
    "document": _("Document"),
    "edition": _("Edition"),
    "en": _("English"),
    "ended": _("Ended"),
    "ended_precision": _("Precision of the end"),
    "female": _("Women"),
    "figures_csv": _("Figures (CSV)"),
    "figures_json": _("Figures (JSON)"),
    "fr": _("French"),
    "id": _("Identifier"),
    "kind": _("Kind"),
    "language": _("Language"),
    "level": _("Level"),
    "limit": _("Records per page"),
    "male": _("Men"),
    "mission": _("Mission"),
    "mission_id": _("Mission identifier"),
    "month": _("Month"),
    "name": _("Name"),
    "next": _("Next page"),
    "number": _("Number"),
    "personnel_type": _("Personnel type"),
    "predecessor": _("Predecessor"),
    "predecessor_id": _("Predecessor identifier"),
    "recorded_on": _("Recorded on"),
    "region": _("Region"),
    "region_id": _("Region identifier"),
    "significant": _("Significant"),
    "slug": _("Name in addresses"),
    "source": _("Source"),
    "started": _("Started"),
    "started_precision": _("Precision of the start"),
    "status": _("Status"),
    "summary": _("Summary"),
    "took_effect": _("Took effect"),
    "total": _("Total"),
    "url": _("Address"),
}


def with_titles(document):
    """The OpenAPI document with each field's and parameter's title from TITLES (a name
    missing there fails loudly)."""
    for schema in document["components"]["schemas"].values():
        for name, field in schema.get("properties", {}).items():
            field["title"] = TITLES[name]
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                parameter["schema"]["title"] = TITLES[parameter["name"]]
    return document


class Error(Schema):
    detail: str = Field(description=_("What is wrong with the request, in English."))


class Text(Schema):
    en: str
    fr: str


class EditionOut(Schema):
    number: int
    kind: Literal[tuple(Edition.Kind.values)]
    took_effect: datetime.date = Field(description=_("The date the public first saw it."))
    significant: bool = Field(description=_("False for a typo fix or a rewording."))
    summary: Text = Field(description=_("What changed."))
    source: str = Field(description=_("For a historical edition: where the copy comes from."))
    recorded_on: datetime.date | None = Field(
        description=_(
            "For a historical edition loaded after a newer edition (so numbered after it): "
            "the day it was loaded from an archived copy."
        )
    )
    content_hash: str = Field(description=_("SHA-256 of the document; the page's ETag."))
    url: Text
    figures_csv: Text
    figures_json: Text


class EditionDetail(EditionOut):
    document: dict = Field(
        description=_("The whole page in both languages, as /api/v1/schemas/edition describes.")
    )


class RegionOut(Schema):
    id: int
    slug: str
    name: Text
    language: LanguageCode
    armed: bool
    predecessor: str | None = Field(
        description=_("The slug of the region this one continues under a new name, if any.")
    )
    url: Text


class MissionOut(Schema):
    id: int
    slug: str
    region_id: int
    name: Text
    acronym: Text
    kind: KindCode
    status: StatusCode
    started: datetime.date | None
    started_precision: PrecisionCode
    ended: datetime.date | None
    ended_precision: PrecisionCode
    language: LanguageCode | None = Field(description=_("Only where it differs from the region's."))
    armed: bool | None = Field(description=_("Only where it differs from the region's."))
    predecessor_id: int | None
    url: Text


class FigureOut(Schema):
    id: int
    level: Literal["region", "mission"]
    region_id: int
    mission_id: int | None
    as_of: datetime.date
    as_of_precision: PrecisionCode
    authorized: int | None = Field(ge=0)
    deployed: int | None = Field(ge=0)
    source: str
    edition: int = Field(description=_("The edition that first published these values."))


class UNFigureOut(Schema):
    id: int
    month: datetime.date = Field(description=_("The date of the UN's report."))
    acronym: str = Field(description=_("As the UN prints it; empty: Canada's total."))
    mission_id: int | None = Field(description=_("Our mission with this acronym, if any."))
    mission: str | None = Field(description=_("Its slug, if any."))
    personnel_type: Literal[tuple(PersonnelType.values)]
    male: int | None = Field(ge=0)
    female: int | None = Field(ge=0)
    total: int | None = Field(ge=0, description=_("As printed; null where not given."))
    source: str
    edition: int = Field(description=_("The edition that first published these values."))


class Page(Schema):
    next: str | None = Field(description=_("The address of the next page; null on the last."))


class EditionPage(Page):
    data: list[EditionOut]


class RegionPage(Page):
    data: list[RegionOut]


class MissionPage(Page):
    data: list[MissionOut]


class FigurePage(Page):
    data: list[FigureOut]


class UNFigurePage(Page):
    data: list[UNFigureOut]


class Paging(Schema):
    limit: int = Field(100, ge=1, le=1000, description=_("Records per page, 1 to 1000."))
    cursor: str | None = Field(None, max_length=40, description=_("From the `next` address."))


class EditionFilters(Paging):
    kind: Literal[tuple(Edition.Kind.values)] | None = None
    significant: bool | None = Field(None, description=_("Only significant changes, or only not."))
    date_from: datetime.date | None = Field(
        None, description=_("Took effect on this date or later.")
    )
    date_to: datetime.date | None = Field(
        None, description=_("Took effect on this date or earlier.")
    )


class MissionFilters(Paging):
    region: str | None = Field(None, pattern=SLUG, max_length=100, description=_("A region slug."))
    status: StatusCode | None = None
    kind: KindCode | None = None


class FigureFilters(Paging):
    region: str | None = Field(None, pattern=SLUG, max_length=100, description=_("A region slug."))
    mission: str | None = Field(
        None, pattern=SLUG, max_length=100, description=_("A mission slug.")
    )
    level: Literal["region", "mission"] | None = None
    date_from: datetime.date | None = Field(
        None, description=_("Figures as of this date or later.")
    )
    date_to: datetime.date | None = Field(
        None, description=_("Figures as of this date or earlier.")
    )
    edition: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description=_("Figures whose values this edition first published."),
    )


class UNFigureFilters(Paging):
    mission: str | None = Field(
        None, pattern=SLUG, max_length=100, description=_("A mission slug.")
    )
    acronym: str | None = Field(
        None, pattern=ACRONYM, max_length=20, description=_("A UN mission acronym, e.g. MONUSCO.")
    )
    date_from: datetime.date | None = Field(None, description=_("Reports of this date or later."))
    date_to: datetime.date | None = Field(None, description=_("Reports of this date or earlier."))
