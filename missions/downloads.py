"""The data downloads, CSV and JSON, from published data only: all figures and each
mission's from the published copy (missions/published.py), named as the live edition's
catalog names them; and the figures each edition showed, from its document."""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import View
from modeltranslation.utils import get_language

from .editions import Edition
from .published import published_figures


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
    apostrophe, as OWASP advises against CSV injection. The JSON keeps the text as is."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class Echo:
    """A file-like object whose write() returns the line, for csv.writer in a stream."""

    def write(self, value):
        return value


def text(value, language):
    value = value or {}
    return value.get(language) or next((v for v in value.values() if v), "")


class DownloadView(View):
    """Rows streamed as CSV or JSON, the columns in a fixed order."""

    format = "csv"
    columns = []

    def get(self, request, *args, **kwargs):
        rows = self.rows()
        if self.format == "json":
            content, content_type = self.json_lines(rows), "application/json"
        else:
            content, content_type = self.csv_lines(rows), "text/csv; charset=utf-8"
        return StreamingHttpResponse(
            content,
            content_type=content_type,
            headers={"Content-Disposition": f'attachment; filename="{self.get_filename()}"'},
        )

    def csv_lines(self, rows):
        writer = csv.writer(Echo())
        yield writer.writerow(self.columns)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(value) for value in row])

    def json_lines(self, rows):
        separator = "[\n"
        for row in rows:
            record = dict(zip(self.columns, row, strict=True))
            yield separator + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
            separator = ",\n"
        yield "[]\n" if separator == "[\n" else "\n]\n"


class SnapshotDownloadView(DownloadView):
    """All published figures, or one mission's: one row per figure, text in the language
    of the URL, names and status as the live edition has them."""

    columns = [
        "region",
        "region_slug",
        "mission",
        "mission_slug",
        "acronym",
        "as_of",
        "authorized",
        "deployed",
        "status",
        "source",
    ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        live = Edition.objects.live()
        catalog = (live.document if live else {}).get("catalog", {})
        self.regions = {region["slug"]: region for region in catalog.get("regions", [])}
        self.missions = {mission["slug"]: mission for mission in catalog.get("missions", [])}

    def get(self, request, *args, **kwargs):
        figures = published_figures()
        if "slug" in kwargs:
            figures = figures.of_mission(kwargs["slug"])
            if kwargs["slug"] not in self.missions and not figures.exists():
                raise Http404(_("No such mission."))
        self.figures = figures
        return super().get(request, *args, **kwargs)

    def rows(self):
        language = get_language()
        values = self.figures.values_list(
            "region", "mission", "as_of", "authorized", "deployed", "source"
        )
        for region, mission, as_of, authorized, deployed, source in values.iterator(2000):
            facts = self.missions.get(mission, {})
            yield (
                text(self.regions.get(region, {}).get("name"), language) or region,
                region,
                (text(facts.get("name"), language) or mission) if mission else None,
                mission or None,
                text(facts.get("acronym"), language) if mission else None,
                as_of,
                authorized,
                deployed,
                facts.get("status") if mission else None,
                source,
            )

    def get_filename(self):
        prefix = f"{self.kwargs['slug']}-" if "slug" in self.kwargs else ""
        return f"{prefix}snapshots-{get_language()}.{self.format}"


class EditionFiguresView(DownloadView):
    """The figures one edition showed, from its document, with their wording and level:
    "table" (the summary-table row), "region" or "mission" is where the page showed it."""

    columns = [
        "edition",
        "took_effect",
        "shown_in",
        "region_slug",
        "region",
        "mission_slug",
        "mission",
        "figure",
        "value",
        "wording",
        "as_of",
        "level",
    ]

    def get(self, request, *args, **kwargs):
        self.edition = get_object_or_404(Edition, number=kwargs["number"])
        return super().get(request, *args, **kwargs)

    def rows(self):
        return edition_figures(self.edition, get_language())

    def get_filename(self):
        return f"edition-{self.edition.number}-figures-{get_language()}.{self.format}"


def edition_figures(edition, language):
    """The figures of an edition's `language` page, in page order, as download rows."""
    document = edition.document
    head = (edition.number, edition.took_effect)

    def shown(item):
        return language in item.get("languages", [language])

    def lines(where, region, mission, figures):
        for name, data in (figures or {}).items():
            if data:
                yield (
                    *head,
                    where,
                    region["slug"],
                    text(region["name"], language),
                    mission["slug"] if mission else "",
                    text(mission["name"], language) if mission else "",
                    name,
                    data["value"],
                    text(data["wording"], language),
                    data.get("as_of") or "",
                    data["level"],
                )

    for row in filter(shown, document.get("table", [])):
        region = {"slug": row["region"], "name": row["name"]}
        yield from lines("table", region, None, {"authorized": row.get("authorized")})
    for region in filter(shown, document.get("regions", [])):
        yield from lines("region", region, None, region.get("figures"))
        for mission in filter(shown, region.get("missions", [])):
            yield from lines("mission", region, mission, mission.get("figures"))
