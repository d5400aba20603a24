"""The data downloads: CSV and JSON of the tables in missions/opendata/tables.py, the data
package that describes them, and the page that lists them with their licence and data
dictionary.

Every row comes from published data (missions/opendata/rows.py): nothing saved since
the live edition reaches a download.

A stream's hash is known only once its last byte is sent, after its headers: it carries a
weak ETag instead, naming what it was made from, so that a client whose copy is current
gets a 304 without the rows being read. A weak tag never satisfies If-Range, so a stream
is never resumed: a Range gets the whole file (the built files can be, files.py).
"""

import csv
import functools
import itertools
import json
import re
from types import SimpleNamespace

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.html import conditional_escape, format_html_join
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from missions.core.dates import long_date
from missions.core.links import absolute_url
from missions.core.spreadsheets import spreadsheet_safe
from missions.models.editions import Edition, live_date_modified
from missions.opendata import tables
from missions.opendata.rows import (
    catalog_by_slug,
    figure_rows,
    mission_rows,
    region_rows,
    un_rows,
)
from missions.opendata.tableschema import FALSE, TRUE


def csv_value(value):
    if isinstance(value, bool):
        return TRUE if value else FALSE
    return spreadsheet_safe(value)


# Also stored with the built files in a bucket, for the CDN (missions/opendata/files.py).
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


class Echo:
    """A file-like object whose write() returns the line, for csv.writer in a stream."""

    def write(self, value):
        return value


def not_modified(request, etag, last_modified=None, vary=()):
    """The 304 for a client whose copy is current (If-None-Match, or If-Modified-Since
    without it; RFC 9110 §13.2.2), or the 412 of a failed If-Match, with the validators
    and Vary a 304 repeats; None to send the download."""
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is not None:
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        patch_vary_headers(response, vary)
    return response


def citation(url):
    """The "cite this" line of a download or of the data page, with its permanent address."""
    return _(
        "Royal Canadian Mounted Police. %(title)s. Open Government Licence – Canada. "
        "%(url)s (retrieved %(date)s)."
    ) % {
        "title": tables.PACKAGE_TITLE,
        "url": url,
        "date": long_date(timezone.localdate()),
    }


class TableDownloadView(View):
    """One table streamed as CSV or JSON in the language of the URL, in chunks of 2,000
    rows so that memory stays flat. The figures can be limited to one mission or region
    (the slug and scope of the URL)."""

    table = tables.FIGURES
    format = "csv"
    scope = None  # "mission" or "region": the figures of the one named by the slug

    def published_rows(self):
        """The table as published (not the working copy), in the download order."""
        language = get_language()
        names = catalog_by_slug()
        if self.table is tables.REGIONS:
            return region_rows(language, names)
        if self.table is tables.MISSIONS:
            return mission_rows(language, names)
        if self.table is tables.UN_CONTRIBUTIONS:
            return un_rows(names=names)
        slug = self.kwargs.get("slug")
        if self.scope and slug not in names[self.scope]:
            raise Http404(_("No such mission or region."))
        self.owner = SimpleNamespace(slug=slug)
        scope = {self.scope: slug} if self.scope else {}
        return figure_rows(language, names, **scope)

    def get_filename(self):
        stem = tables.FILES[self.table.name]
        if self.scope == "mission":
            stem = f"{self.owner.slug}-{stem}"
        elif self.scope == "region":
            stem = f"region-{self.owner.slug}-{stem}"
        return f"{stem}-{get_language()}.{self.format}"

    def headers(self, request):
        package = absolute_url(request, reverse("missions:datapackage"))
        described = f'<{package}>; rel="describedby"; type="application/json"'
        # A CSV file has no room for metadata: its licence and description are here. The
        # UN's series has no one licence (its sources' terms are in the data package).
        if tables.ours(self.table):
            described = f'<{tables.licence()["path"]}>; rel="license", {described}'
        return {
            "Content-Type": CONTENT_TYPES[self.format],
            "Content-Disposition": f'attachment; filename="{self.get_filename()}"',
            "Link": described,
        }

    def weak_etag(self):
        """The live edition's number, which every row follows (the published copy changes
        only with an edition), and for the JSON the day its citation gives."""
        live = Edition.objects.only("number").live()
        tag = f"edition-{live.number if live else 0}"
        if self.format == "json":
            tag += f"-{timezone.localdate().isoformat()}"
        return f'W/"{tag}"'

    def get(self, request, *args, **kwargs):
        etag = self.weak_etag()
        # A built file's address also sends a gzipped file (files.py).
        vary = ["Accept-Encoding"] if self.table in tables.BUILT and not self.scope else []
        # Before the rows are read: a current copy costs the one query above.
        response = not_modified(request, etag, vary=vary)
        if response is not None:
            return response
        rows = self.published_rows()
        # The query runs now, not once streaming has begun: a database outage then gets the
        # 503 page (DatabaseUnavailableMiddleware), not a 200 cut off after its headers.
        rows = itertools.chain(list(itertools.islice(rows, 1)), rows)
        if self.format == "json":
            url = absolute_url(request, request.path)
            package = absolute_url(request, reverse("missions:datapackage"))
            content = self.json_lines(rows, url, package)
        else:
            content = self.csv_lines(rows)
        response = StreamingHttpResponse(content, headers={**self.headers(request), "ETag": etag})
        patch_vary_headers(response, vary)
        return response

    def csv_lines(self, rows):
        writer = csv.writer(Echo())
        yield writer.writerow(self.table.column_names)
        for row in rows:
            yield writer.writerow([csv_value(value) for value in row])

    def json_lines(self, rows, url, package):
        if tables.ours(self.table):
            head = {"licence": tables.licence(), "citation": citation(url)}
        else:
            head = {"sources": tables.un_terms()["sources"]}
        head["describedby"] = package
        # The rows come last, under their key, so that they can be streamed.
        yield json.dumps(head, ensure_ascii=False)[:-1] + f', "{tables.JSON_ROWS_KEY}": ['
        columns = self.table.column_names
        separator = "\n"
        for row in rows:
            record = dict(zip(columns, row, strict=True))
            yield separator + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
            separator = ",\n"
        yield "\n]}\n"


class DataPackageView(View):
    """datapackage.json: the Frictionless description of every download, in the language of
    the URL, with both languages' titles and descriptions."""

    def get(self, request, *args, **kwargs):
        package = tables.data_package(functools.partial(absolute_url, request))
        return JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})


class OpenDataView(TemplateView):
    """The download page: every file, its licence, how to cite it, and the data dictionary
    rendered from the same description as datapackage.json."""

    template_name = "missions/open_data.html"

    def get_context_data(self, **kwargs):
        described = [
            {
                "table": table,
                "files": [
                    (format, reverse(f"missions:{tables.FILES[table.name]}_{format}"))
                    for format in tables.FORMATS
                ],
                "fields": [dictionary_entry(column) for column in table.columns],
            }
            for table in tables.TABLES
        ]
        return super().get_context_data(
            tables=described,
            licence=tables.licence(),
            citation=citation(absolute_url(self.request, self.request.path)),
            mission_index_url=reverse("missions:mission_index"),
            region_index_url=reverse("missions:region_index"),
            api_docs_url=reverse("missions:api_docs"),
            date_modified=live_date_modified(),
            **kwargs,
        )


TYPE_LABELS = {
    "integer": gettext_lazy("whole number"),
    "string": gettext_lazy("text"),
    "date": gettext_lazy("date, YYYY-MM-DD"),
    "boolean": gettext_lazy("true or false"),
}


def as_code(values):
    """Codes in prose, marked as code: they read the same in both languages."""
    return format_html_join(", ", "<code>{}</code>", ((value,) for value in values))


def with_code(text):
    """A column's description as HTML, the column names in it marked as code: they all
    have an underscore (as_of_precision), which no word of prose has."""
    names = re.sub(r"\b[a-z]+(?:_[a-z]+)+\b", r"<code>\g<0></code>", conditional_escape(text))
    return mark_safe(names)


def dictionary_entry(column):
    """A row of the HTML data dictionary, from the column's Table Schema field."""
    field = column.descriptor()
    constraints = field.get("constraints", {})
    return {
        "name": field["name"],
        "type_label": TYPE_LABELS[field["type"]],
        "unit": field.get("unit"),
        "required": constraints.get("required", False),
        "allowed": as_code(constraints.get("enum", [])),
        "description": with_code(field["description"]),
    }
