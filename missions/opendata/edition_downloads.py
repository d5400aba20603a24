"""The figures each edition showed, from its document, as CSV and JSON at the edition's
own address: they never change."""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.generic import View
from modeltranslation.utils import get_language

from missions.core.spreadsheets import spreadsheet_safe
from missions.core.text import text_in
from missions.editions.document import figure_wording
from missions.models.editions import YEAR, Edition
from missions.opendata.downloads import not_modified


class Echo:
    """A file-like object whose write() returns the line, for csv.writer in a stream."""

    def write(self, value):
        return value


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
        # Weak, as for any stream (downloads.py): its hash is known only at its end.
        etag = f'W/"{self.edition.content_hash}"'
        published = int(self.edition.published_at.timestamp())
        response = not_modified(request, etag, published)
        if response is None:
            response = super().get(request, *args, **kwargs)
            response["ETag"] = etag
            response["Last-Modified"] = http_date(published)
        if response.status_code != 412:  # a failed If-Match is no answer to keep
            # From the edition's document alone: the file never changes.
            patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
        return response

    def rows(self):
        return edition_figures(self.edition, get_language())

    def get_filename(self):
        return f"edition-{self.edition.number}-figures-{get_language()}.{self.format}"


def edition_figures(edition, language):
    """The figures of an edition's `language` page, in page order, as download rows; a
    wording the edition gave only in the other language is the number in `language`, as
    its page shows it."""
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
                    text_in(region["name"], language).value,
                    mission["slug"] if mission else "",
                    text_in(mission["name"], language).value if mission else "",
                    name,
                    data["value"],
                    figure_wording(data, name, language)[0].value,
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
