import datetime

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from .models import DeploymentSnapshot, Mission, Posting, Region


class CurrentOperationsView(TemplateView):
    """The current peace operations page, or the page as it stood on ?as_of=YYYY-MM-DD."""

    template_name = "missions/current.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        raw = request.GET.get("as_of")
        self.as_of = None
        if raw:
            try:
                self.as_of = datetime.date.fromisoformat(raw)
            except ValueError:
                return self.bad_request(
                    _("“%(value)s” is not a date. Use the form YYYY-MM-DD.") % {"value": raw}
                )
            if self.as_of > today:
                return self.bad_request(
                    _("%(value)s is in the future. Choose today or an earlier date.")
                    % {"value": raw}
                )
            if self.as_of == today:
                self.as_of = None
        self.on_date = self.as_of or today
        return super().get(request, *args, **kwargs)

    def bad_request(self, message):
        return render(self.request, "missions/bad_request.html", {"message": message}, status=400)

    def get_regions(self):
        missions = (
            Mission.objects.published().active_on(self.on_date).with_latest_figures(self.on_date)
        )
        regions = (
            Region.objects.published()
            .with_latest_figures(self.on_date)
            .prefetch_related(Prefetch("missions", queryset=missions, to_attr="active_missions"))
        )
        return [region for region in regions if region.active_missions]

    def get_context_data(self, **kwargs):
        regions = self.get_regions()
        postings = list(Posting.objects.published().active_on(self.on_date))
        # order_by().first() rather than Max(): PostgreSQL reads one row of the index.
        snapshots_modified = (
            DeploymentSnapshot.objects.published()
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
            regions=regions,
            rows=[(region, region.cap(region.active_missions)) for region in regions],
            specialized_postings=[p for p in postings if p.kind == Posting.Kind.SPECIALIZED],
            other_postings=[p for p in postings if p.kind == Posting.Kind.OTHER],
            date_modified=max(changes) if changes else None,
            **kwargs,
        )


class MissionDetailView(DetailView):
    template_name = "missions/mission_detail.html"

    def get_queryset(self):
        return (
            Mission.objects.published()
            .select_related("region", "predecessor")
            .prefetch_related("successors")
        )


class RegionDetailView(DetailView):
    template_name = "missions/region_detail.html"

    def get_queryset(self):
        return Region.objects.published().prefetch_related("missions")
