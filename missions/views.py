import datetime

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from . import history, pages
from .charts import line_chart
from .documents import build_document, catalog
from .editions import YEAR, Edition, corrections, date_modified, figures_shown
from .forms import AsOfForm
from .models import DeploymentSnapshot, Mission, Status, long_date
from .pages import page
from .published import published_figures


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

    def page_context(self, document, on_date, edition=None):
        return {
            "page": page(document, get_language(), on_date),
            "edition": edition,
            "as_of_form": AsOfForm(),
            "date_modified": date_modified(edition) if edition else None,
        }


class CurrentOperationsView(EditionPageMixin, TemplateView):
    """The live edition; with ?as_of=YYYY-MM-DD, a redirect to the edition in force on
    that date; with ?preview=1, the working copy as the next edition would show it."""

    # Its query parameters, made canonical (or refused with a 400) by missions/addresses.py.
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
            **self.page_context(document, self.edition.took_effect, self.edition),
        }

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.edition is not None:
            # The page is this edition's rendering: its hash validates it, with its number
            # (the same document published again may move "Date modified") and the
            # language; missions/caching.py adds the encoding.
            edition = self.edition
            response["ETag"] = f'"{edition.content_hash}-{edition.number}-{get_language()}"'
        return response


class EditionDetailView(EditionPageMixin, DetailView):
    """One edition, at its permanent address: the page exactly as it was published. Nothing
    on it depends on a later edition (corrections made since have their own page, linked
    from it), so browsers and CDNs may keep it for good."""

    model = Edition
    slug_field = slug_url_kwarg = "number"
    context_object_name = "edition"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.object
        return {
            **context,
            **self.page_context(edition.document, edition.took_effect, edition),
            "permanent": True,
        }

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
        return response


class EditionCorrectionsView(DetailView):
    """The figures of one edition corrected since it was published, as the live edition
    has them. Apart from the edition's page, which never changes: this list grows."""

    model = Edition
    slug_field = slug_url_kwarg = "number"
    context_object_name = "edition"
    template_name = "missions/edition_corrections.html"

    def get_context_data(self, **kwargs):
        edition = self.object
        found = corrections(edition, Edition.objects.live())
        fixes = pages.corrected_figures(
            edition.document, get_language(), figures_shown(edition.document), found
        )
        return super().get_context_data(corrections=fixes, **kwargs)


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


class HistoryView(PreviewMixin, TemplateView):
    """A mission's or a region's history, from published data only: facts from the live
    edition's catalog, the editions it appeared on, the figures as published. A staff
    preview reads the facts and figures of the working copy instead."""

    kind = "mission"

    def get(self, request, *args, **kwargs):
        self.live = Edition.objects.live()
        if self.preview:
            self.catalog = catalog(drafts=True)
        else:
            self.catalog = (self.live.document if self.live else {}).get("catalog", {})
        self.entry = history.catalog_entry(self.catalog, self.kind, kwargs["slug"])
        self.appearances = history.appearances_of(self.kind, kwargs["slug"])
        if self.entry is None and not self.appearances:
            raise Http404(_("No such page."))
        return super().get(request, *args, **kwargs)

    def figures(self, **filters):
        if self.preview:
            return DeploymentSnapshot.objects.filter(
                **{f"{name}__slug": value for name, value in filters.items()}
            ).values_list("as_of", "authorized", "deployed")
        return (
            published_figures()
            .filter(**filters)
            .values_list("as_of", "authorized", "deployed", "edition__took_effect")
        )

    def get_context_data(self, **kwargs):
        language = get_language()
        last = self.appearances[-1] if self.appearances else None
        sequence = history.edition_sequence()
        changes = history.recorded_changes(self.appearances, sequence, language)
        return super().get_context_data(
            name=history.text(self.entry["name"], language) if self.entry else last.name(language),
            entry=self.entry,
            runs=history.runs(self.appearances, sequence),
            changes=changes,
            live=self.live,
            **kwargs,
        )

    def modified(self, changes, figures):
        """This page's "Date modified": the newest edition that changed this record or
        published one of its figures (the fourth value of a published figure's row). The
        whole page's date, editions.date_modified(), would move with any other record."""
        dates = [change.edition.took_effect for change in changes[:1]]
        dates += [row[3] for row in figures if len(row) > 3]
        return max(dates, default=None)


class MissionDetailView(HistoryView):
    """A mission's history: facts, lineage, the editions it appeared on, its status as
    they showed it, its figures over time and the changes between editions."""

    template_name = "missions/mission_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language, slug = get_language(), self.kwargs["slug"]
        entry, last = self.entry or {}, self.appearances[-1] if self.appearances else None
        region = entry.get("region") or last.region
        region_entry = history.catalog_entry(self.catalog, "region", region)
        figures = sorted(self.figures(mission=slug))
        on_live = next(
            (
                mission
                for section in (self.live.document if self.live else {}).get("regions", [])
                for mission in section.get("missions", [])
                if mission["slug"] == slug
            ),
            None,
        )
        return {
            **context,
            "acronym": history.text(entry.get("acronym"), language),
            "kind": Mission.Kind(entry["kind"]).label if entry.get("kind") else "",
            "status": Status(entry.get("status") or last.status).label,
            "started": history.dated(entry.get("started")),
            "ended": history.dated(entry.get("ended")),
            "ended_unknown": entry.get("status") == Status.ENDED and not entry.get("ended"),
            "language_of_operation": history.text(entry.get("language"), language),
            "armed": history.text(entry.get("armed"), language),
            "region": region,
            "region_name": history.text(region_entry["name"], language) if region_entry else "",
            "statuses": history.status_periods(self.appearances),
            "lineage": history.lineage_links(self.catalog, slug, language),
            "body": pages.Text(history.text(on_live.get("body"), language)) if on_live else None,
            "chart": line_chart([row[:3] for row in figures], [_("Authorized"), _("Deployed")]),
            "date_modified": self.modified(context["changes"], figures),
            "draft": self.preview and not Mission.objects.published().filter(slug=slug).exists(),
        }


class RegionDetailView(HistoryView):
    """A region's history: its summary-table figure as each edition showed it, the
    editions it appeared on and its missions, past and present."""

    template_name = "missions/region_detail.html"
    kind = "region"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language, slug = get_language(), self.kwargs["slug"]
        entry = self.entry or {}
        shown = {}
        for appearance in self.appearances:
            figure = appearance.figures.get("table")
            if figure and figure.get("as_of"):
                shown[figure["as_of"]] = figure["value"]
        rows = [(datetime.date.fromisoformat(day), value) for day, value in sorted(shown.items())]
        section = next(
            (
                region
                for region in (self.live.document if self.live else {}).get("regions", [])
                if region["slug"] == slug
            ),
            None,
        )
        missions = [
            {
                "slug": mission["slug"],
                "name": history.mission_name(mission, language),
                "status": Status(mission["status"]).label,
                "started": history.dated(mission.get("started")),
                "ended": history.dated(mission.get("ended")),
                "ended_unknown": mission["status"] == Status.ENDED and not mission.get("ended"),
            }
            for mission in self.catalog.get("missions", [])
            if mission["region"] == slug
        ]
        return {
            **context,
            "language_of_operation": history.text(entry.get("language"), language),
            "armed": history.text(entry.get("armed"), language),
            "note": pages.Text(history.text(section.get("note"), language)) if section else None,
            "missions": missions,
            "chart": line_chart(rows, [_("Authorized police deployments (cap)")]),
            "date_modified": self.modified(context["changes"], []),
        }
