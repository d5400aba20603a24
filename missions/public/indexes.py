"""Every mission and every region, past and present, with filters for analysts: the
facts the live edition's catalog publishes, the editions the records appeared on and the
published figures; never the working copy. Bad filter values get a 400 page saying what
is wrong; a date is redirected to the day the edition in force then took effect. The
lists take the same number of queries however many records there are."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import ListView

from missions.core.choices import MissionKind, Status
from missions.core.text import text_in
from missions.editions.document import figure_wording
from missions.models.editions import Edition, live_date_modified
from missions.models.published import Appearance, PublishedFigure
from missions.public import history
from missions.public.errors import bad_request
from missions.public.forms import IsoDateField
from missions.public.lineage import RegionLineage, region_lineages
from missions.public.past import dated_redirect, in_force, no_edition_message, read_edition_dates


class ActiveOnForm(forms.Form):
    active_on = IsoDateField(
        label=gettext_lazy("Active on (YYYY-MM-DD)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_active_on(self):
        value = self.cleaned_data["active_on"]
        if value and value > timezone.localdate():
            raise ValidationError(
                _("%(value)s is in the future. Choose today or an earlier date."),
                code="future",
                params={"value": value.isoformat()},
            )
        return value


# Django's message, in the site's catalogue: Django's French writes a curly apostrophe.
NOT_A_CHOICE = {
    "invalid_choice": gettext_lazy(
        "Select a valid choice. %(value)s is not one of the available choices."
    )
}


class MissionFilterForm(ActiveOnForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any"))] + Status.choices,
        error_messages=NOT_A_CHOICE,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("Any"))] + MissionKind.choices,
        error_messages=NOT_A_CHOICE,
    )
    # The regions of the live edition, as it names them (never the records'): read when
    # a value is checked or the list is shown, unless the view gives them.
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        required=False,
        choices=lambda: region_choices(live_catalog()),
        error_messages=NOT_A_CHOICE,
    )
    field_order = ["status", "kind", "region", "active_on"]
    # Whether a value is valid changes with the live edition (missions/pagecache/addresses.py).
    live_choices = True

    def __init__(self, *args, catalog=None, **kwargs):
        super().__init__(*args, **kwargs)
        if catalog is not None:
            self.fields["region"].choices = region_choices(catalog)


def live_catalog():
    live = Edition.objects.live()
    return (live.document if live else {}).get("catalog", {})


def region_choices(catalog):
    """The region filter's choices: each region of the catalog named in the current
    language, in the page's order."""
    language = get_language()
    regions = catalog.get("regions", [])
    return [("", _("Any"))] + [(r["slug"], text_in(r["name"], language).value) for r in regions]


def with_page(form_class):
    """The view's query parameters (missions/pagecache/addresses.py): its filters and the page
    number. Any other parameter is ignored, as tracking parameters are."""
    return type(
        f"{form_class.__name__}Query",
        (form_class,),
        {"page": forms.IntegerField(min_value=1, required=False)},
    )


class FilteredListView(ListView):
    """A list narrowed by the filters of form_class, read from the query string; a bad
    value is a 400 with a message. A date is the edition in force that day: it is
    redirected to the day that edition took effect, so there is one address, and one
    cached page, per edition; before the first, it is a 404 (PublicAddressMiddleware
    answers both from the editions' dates while it knows them)."""

    form_class = None
    paginate_by = 50
    # A bad filter's 400 (PublicAddressMiddleware renders it) offers to start again.
    bad_request_template = "missions/index_bad_request.html"

    def get(self, request, *args, **kwargs):
        self.live = Edition.objects.live()
        self.catalog = (self.live.document if self.live else {}).get("catalog", {})
        self.form = self.get_form()
        if not self.form.is_valid():
            field, errors = next(iter(self.form.errors.items()))
            message = _("%(field)s: %(error)s") % {
                "field": self.form.fields[field].label,
                "error": errors[0],
            }
            return bad_request(request, message, template=self.bad_request_template)
        self.in_force = None
        day = self.form.cleaned_data["active_on"]
        if day:
            dates = read_edition_dates()
            self.in_force = in_force(dates, day)
            if self.in_force is None:
                message = no_edition_message(day, dates)
                return bad_request(request, message, status=404, template=self.bad_request_template)
            if self.in_force[0] != day:
                return dated_redirect(request.path, request.GET.dict(), self.in_force[0])
        return super().get(request, *args, **kwargs)

    def get_form(self):
        return self.form_class(self.request.GET)

    def get_context_data(self, **kwargs):
        filters = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.form,
            filtered=bool(filters),
            query=query.urlencode(),
            date_modified=live_date_modified(self.live),
            **kwargs,
        )

    def shown_on(self, kind):
        """{slug: name in each language} of the records of `kind` on the page in force on
        the date asked, in its order, named as it named them."""
        shown = Appearance.objects.filter(edition__number=self.in_force[1], kind=kind)
        return {
            slug: {"en": name_en, "fr": name_fr}
            for slug, name_en, name_fr in shown.order_by("pk").values_list(
                "slug", "name_en", "name_fr"
            )
        }


@dataclass
class MissionRow:
    slug: str
    name: str
    region_slug: str
    region_name: str
    kind: str
    status: str
    period: str
    authorized: int | None = None
    deployed: int | None = None
    as_of: object = None

    @property
    def url(self):
        return reverse("missions:mission_detail", args=[self.slug])

    @property
    def region_url(self):
        return reverse("missions:region_detail", args=[self.region_slug])


class MissionIndexView(FilteredListView):
    """/missions/: every mission the live edition publishes, past and present, with its
    dates, status and latest published figures."""

    template_name = "missions/mission_index.html"
    form_class = MissionFilterForm
    query_form = with_page(MissionFilterForm)

    def get_form(self):
        return self.form_class(self.request.GET, catalog=self.catalog)

    def get_queryset(self):
        language = get_language()
        data = self.form.cleaned_data
        regions = {r["slug"]: r for r in self.catalog.get("regions", [])}
        missions = self.catalog.get("missions", [])
        if data["active_on"]:
            missions, regions = self.on_the_page()
        if data["status"]:
            missions = [m for m in missions if m["status"] == data["status"]]
        if data["kind"]:
            missions = [m for m in missions if m.get("kind") == data["kind"]]
        if data["region"]:
            missions = [m for m in missions if m["region"] == data["region"]]
        return [
            MissionRow(
                slug=m["slug"],
                name=history.mission_name(m, language),
                region_slug=m["region"],
                region_name=text_in(regions.get(m["region"], {}).get("name"), language),
                kind=MissionKind(m["kind"]).label if m.get("kind") else "",
                status=Status(m["status"]).label,
                period=history.period(m),
            )
            for m in missions
        ]

    def on_the_page(self):
        """The missions of the edition in force on the date asked, in its order, each
        under the region, name and status that edition gave it, with the catalog's other
        facts; and the regions as that edition named them. One query."""
        shown = Appearance.objects.filter(
            edition__number=self.in_force[1],
            kind__in=[Appearance.Kind.MISSION, Appearance.Kind.REGION],
        ).order_by("pk")
        facts = {m["slug"]: m for m in self.catalog.get("missions", [])}
        missions, regions = [], {}
        for item in shown.only("kind", "slug", "region", "name_en", "name_fr", "status"):
            name = {code: text for code, text in (("en", item.name_en), ("fr", item.name_fr))}
            if item.kind == Appearance.Kind.REGION:
                regions[item.slug] = {"name": name}
                continue
            mission = facts.get(item.slug, {})
            # The page's name; its acronym from the catalog, as a name and acronym pair.
            missions.append(
                {
                    **mission,
                    "slug": item.slug,
                    "name": name,
                    "acronym": mission.get("acronym") if mission.get("name") == name else None,
                    "region": item.region,
                    "status": item.status,
                }
            )
        return missions, regions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        add_latest_figures(context["object_list"])
        return context


def add_latest_figures(rows):
    """Each row's latest published figures: two queries for the page's rows."""
    slugs = [row.slug for row in rows]
    latest = dict(
        PublishedFigure.objects.filter(mission__in=slugs)
        .values("mission")
        .annotate(day=Max("as_of"))
        .values_list("mission", "day")
    )
    if not latest:
        return
    wanted = Q()
    for slug, day in latest.items():
        wanted |= Q(mission=slug, as_of=day)
    figures = {
        figure.mission: figure for figure in PublishedFigure.objects.filter(wanted).order_by()
    }
    for row in rows:
        figure = figures.get(row.slug)
        if figure:
            row.authorized, row.deployed, row.as_of = (
                figure.authorized,
                figure.deployed,
                figure.as_of,
            )


@dataclass
class RegionRow:
    slug: str
    name: str
    running: int
    recorded: int
    cap: str
    lineage: RegionLineage | None = None

    @property
    def url(self):
        return reverse("missions:region_detail", args=[self.slug])


class RegionIndexView(FilteredListView):
    """/regions/: every region the live edition publishes, with its missions and its
    summary-table figure as the live page shows it."""

    template_name = "missions/region_index.html"
    form_class = ActiveOnForm
    query_form = with_page(ActiveOnForm)

    def get_queryset(self):
        language = get_language()
        document = self.live.document if self.live else {}
        caps = {
            row["region"]: figure_wording(row["authorized"], "authorized", language)[0].value
            if row.get("authorized")
            else ""
            for row in document.get("table", [])
        }
        running = {
            section["slug"]: len(section.get("missions", []))
            for section in document.get("regions", [])
        }
        recorded = {}
        for mission in self.catalog.get("missions", []):
            recorded[mission["region"]] = recorded.get(mission["region"], 0) + 1
        regions = self.catalog.get("regions", [])
        if self.in_force:
            # The regions of the page in force then, under the names it gave them.
            regions = [
                {"slug": slug, "name": name} for slug, name in self.shown_on("region").items()
            ]
        lineages = region_lineages(self.catalog, language)
        return [
            RegionRow(
                slug=r["slug"],
                name=text_in(r["name"], language),
                running=running.get(r["slug"], 0),
                recorded=recorded.get(r["slug"], 0),
                cap=caps.get(r["slug"], ""),
                lineage=lineages.get(r["slug"]),
            )
            for r in regions
        ]
