from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from .charts import line_chart
from .documents import build_document
from .editions import Edition, corrections, date_modified
from .forms import AsOfForm
from .models import Mission, Region, long_date
from .pages import page


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


class EditionPageMixin:
    """Renders an edition's document, or the working copy's for a staff preview, with
    missions/current.html: one render path for every version of the page."""

    template_name = "missions/current.html"

    def page_context(self, document, on_date, edition=None, live=None):
        language = get_language()
        fixes = corrections(edition, live) if edition else {}
        return {
            "page": page(document, language, on_date, fixes),
            "edition": edition,
            "live": live,
            "as_of_form": AsOfForm(),
            "date_modified": date_modified(edition) if edition else None,
        }


class CurrentOperationsView(EditionPageMixin, TemplateView):
    """The live edition; with ?as_of=YYYY-MM-DD, a redirect to the edition in force on
    that date; with ?preview=1, the working copy as the next edition would show it."""

    # Its query parameters, made canonical (or refused with a 400) by missions/caching.py.
    query_form = AsOfForm

    def get(self, request, *args, **kwargs):
        if request.GET.get("preview") == "1":
            return preview(request, self)
        form = AsOfForm(request.GET)
        if not form.is_valid():
            return bad_request(request, form.errors["as_of"][0])
        as_of = form.cleaned_data["as_of"]
        if as_of:
            edition = Edition.objects.in_force_on(as_of)
            if edition is None:
                first = Edition.objects.order_by("took_effect", "number").first()
                return bad_request(request, no_edition_message(as_of, first), status=404)
            return redirect(edition)
        self.edition = Edition.objects.live()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.edition is None:
            return context
        document = self.edition.document
        return {
            **context,
            **self.page_context(document, self.edition.took_effect, self.edition, self.edition),
        }


class EditionDetailView(EditionPageMixin, DetailView):
    """One edition, at its permanent address: the page exactly as it was published."""

    model = Edition
    slug_field = slug_url_kwarg = "number"
    context_object_name = "edition"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition, live = self.object, Edition.objects.live()
        successor = (
            Edition.objects.filter(
                Q(took_effect__gt=edition.took_effect)
                | Q(took_effect=edition.took_effect, number__gt=edition.number)
            )
            .order_by("took_effect", "number")
            .first()
        )
        return {
            **context,
            **self.page_context(edition.document, edition.took_effect, edition, live),
            "successor": successor,
            "permanent": True,
        }


def preview(request, view):
    """The working copy as the next edition would show it, for signed-in staff only."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (request.user.is_staff and request.user.has_module_perms("missions")):
        raise PermissionDenied
    today = timezone.localdate()
    context = {**view.page_context(build_document(today), today), "preview": True}
    response = render(request, view.template_name, {"view": view, **context})
    add_never_cache_headers(response)
    return response


def bad_request(request, message, status=400):
    return render(
        request,
        "missions/bad_request.html",
        {"message": message, "form": AsOfForm()},
        status=status,
    )


def no_edition_message(as_of, first):
    if first is None:
        return _("No edition of this page has been published yet.")
    return _("No edition of this page is recorded on %(date)s. The earliest is of %(first)s.") % {
        "date": long_date(as_of),
        "first": long_date(first.took_effect),
    }


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
