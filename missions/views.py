import csv
import json

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import CharField, F, Max, Prefetch, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView, View
from modeltranslation.utils import build_localized_fieldname, get_language

from .charts import line_chart
from .forms import AsOfForm
from .models import DeploymentSnapshot, Mission, Posting, Region


class PreviewMixin:
    """With ?preview=1, signed-in staff see drafts too, under a banner; the public only
    ever sees published records. A view filters its records with self.published(), or
    gets it done by DetailView's get_queryset. A preview is never cached."""

    def dispatch(self, request, *args, **kwargs):
        self.preview = request.GET.get("preview") == "1"
        if self.preview:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if not (request.user.is_staff and request.user.has_module_perms("missions")):
                raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        if self.preview:
            add_never_cache_headers(response)
        return response

    def published(self, queryset):
        return queryset.all() if self.preview else queryset.published()

    def get_queryset(self):
        return self.published(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=self.preview, **kwargs)


class CurrentOperationsView(PreviewMixin, TemplateView):
    """The current peace operations page, or the page as it stood on ?as_of=YYYY-MM-DD."""

    template_name = "missions/current.html"

    # Its query parameters, made canonical (or refused with a 400) by missions/caching.py.
    query_form = AsOfForm

    def get(self, request, *args, **kwargs):
        form = AsOfForm(request.GET)
        if not form.is_valid():
            raise BadRequest(form.errors.as_text())
        self.as_of = form.cleaned_data["as_of"]
        self.on_date = self.as_of or timezone.localdate()
        return super().get(request, *args, **kwargs)

    def get_regions(self):
        missions = (
            self.published(Mission.objects)
            .active_on(self.on_date)
            .with_latest_figures(self.on_date)
        )
        regions = (
            self.published(Region.objects)
            .with_latest_figures(self.on_date)
            .prefetch_related(Prefetch("missions", queryset=missions, to_attr="active_missions"))
        )
        return [region for region in regions if region.active_missions]

    def get_context_data(self, **kwargs):
        regions = self.get_regions()
        postings = list(self.published(Posting.objects).active_on(self.on_date))
        # order_by().first() rather than Max(): PostgreSQL reads one row of the index.
        snapshots_modified = (
            self.published(DeploymentSnapshot.objects)
            .order_by("-modified")
            .values_list("modified", flat=True)
            .first()
        )
        changes = [r.modified for r in regions] + [
            m.modified for r in regions for m in r.active_missions
        ]
        changes += [p.modified for p in postings] + [snapshots_modified]
        changes = [c for c in changes if c]
        return super().get_context_data(
            as_of=self.as_of,
            as_of_form=AsOfForm(initial={"as_of": self.as_of}),
            regions=regions,
            rows=[(region, region.cap(region.active_missions)) for region in regions],
            specialized_postings=[p for p in postings if p.kind == Posting.Kind.SPECIALIZED],
            other_postings=[p for p in postings if p.kind == Posting.Kind.OTHER],
            date_modified=max(changes) if changes else None,
            **kwargs,
        )


class MissionDetailView(PreviewMixin, DetailView):
    """A mission's history: facts, lineage, figures over time and recorded changes."""

    template_name = "missions/mission_detail.html"
    queryset = Mission.objects.select_related("region")
    changes_limit = 100

    def get_context_data(self, **kwargs):
        mission = self.object
        figures = mission.figure_rows()
        modified = [mission.modified, *(row[3] for row in figures)]
        return super().get_context_data(
            lineage=mission.lineage(),
            chart=line_chart([row[:3] for row in figures], [_("Authorized"), _("Deployed")]),
            changes=mission.recorded_changes(self.changes_limit),
            changes_limit=self.changes_limit,
            date_modified=max(modified),
            **kwargs,
        )


class RegionDetailView(PreviewMixin, DetailView):
    """A region's history: its summary-table figure over time and its missions."""

    template_name = "missions/region_detail.html"
    queryset = Region.objects.all()

    def get_context_data(self, **kwargs):
        region = self.object
        missions = list(self.published(Mission.objects).filter(region=region).with_activity())
        snapshots_modified = region.snapshots.published().aggregate(latest=Max("modified"))
        modified = [region.modified, snapshots_modified["latest"], *(m.modified for m in missions)]
        return super().get_context_data(
            missions=missions,
            chart=line_chart(
                region.cap_series(missions), [_("Authorized police deployments (cap)")]
            ),
            date_modified=max(m for m in modified if m),
            **kwargs,
        )


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


class SnapshotDownloadView(View):
    """All published snapshots, or one mission's, streamed as CSV or JSON: one row per
    snapshot, the columns in a fixed order, text in the language of the URL."""

    format = "csv"
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

    def get_queryset(self):
        language = get_language()

        def translated(field):
            # Like the pages, fall back to English where the French text is missing.
            localized = build_localized_fieldname(field, language)
            english = build_localized_fieldname(field, "en")
            return Coalesce(NullIf(F(localized), Value("")), F(english), output_field=CharField())

        snapshots = DeploymentSnapshot.objects.published()
        if "slug" in self.kwargs:
            self.mission = get_object_or_404(Mission.objects.published(), slug=self.kwargs["slug"])
            snapshots = snapshots.filter(mission=self.mission)
        return (
            snapshots.annotate(
                region_name=translated("region__name"),
                mission_name=translated("mission__name"),
                mission_acronym=translated("mission__acronym"),
            )
            .order_by(
                "region__position",
                "region__slug",
                F("mission__position").asc(nulls_first=True),
                F("mission__slug").asc(nulls_first=True),
                "as_of",
                "pk",
            )
            .values_list(
                "region_name",
                "region__slug",
                "mission_name",
                "mission__slug",
                "mission_acronym",
                "as_of",
                "authorized",
                "deployed",
                "mission__status",
                "source",
            )
        )

    def get_filename(self):
        prefix = f"{self.mission.slug}-" if "slug" in self.kwargs else ""
        return f"{prefix}snapshots-{get_language()}.{self.format}"

    def get(self, request, *args, **kwargs):
        rows = self.get_queryset().iterator(chunk_size=2000)
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
