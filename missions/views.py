from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

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

    def get(self, request, *args, **kwargs):
        form = AsOfForm(request.GET)
        if not form.is_valid():
            return render(
                request,
                "missions/bad_request.html",
                {"message": form.errors["as_of"][0], "form": AsOfForm()},
                status=400,
            )
        today = timezone.localdate()
        self.as_of = form.cleaned_data["as_of"]
        if self.as_of == today:
            self.as_of = None
        self.on_date = self.as_of or today
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
