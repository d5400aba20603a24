from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from missions.core.choices import MissionKind, PersonnelType, Status
from missions.core.text import text_in
from missions.editions import pages
from missions.editions.corrections import corrections, figures_shown
from missions.editions.pages import page
from missions.models.editions import YEAR, Edition, date_modified
from missions.models.published import Appearance, PublishedUNFigure, published_figures
from missions.public import history, lineage
from missions.public.charts import FigureTable, line_chart, merge, with_gaps
from missions.public.errors import bad_request
from missions.public.forms import AsOfForm
from missions.public.past import (
    archived_address,
    asked_date,
    edition_redirect,
    no_edition_message,
    read_edition_dates,
)
from missions.public.un_series import un_series


class PublishedCopy:
    """What a public page reads: the live edition and the published copy. A staff preview
    (missions/staff/previews.py) mixes in the working copy's instead."""

    preview = False

    def read_catalog(self, live):
        return (live.document if live else {}).get("catalog", {})

    def read_figures(self, **filters):
        """(as_of, authorized, deployed, edition's date) of the published figures."""
        return (
            published_figures()
            .filter(**filters)
            .values_list("as_of", "authorized", "deployed", "edition__took_effect")
        )

    def is_draft(self, slug):
        return False


class EditionPageMixin:
    """Renders an edition's document, or the working copy's for a staff preview, with
    missions/current.html: one render path for every version of the page."""

    template_name = "missions/current.html"

    def page_context(self, document, on_date, edition=None, corrections=None):
        return {
            "page": page(document, get_language(), on_date, corrections),
            "edition": edition,
            "as_of_form": AsOfForm(),
            "date_modified": date_modified(edition) if edition else None,
        }


class CurrentOperationsView(PublishedCopy, EditionPageMixin, TemplateView):
    """The live edition; with ?as_of=YYYY-MM-DD, a redirect to the edition in force on
    that date; with ?preview=1, the working copy as the next edition would show it."""

    # Its query parameters, made canonical (or refused with a 400) by
    # missions/pagecache/addresses.py.
    query_form = AsOfForm

    def get(self, request, *args, **kwargs):
        self.edition = None
        if self.preview:
            return self.render_preview()
        form = AsOfForm(request.GET)
        if not form.is_valid():
            return bad_request(request, form.errors["as_of"][0])
        as_of = form.cleaned_data["as_of"]
        if as_of:
            dates = read_edition_dates()
            redirect = edition_redirect(dates, get_language(), as_of)
            return redirect or bad_request(request, no_edition_message(as_of, dates), status=404)
        self.edition = Edition.objects.live()
        return super().get(request, *args, **kwargs)

    def render_preview(self):
        """The working copy as the next edition would show it (a staff preview)."""
        today = timezone.localdate()
        context = {**self.page_context(self.preview_document(today), today), "preview": True}
        return self.render_to_response({"view": self, **context})

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
            # language; missions/pagecache/middleware.py adds the encoding.
            edition = self.edition
            response["ETag"] = f'"{edition.content_hash}-{edition.number}-{get_language()}"'
        return response


class EditionDetailView(EditionPageMixin, DetailView):
    """One edition, at its permanent address: the page exactly as it was published, with
    each figure corrected since marked next to it (as published, as known now, and when
    it was corrected). Browsers keep it briefly, shared caches long: publishing purges
    it by its tag when a correction touches it."""

    model = Edition
    queryset = Edition.objects.with_recorded_on()
    slug_field = slug_url_kwarg = "number"
    context_object_name = "edition"
    # ?as_of=, where the past-date redirect (missions/public/past.py) brought the reader.
    query_form = AsOfForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.object
        found = corrections(edition)
        return {
            **context,
            **self.page_context(edition.document, edition.took_effect, edition, found),
            "permanent": True,
            "asked": self.asked,
            "archived_address": archived_address(edition.source),
        }

    def get(self, request, *args, **kwargs):
        form = AsOfForm(request.GET)
        day = form.cleaned_data["as_of"] if form.is_valid() else None
        self.object = self.get_object()
        self.asked = asked_date(self.object, day)
        return self.render_to_response(self.get_context_data(object=self.object))

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.asked:
            # Its span ends when a later edition takes effect: kept as briefly as a page.
            return response
        # Its tag, edition-<n>, comes with every public response's (missions/pagecache/tags.py).
        patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE, s_maxage=YEAR)
        return response


class EditionCorrectionsView(DetailView):
    """The figures of one edition corrected since it was published, as the published copy
    has them now: the edition's page marks each beside the figure, this page lists them."""

    model = Edition
    slug_field = slug_url_kwarg = "number"
    context_object_name = "edition"
    template_name = "missions/edition_corrections.html"

    def get_context_data(self, **kwargs):
        edition = self.object
        found = corrections(edition)
        fixes = pages.corrected_figures(
            edition.document, get_language(), figures_shown(edition.document), found
        )
        # Modified when the newest of its corrections was published.
        modified = max((fix.on for fix in found.values()), default=edition.took_effect)
        return super().get_context_data(corrections=fixes, date_modified=modified, **kwargs)


class HistoryView(PublishedCopy, TemplateView):
    """A mission's or a region's history, from published data only: facts from the live
    edition's catalog, the editions it appeared on, the figures as published."""

    kind = "mission"

    def get(self, request, *args, **kwargs):
        self.live = Edition.objects.live()
        self.catalog = self.read_catalog(self.live)
        self.entry = history.catalog_entry(self.catalog, self.kind, kwargs["slug"])
        self.appearances = self.read_appearances(kwargs["slug"])
        if self.entry is None and not self.appearances:
            raise Http404(_("No such page."))
        return super().get(request, *args, **kwargs)

    def read_appearances(self, slug):
        return history.appearances_of(self.kind, slug)

    def get_context_data(self, **kwargs):
        language = get_language()
        last = self.appearances[-1] if self.appearances else None
        sequence = history.edition_sequence()
        changes = history.recorded_changes(self.appearances, sequence, language)
        name = text_in(self.entry["name"], language) if self.entry else last.name(language)
        return super().get_context_data(
            name=name,
            # A name not known in this language: the notice of the edition it comes from
            # says why (an archived copy in one language).
            notice=self.notice(last, language) if getattr(name, "lang", None) and last else None,
            entry=self.entry,
            runs=history.runs(self.appearances, sequence),
            changes=changes,
            live=self.live,
            preview=self.preview,
            **kwargs,
        )

    def notice(self, appearance, language):
        """The notice of the edition the item last appeared on, in `language`."""
        notice = (
            Edition.objects.filter(number=appearance.edition.number)
            .values_list("document__notice", flat=True)
            .first()
        )
        return text_in(notice, language) or None

    def modified(self, changes, published):
        """This page's "Date modified": the newest edition that changed this record or
        published one of its figures (`published`: those editions' dates). The whole
        page's date, editions.date_modified(), would move with any other record."""
        dates = [change.edition.took_effect for change in changes[:1]]
        return max([*dates, *published], default=None)


class MissionDetailView(HistoryView):
    """A mission's history: facts, lineage, the editions it appeared on, its status (its
    own dates, and as the editions showed it), every published figure over time and the
    changes between editions."""

    template_name = "missions/mission_detail.html"

    def read_un_figures(self, slug):
        """(month, male, female, total, source, edition's date) of the UN's published
        monthly figures of Canada's individual police in the mission, in one query."""
        return (
            PublishedUNFigure.objects.filter(
                mission=slug, personnel_type=PersonnelType.INDIVIDUAL_POLICE
            )
            .order_by("month", "acronym")
            .values_list("month", "male", "female", "total", "source", "edition__took_effect")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language, slug = get_language(), self.kwargs["slug"]
        entry, last = self.entry or {}, self.appearances[-1] if self.appearances else None
        region = entry.get("region") or last.region
        region_entry = history.catalog_entry(self.catalog, "region", region)
        # (as_of, authorized, deployed, edition's date); a staff preview's have no date.
        figures = sorted(self.read_figures(mission=slug))
        shown = history.shown_figures(self.appearances)
        rows = [history.figure_row(shown, ("mission", slug), *row[:3]) for row in figures]
        un_figures = list(self.read_un_figures(slug))
        un = un_series(un_figures, rows, language, settings.UN_DIVERGENCE_THRESHOLD)
        series = [[(row.as_of, row.authorized) for row in rows]]
        series.append([(row.as_of, row.deployed) for row in rows])
        labels = [_("Authorized"), _("Deployed")]
        if un.points:
            series.append(un.points)
            labels.append(_("Deployed, as reported by the UN (monthly)"))
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
            "acronym": text_in(entry.get("acronym"), language),
            "kind": MissionKind(entry["kind"]).label if entry.get("kind") else "",
            "status": Status(entry.get("status") or last.status).label,
            "started": history.dated(entry.get("started")),
            "ended": history.dated(entry.get("ended")),
            "ended_unknown": entry.get("status") == Status.ENDED and not entry.get("ended"),
            "language_of_operation": text_in(entry.get("language"), language),
            "armed": text_in(entry.get("armed"), language),
            "region": region,
            "region_name": text_in(region_entry["name"], language) if region_entry else "",
            "status_line": history.mission_status(entry or {"status": last.status}),
            "statuses": history.status_periods(self.appearances),
            "lineage": history.lineage_links(self.catalog, slug, language),
            "body": text_in(on_live.get("body"), language) if on_live else None,
            "chart": line_chart(merge(*series), labels),
            "un": un if un_figures else None,
            "figures": FigureTable(
                "figures-chart",
                "figures",
                _("Authorized and deployed police, by date"),
                with_gaps(rows, day=lambda row: row.as_of),
            ),
            "date_modified": self.modified(
                context["changes"],
                [row[3] for row in figures if len(row) > 3]
                + [row[5] for row in un_figures if len(row) > 5],
            ),
            "draft": self.is_draft(slug),
        }


class RegionDetailView(HistoryView):
    """A region's history: its own published figures, the cap the summary table showed,
    its missions' published figures (as its download has them), the editions it appeared
    on and its missions, past and present."""

    template_name = "missions/region_detail.html"
    kind = "region"

    def read_appearances(self, slug):
        """The region's appearances; its missions' (self.mission_appearances) are read in
        the same query, to tell which of its figures the editions showed."""
        self.figures = list(self.read_region_figures(slug))
        missions = {m["slug"] for m in self.catalog.get("missions", []) if m["region"] == slug}
        missions |= {row[0] for row in self.figures if row[0]}
        # Its successors' too, in the same query: the year each was first shown.
        successors = lineage.successors(self.catalog, slug)
        found = history.appearances_of(self.kind, slug, missions, listed_in=slug, also=successors)
        self.mission_appearances = [a for a in found if a.kind == Appearance.Kind.MISSION]
        self.first_shown = {}
        for appearance in found:
            if appearance.kind == self.kind and appearance.slug in successors:
                self.first_shown.setdefault(appearance.slug, appearance.edition.took_effect)
        return [a for a in found if a.kind == self.kind and a.slug == slug]

    def read_region_figures(self, slug):
        """(mission, as_of, authorized, deployed, edition's date) of the region's published
        figures: its own (mission "") and its missions', as its download has them."""
        return (
            published_figures()
            .of_region(slug)
            .values_list("mission", "as_of", "authorized", "deployed", "edition__took_effect")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language, slug = get_language(), self.kwargs["slug"]
        entry = self.entry or {}
        shown = history.shown_figures(self.appearances + self.mission_appearances)
        own, by_mission = history.region_figures(self.figures, shown, slug, self.catalog, language)
        summary = history.summary_rows(self.appearances, language)
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
                # Listed here by past editions only: the editions' dates say when.
                "listed": listed,
            }
            for mission, listed in history.listed_under(
                slug, self.catalog, self.mission_appearances
            )
        ]
        chart_rows = merge(
            [(row.as_of, row.authorized) for row in own],
            [(row.as_of, row.deployed) for row in own],
            history.summary_series(summary),
        )
        return {
            **context,
            "language_of_operation": text_in(entry.get("language"), language),
            "armed": text_in(entry.get("armed"), language),
            "note": text_in(section.get("note"), language) if section else None,
            "lineage": lineage.region_lineages(self.catalog, language, self.first_shown).get(slug),
            "missions": missions,
            "chart": line_chart(chart_rows, [_("Authorized"), _("Deployed"), _("Summary table")]),
            "figures": FigureTable(
                "cap-chart",
                "figures",
                _("Figures for the whole region, as published"),
                with_gaps(own, day=lambda row: row.as_of),
            ),
            "summary": summary,
            "mission_figures": FigureTable(
                "mission-figures",
                "by-mission figures",
                _("Figures for its missions, as published"),
                by_mission,
                missions=True,
            ),
            # A staff preview's figures have no edition's date.
            "date_modified": self.modified(
                context["changes"], [row[4] for row in self.figures if len(row) > 4]
            ),
        }
