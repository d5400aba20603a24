"""The read API for analysts, /api/v1/: regions, missions and figures in JSON, both
languages in each record, described by OpenAPI 3.1 (django-ninja).

Every list is ordered by id and read a page at a time after an opaque cursor, so a request
costs the same wherever it starts. Unknown parameters and bad values get a 400 that says
what is wrong. Editions: an `editions` resource and an `edition` field and filter on
figures slot in here once editions exist.
"""

import base64
import binascii
import datetime
from typing import Literal

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.generic import TemplateView
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError

from .editions import Edition
from .models import DeploymentSnapshot, Language, Mission, Precision, Region, Status
from .opendata import PUBLISHED_PREDECESSOR
from .published import PublishedFigure

api = NinjaAPI(
    title="Current peace operations API",
    version="1",
    description=(
        "Read-only data of the RCMP's Current peace operations page: regions, missions and "
        "dated figures, with English and French text in each record. Open Government "
        "Licence – Canada. A figure is for a whole region (level region) or one mission "
        "(level mission): sum one level at a time."
    ),
    urls_namespace="api-v1",
    docs_url=None,
)

CACHE_CONTROL = "public, max-age=300"
SLUG = r"^[-a-zA-Z0-9_]+$"
LanguageCode = Literal[tuple(Language.values)]
PrecisionCode = Literal[tuple(Precision.values)]
StatusCode = Literal[tuple(Status.values)]
KindCode = Literal[tuple(Mission.Kind.values)]


class Error(Schema):
    detail: str = Field(description="What is wrong with the request, in English.")


class Text(Schema):
    en: str
    fr: str


class RegionOut(Schema):
    id: int
    slug: str
    name: Text
    language: LanguageCode
    armed: bool
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
    language: LanguageCode | None = Field(description="Only where it differs from the region's.")
    armed: bool | None = Field(description="Only where it differs from the region's.")
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


class Page(Schema):
    next: str | None = Field(description="The address of the next page; null on the last.")


class RegionPage(Page):
    data: list[RegionOut]


class MissionPage(Page):
    data: list[MissionOut]


class FigurePage(Page):
    data: list[FigureOut]


class Paging(Schema):
    limit: int = Field(100, ge=1, le=1000, description="Records per page, 1 to 1000.")
    cursor: str | None = Field(None, max_length=40, description="From the `next` address.")


class MissionFilters(Paging):
    region: str | None = Field(None, pattern=SLUG, max_length=100, description="A region slug.")
    status: StatusCode | None = None
    kind: KindCode | None = None


class FigureFilters(Paging):
    region: str | None = Field(None, pattern=SLUG, max_length=100, description="A region slug.")
    mission: str | None = Field(None, pattern=SLUG, max_length=100, description="A mission slug.")
    level: Literal["region", "mission"] | None = None
    date_from: datetime.date | None = Field(None, description="Figures as of this date or later.")
    date_to: datetime.date | None = Field(None, description="Figures as of this date or earlier.")


@api.exception_handler(ValidationError)
def bad_values(request, exc):
    problems = []
    for error in exc.errors:
        name = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
        problems.append(f"{name}: {error.get('msg', 'invalid value')}")
    return api.create_response(request, {"detail": "; ".join(problems)}, status=400)


def check_parameters(request, filters):
    """Refuse parameters the endpoint does not know, or given more than once."""
    known = set(type(filters).model_fields)
    unknown = sorted(set(request.GET) - known)
    if unknown:
        raise HttpError(
            400,
            f"Unknown parameter: {', '.join(unknown)}. Known: {', '.join(sorted(known))}.",
        )
    repeated = sorted(name for name in request.GET if len(request.GET.getlist(name)) > 1)
    if repeated:
        raise HttpError(400, f"Give each parameter once: {', '.join(repeated)}.")


def encode_cursor(last_id):
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor):
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, value = text.split(":")
        if prefix != "after" or not value.isdigit():
            raise ValueError
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise HttpError(400, "cursor: not a cursor from a `next` address.") from None


def page(request, response, queryset, filters, serialize):
    """One page of queryset after the cursor, ordered by id, with the next page's address."""
    if filters.cursor:
        queryset = queryset.filter(pk__gt=decode_cursor(filters.cursor))
    records = list(queryset.order_by("pk")[: filters.limit + 1])
    next_url = None
    if len(records) > filters.limit:
        records = records[: filters.limit]
        query = request.GET.copy()
        query["cursor"] = encode_cursor(records[-1].pk)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    response["Cache-Control"] = CACHE_CONTROL
    return {"data": [serialize(request, record) for record in records], "next": next_url}


def both(record, field):
    return {"en": getattr(record, f"{field}_en") or "", "fr": getattr(record, f"{field}_fr") or ""}


def urls(request, record):
    links = {}
    for code in ("en", "fr"):
        with translation.override(code):
            links[code] = request.build_absolute_uri(record.get_absolute_url())
    return links


def live_catalog(request):
    """{"region"/"mission": {slug: facts}} as the live edition publishes them; read once
    per request. The API shows only what editions published, never the working copy."""
    if not hasattr(request, "live_catalog"):
        live = Edition.objects.live()
        catalog = (live.document if live else {}).get("catalog", {})
        request.live_catalog = {
            "region": {entry["slug"]: entry for entry in catalog.get("regions", [])},
            "mission": {entry["slug"]: entry for entry in catalog.get("missions", [])},
        }
    return request.live_catalog


def texts(entry, field):
    value = entry.get(field) or {}
    return {"en": value.get("en", ""), "fr": value.get("fr", "")}


def dated(entry, field):
    value = entry.get(field)
    return (value["date"], value["precision"]) if value else (None, "day")


def region_out(request, region):
    entry = live_catalog(request)["region"][region.slug]
    return {
        "id": region.pk,
        "slug": region.slug,
        "name": texts(entry, "name"),
        "language": region.language,
        "armed": region.armed,
        "url": urls(request, region),
    }


def mission_out(request, mission):
    entry = live_catalog(request)["mission"][mission.slug]
    started, started_precision = dated(entry, "started")
    ended, ended_precision = dated(entry, "ended")
    return {
        "id": mission.pk,
        "slug": mission.slug,
        "region_id": mission.region_id,
        "name": texts(entry, "name"),
        "acronym": texts(entry, "acronym"),
        "kind": entry["kind"],
        "status": entry["status"],
        "started": started,
        "started_precision": started_precision,
        "ended": ended,
        "ended_precision": ended_precision,
        "language": mission.language or None,
        "armed": mission.armed,
        "predecessor_id": mission.visible_predecessor_id,
        "url": urls(request, mission),
    }


def figure_out(request, figure):
    return {
        "id": figure.pk,
        "level": "mission" if figure.mission else "region",
        "region_id": figure.region_id,
        "mission_id": figure.mission_id if figure.mission else None,
        "as_of": figure.as_of,
        "as_of_precision": figure.precision,
        "authorized": figure.authorized,
        "deployed": figure.deployed,
        "source": figure.source,
    }


def published_slug(request, kind, slug):
    if slug not in live_catalog(request)[kind]:
        raise HttpError(400, f"{kind}: there is no published {kind} “{slug}”.")


ERRORS = {400: Error}


@api.get("/regions", response={200: RegionPage, **ERRORS}, summary="Every region")
def regions(request: HttpRequest, response: HttpResponse, filters: Query[Paging]):
    check_parameters(request, filters)
    regions = Region.objects.filter(slug__in=live_catalog(request)["region"])
    return page(request, response, regions, filters, region_out)


@api.get("/missions", response={200: MissionPage, **ERRORS}, summary="Every mission")
def missions(request: HttpRequest, response: HttpResponse, filters: Query[MissionFilters]):
    check_parameters(request, filters)
    catalog = live_catalog(request)["mission"]
    queryset = Mission.objects.filter(slug__in=catalog).annotate(
        visible_predecessor_id=PUBLISHED_PREDECESSOR
    )
    if filters.region:
        published_slug(request, "region", filters.region)
        queryset = queryset.filter(region__slug=filters.region)
    # Status and kind as published, not as the working copy has them.
    if filters.status:
        queryset = queryset.filter(
            slug__in=[slug for slug, m in catalog.items() if m["status"] == filters.status]
        )
    if filters.kind:
        queryset = queryset.filter(
            slug__in=[slug for slug, m in catalog.items() if m["kind"] == filters.kind]
        )
    return page(request, response, queryset, filters, mission_out)


@api.get("/figures", response={200: FigurePage, **ERRORS}, summary="Every dated figure")
def figures(request: HttpRequest, response: HttpResponse, filters: Query[FigureFilters]):
    check_parameters(request, filters)
    # The figures as last published, never the working copy's.
    queryset = PublishedFigure.objects.annotate(
        region_id=Subquery(Region.objects.filter(slug=OuterRef("region")).values("pk")[:1]),
        mission_id=Subquery(Mission.objects.filter(slug=OuterRef("mission")).values("pk")[:1]),
        precision=Coalesce(
            Subquery(
                DeploymentSnapshot.objects.filter(pk=OuterRef("snapshot_id")).values(
                    "as_of_precision"
                )[:1]
            ),
            Value("day"),
        ),
    )
    if filters.region:
        published_slug(request, "region", filters.region)
        queryset = queryset.filter(region=filters.region)
    if filters.mission:
        published_slug(request, "mission", filters.mission)
        queryset = queryset.filter(mission=filters.mission)
    if filters.level:
        queryset = (
            queryset.filter(mission="")
            if filters.level == "region"
            else queryset.exclude(mission="")
        )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise HttpError(400, "date_from: after date_to.")
    if filters.date_from:
        queryset = queryset.filter(as_of__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(as_of__lte=filters.date_to)
    return page(request, response, queryset, filters, figure_out)


def schema_summary(schema):
    """A parameter's or field's type in a few words: "integer, 1 to 1000", "one of: a, b"."""
    options = [option for option in schema.get("anyOf", [schema]) if option.get("type") != "null"]
    schema = options[0] if len(options) == 1 else schema
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    words = [schema.get("format") or schema.get("type", "object")]
    if "minimum" in schema or "maximum" in schema:
        words.append(f"{schema.get('minimum', '')} to {schema.get('maximum', '')}".strip())
    if "pattern" in schema:
        words.append(f"matching {schema['pattern']}")
    return ", ".join(words)


class ApiDocsView(TemplateView):
    """The API described for people, from the same OpenAPI document: no script, nothing
    from other hosts (Swagger UI would need both)."""

    template_name = "missions/api_docs.html"

    def get_context_data(self, **kwargs):
        document = api.get_openapi_schema(path_prefix=reverse("api-v1:api-root"))
        endpoints = []
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                parameters = [
                    {
                        "name": parameter["name"],
                        "type": schema_summary(parameter.get("schema", {})),
                        "description": parameter.get("description")
                        or parameter.get("schema", {}).get("description", ""),
                    }
                    for parameter in operation.get("parameters", [])
                ]
                endpoints.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary", ""),
                        "parameters": parameters,
                    }
                )
        return super().get_context_data(
            document=document,
            endpoints=endpoints,
            openapi_url=reverse("api-v1:openapi-json"),
            **kwargs,
        )
