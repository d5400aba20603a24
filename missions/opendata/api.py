"""The read API for analysts, /api/v1/: editions, regions, missions and figures in JSON,
both languages in each record, described by OpenAPI 3.1 (django-ninja).

Every list is ordered by id (the editions by date, then number) and read a page at a time
after an opaque cursor, so a request costs the same wherever it starts. Unknown parameters
and bad values get a 400 that says what is wrong. Regions, missions and figures are as the
live edition published them.

The OpenAPI document describes it in English at /api/v1/openapi.json, and in each language
at the language's API page (/en/api/openapi.json, /fr/api/openapi.json).
"""

import base64
import binascii
import json

from django.db.models import Q, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError
from ninja.responses import NinjaJSONEncoder

from missions.core.links import absolute_url
from missions.editions.document import schema
from missions.models.editions import Edition
from missions.models.published import PublishedFigure, PublishedUNFigure
from missions.models.records import Mission, Region
from missions.opendata.rows import catalog_by_slug, codes, record_ids, with_record_ids
from missions.opendata.schemas import (
    EditionDetail,
    EditionFilters,
    EditionPage,
    Error,
    FigureFilters,
    FigurePage,
    MissionFilters,
    MissionPage,
    Paging,
    RegionPage,
    UNFigureFilters,
    UNFigurePage,
    with_titles,
)

# The answers' descriptions in the OpenAPI document (django-ninja gives HTTP's English).
RESPONSES = {
    "200": gettext_lazy("OK"),
    "400": gettext_lazy("Bad request: the answer says what is wrong"),
    "404": gettext_lazy("Not found"),
}


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        # Stable names for clients generated from the schema, wherever the code lives.
        return f"missions_api_{operation.view_func.__name__}"

    def get_openapi_schema(self, *, path_prefix=None, path_params=None, language="en"):
        """The OpenAPI document, its descriptions in `language`: English by default, as at
        /api/v1/openapi.json, whatever language the browser prefers."""
        with translation.override(language):
            document = with_titles(
                super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            )
            for operations in document["paths"].values():
                for operation in operations.values():
                    for status, response in operation["responses"].items():
                        response["description"] = RESPONSES.get(
                            str(status), response["description"]
                        )
            # The descriptions are lazy: written out while the language is active.
            return json.loads(json.dumps(document, cls=NinjaJSONEncoder))


api = Api(
    title=gettext_lazy("Current peace operations API"),
    version="1",
    description=gettext_lazy(
        "Read-only data of the RCMP's Current peace operations page: its editions, regions, "
        "missions and dated figures, with English and French text in each record. Open Government "
        "Licence – Canada, except the UN's own monthly figures (/un-contributions), whose "
        "sources keep their own terms (see the data package). A figure is for a whole region "
        "(level region) or one mission (level mission): sum one level at a time."
    ),
    urls_namespace="api-v1",
    docs_url=None,
)

CACHE_CONTROL = "public, max-age=300"


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


def after_id(pk):
    return Q(pk__gt=pk)


def after_edition(pk):
    """The editions after the one of id `pk` by date, then number (a historical edition
    loaded late has a later number than its date deserves)."""
    last = Edition.objects.filter(pk=pk)
    took_effect = Subquery(last.values("took_effect")[:1])
    number = Subquery(last.values("number")[:1])
    return Q(took_effect__gt=took_effect) | Q(took_effect=took_effect, number__gt=number)


def page(request, response, queryset, filters, serialize, order=("pk",), after=after_id):
    """One page of queryset after the cursor (the id of the last record of the page
    before, which `after` turns into a filter) in `order`, with the next page's address."""
    if filters.cursor:
        queryset = queryset.filter(after(decode_cursor(filters.cursor)))
    records = list(queryset.order_by(*order)[: filters.limit + 1])
    next_url = None
    if len(records) > filters.limit:
        records = records[: filters.limit]
        query = request.GET.copy()
        query["cursor"] = encode_cursor(records[-1].pk)
        next_url = absolute_url(request, f"{request.path}?{query.urlencode()}")
    response["Cache-Control"] = CACHE_CONTROL
    return {"data": [serialize(request, record) for record in records], "next": next_url}


def both(record, field):
    return {"en": getattr(record, f"{field}_en") or "", "fr": getattr(record, f"{field}_fr") or ""}


def urls(request, record, path=None):
    """A record's address (or `path`, reversed lazily) in each language."""
    links = {}
    for code in ("en", "fr"):
        with translation.override(code):
            links[code] = absolute_url(request, str(path or record.get_absolute_url()))
    return links


def live_catalog(request):
    """{"region"/"mission": {slug: facts}} as the live edition publishes them; read once
    per request. The API shows only what editions published, never the working copy."""
    if not hasattr(request, "live_catalog"):
        request.live_catalog = catalog_by_slug()
    return request.live_catalog


def texts(entry, field):
    value = entry.get(field) or {}
    return {"en": value.get("en", ""), "fr": value.get("fr", "")}


def dated(entry, field):
    value = entry.get(field)
    return (value["date"], value["precision"]) if value else (None, "day")


def edition_out(request, edition):
    def addresses(name):
        return urls(request, edition, reverse_lazy(name, args=[edition.number]))

    return {
        "number": edition.number,
        "kind": edition.kind,
        "took_effect": edition.took_effect,
        "significant": edition.significant,
        "summary": both(edition, "summary"),
        "source": edition.source,
        "recorded_on": edition.recorded_on,
        "content_hash": edition.content_hash,
        "url": addresses("missions:edition"),
        "figures_csv": addresses("missions:edition_figures_csv"),
        "figures_json": addresses("missions:edition_figures_json"),
    }


def region_out(request, region):
    """A region as the live edition publishes it; of its record, only its id and slug."""
    entry = live_catalog(request)["region"][region.slug]
    language, armed = codes(entry)
    return {
        "id": region.pk,
        "slug": region.slug,
        "name": texts(entry, "name"),
        "language": language,
        "armed": armed,
        "predecessor": entry.get("predecessor"),
        "url": urls(request, region),
    }


def mission_out(request, mission):
    """A mission as the live edition publishes it, in the region it gives it; of its
    record, only its id and slug."""
    catalog = live_catalog(request)
    entry = catalog["mission"][mission.slug]
    language, armed = codes(entry)
    region_language, region_armed = codes(catalog["region"][entry["region"]])
    started, started_precision = dated(entry, "started")
    ended, ended_precision = dated(entry, "ended")
    return {
        "id": mission.pk,
        "slug": mission.slug,
        "region_id": ids(request)["region"][entry["region"]],
        "name": texts(entry, "name"),
        "acronym": texts(entry, "acronym"),
        "kind": entry["kind"],
        "status": entry["status"],
        "started": started,
        "started_precision": started_precision,
        "ended": ended,
        "ended_precision": ended_precision,
        "language": None if language == region_language else language,
        "armed": None if armed == region_armed else armed,
        "predecessor_id": ids(request)["mission"].get(entry.get("predecessor")),
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
        "edition": figure.edition.number,
    }


def un_figure_out(request, figure):
    published = figure.mission in live_catalog(request)["mission"]
    mission_id = ids(request)["mission"].get(figure.mission) if published else None
    return {
        "id": figure.pk,
        "month": figure.month,
        "acronym": figure.acronym,
        "mission_id": mission_id,
        "mission": figure.mission if mission_id else None,
        "personnel_type": figure.personnel_type,
        "male": figure.male,
        "female": figure.female,
        "total": figure.total,
        "source": figure.source,
        "edition": figure.edition.number,
    }


def ids(request):
    """record_ids(), read once per request: a mission's region and predecessor by id."""
    if not hasattr(request, "record_ids"):
        request.record_ids = record_ids()
    return request.record_ids


def published_slug(request, kind, slug):
    if slug not in live_catalog(request)[kind]:
        raise HttpError(400, f"{kind}: there is no published {kind} “{slug}”.")


def in_range(queryset, field, filters):
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise HttpError(400, "date_from: after date_to.")
    if filters.date_from:
        queryset = queryset.filter(**{f"{field}__gte": filters.date_from})
    if filters.date_to:
        queryset = queryset.filter(**{f"{field}__lte": filters.date_to})
    return queryset


ERRORS = {400: Error}
EDITION_NUMBER = r"^[1-9][0-9]{0,8}$"


@api.get("/editions", response={200: EditionPage, **ERRORS}, summary=gettext_lazy("Every edition"))
def editions(request: HttpRequest, response: HttpResponse, filters: Query[EditionFilters]):
    check_parameters(request, filters)
    # Only editions the public has seen: one set to take effect later is not out yet.
    queryset = Edition.objects.filter(took_effect__lte=timezone.localdate())
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.significant is not None:
        queryset = queryset.filter(significant=filters.significant)
    queryset = in_range(queryset, "took_effect", filters).with_recorded_on().defer("document")
    order = ("took_effect", "number")
    return page(request, response, queryset, filters, edition_out, order, after_edition)


@api.get(
    "/editions/{number}",
    response={200: EditionDetail, 404: Error, **ERRORS},
    summary=gettext_lazy("One edition, with the whole page as it published it"),
)
def edition(
    request: HttpRequest,
    response: HttpResponse,
    number: str = Path(..., pattern=EDITION_NUMBER, description=gettext_lazy("Its number.")),
):
    if request.GET:
        raise HttpError(400, f"Unknown parameter: {', '.join(sorted(request.GET))}.")
    found = Edition.objects.with_recorded_on().filter(
        number=int(number), took_effect__lte=timezone.localdate()
    )
    edition = found.first()
    if edition is None:
        raise HttpError(404, f"number: there is no edition {number}.")
    response["Cache-Control"] = CACHE_CONTROL
    return {**edition_out(request, edition), "document": edition.document}


@api.get(
    "/schemas/edition",
    response={200: dict, **ERRORS},
    summary=gettext_lazy("The editions' JSON Schema"),
)
def edition_schema(request: HttpRequest, response: HttpResponse):
    if request.GET:
        raise HttpError(400, f"Unknown parameter: {', '.join(sorted(request.GET))}.")
    response["Cache-Control"] = CACHE_CONTROL
    return schema()


@api.get("/regions", response={200: RegionPage, **ERRORS}, summary=gettext_lazy("Every region"))
def regions(request: HttpRequest, response: HttpResponse, filters: Query[Paging]):
    check_parameters(request, filters)
    # The records give the ids to page by; the catalog, everything else.
    regions = Region.objects.filter(slug__in=live_catalog(request)["region"]).only("slug")
    return page(request, response, regions, filters, region_out)


@api.get("/missions", response={200: MissionPage, **ERRORS}, summary=gettext_lazy("Every mission"))
def missions(request: HttpRequest, response: HttpResponse, filters: Query[MissionFilters]):
    check_parameters(request, filters)
    catalog = live_catalog(request)["mission"]
    # The records give the ids to page by; the catalog, everything else.
    queryset = Mission.objects.filter(slug__in=catalog).only("slug")
    # Region, status and kind as published, not as the working copy has them.
    if filters.region:
        published_slug(request, "region", filters.region)
        queryset = queryset.filter(
            slug__in=[slug for slug, m in catalog.items() if m["region"] == filters.region]
        )
    if filters.status:
        queryset = queryset.filter(
            slug__in=[slug for slug, m in catalog.items() if m["status"] == filters.status]
        )
    if filters.kind:
        queryset = queryset.filter(
            slug__in=[slug for slug, m in catalog.items() if m["kind"] == filters.kind]
        )
    return page(request, response, queryset, filters, mission_out)


@api.get(
    "/figures", response={200: FigurePage, **ERRORS}, summary=gettext_lazy("Every dated figure")
)
def figures(request: HttpRequest, response: HttpResponse, filters: Query[FigureFilters]):
    check_parameters(request, filters)
    # The figures as last published, never the working copy's.
    queryset = with_record_ids(PublishedFigure.objects.select_related("edition"))
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
    if filters.edition:
        queryset = queryset.filter(edition__number=filters.edition)
    queryset = in_range(queryset, "as_of", filters)
    return page(request, response, queryset, filters, figure_out)


@api.get(
    "/un-contributions",
    response={200: UNFigurePage, **ERRORS},
    summary=gettext_lazy("The UN's own monthly figures of Canada's police, by UN mission"),
)
def un_contributions(request: HttpRequest, response: HttpResponse, filters: Query[UNFigureFilters]):
    check_parameters(request, filters)
    # As last published, never the working copy's.
    queryset = PublishedUNFigure.objects.select_related("edition")
    if filters.mission:
        published_slug(request, "mission", filters.mission)
        queryset = queryset.filter(mission=filters.mission)
    if filters.acronym:
        queryset = queryset.filter(acronym__iexact=filters.acronym)
    queryset = in_range(queryset, "month", filters)
    return page(request, response, queryset, filters, un_figure_out)


def not_found(request, rest):
    return JsonResponse({"detail": f"There is nothing at /api/v1/{rest}."}, status=404)
