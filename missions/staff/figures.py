"""Figures on the mission and region forms: the latest few as editable lines beside a new
one, a link to all of them, and what the summary table shows, with a warning when a
mission's figure and its region's figure disagree."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from missions.core.dates import long_date
from missions.editions.building import summary_figure
from missions.models import DeploymentSnapshot, Mission, Region, Status
from missions.staff.forms import VersionedInlineForm

# Figures shown as lines on a form. The rest are one link away, so that a form never posts
# more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, however many figures a record has.
LATEST_FIGURES = 5


def figure(value):
    return "—" if value is None else number_format(value, force_grouping=True)


def table_figure(region):
    """(cap, explanation) of what the summary table shows for the region today."""
    today = timezone.localdate()
    region = Region.objects.with_latest_figures(today).get(pk=region.pk)
    missions = (
        Mission.objects.filter(region=region)
        .exclude(status=Status.ENDED)
        .exclude(started__gt=today)
        .with_latest_figures(today)
    )
    cap, as_of, level = summary_figure(region, missions)
    if cap is None:
        return None, gettext("The summary table shows no figure for this region yet.")
    if level == "region":
        how = gettext("the region-level figure of %(date)s") % {"date": long_date(as_of)}
    else:
        how = gettext(
            "the sum of its active missions' latest figures, as the region has no "
            "region-level figure"
        )
    text = gettext("The summary table shows “Up to %(cap)s”: %(how)s.") % {
        "cap": figure(cap),
        "how": how,
    }
    return cap, text


def disagreements(region, missions=None):
    """Warnings for each mission whose latest figure is newer than the region-level figure
    the summary table shows, and differs from it."""
    today = timezone.localdate()
    region = Region.objects.with_latest_figures(today).get(pk=region.pk)
    if region.region_authorized is None:
        return []
    queryset = Mission.objects.filter(region=region).with_latest_figures(today)
    if missions is not None:
        queryset = queryset.filter(pk__in=[mission.pk for mission in missions])
    return [
        gettext(
            "%(mission)s: its figure of %(mission_date)s (%(mission_figure)s authorized) is "
            "newer than the region-level figure of %(region_date)s (%(region_figure)s), which "
            "the summary table still shows. If the region's cap changed, add a region-level "
            "figure too."
        )
        % {
            "mission": mission,
            "mission_date": long_date(mission.latest_as_of),
            "mission_figure": figure(mission.latest_authorized),
            "region_date": long_date(region.region_as_of),
            "region_figure": figure(region.region_authorized),
        }
        for mission in queryset
        if mission.latest_as_of is not None
        and mission.latest_as_of > region.region_as_of
        and mission.latest_authorized is not None
        and mission.latest_authorized != region.region_authorized
    ]


def figures_summary(region, missions=None):
    """HTML for the form: what the table shows, then any disagreement."""
    _cap, text = table_figure(region)
    warnings = disagreements(region, missions)
    return format_html(
        '<p class="figure-summary">{}</p>{}',
        text,
        format_html_join(
            "", '<p class="figure-warning" role="alert">{}</p>', ((w,) for w in warnings)
        ),
    )


class SnapshotFormSet(BaseInlineFormSet):
    """Figures of one mission, or of one region: a date may appear once. The form alone
    cannot check this, as its mission or region is the page's record."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.fk.name == "mission":
            # A mission moved to another region takes its figures with it.
            form.instance.region_id = self.instance.region_id
        return form

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            latest = list(
                self.queryset.order_by("-as_of").values_list("pk", flat=True)[:LATEST_FIGURES]
            )
            self._queryset = self.queryset.filter(pk__in=latest).order_by("-as_of")
        return self._queryset

    def clean(self):
        super().clean()
        constraint = next(
            c
            for c in DeploymentSnapshot._meta.constraints
            if c.name == f"snapshot_unique_{self.fk.name}_date"
        )
        dates = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            as_of = form.cleaned_data.get("as_of")
            if as_of in dates:
                form.add_error("as_of", constraint.violation_error_message)
            elif as_of is not None:
                dates[as_of] = form
        # Figures not on the form (older ones, or one just saved by someone else).
        shown = [form.instance.pk for form in self.forms if form.instance.pk]
        if self.instance.pk is not None and dates:
            taken = self.queryset.exclude(pk__in=shown).filter(as_of__in=dates)
            for as_of in taken.values_list("as_of", flat=True):
                dates[as_of].add_error("as_of", constraint.violation_error_message)


class SnapshotInline(admin.TabularInline):
    """The latest few figures, newest first, and a line for a new one."""

    model = DeploymentSnapshot
    form = VersionedInlineForm
    formset = SnapshotFormSet
    fields = ["as_of", "authorized", "deployed", "source", "base_version"]
    ordering = ["-as_of"]
    extra = 1
    verbose_name_plural = _("figures: the latest, newest first, and a line for a new one")


class RegionSnapshotInline(SnapshotInline):
    verbose_name = _("region-level figure")
    verbose_name_plural = _(
        "region-level figures (shared by all the region's missions): the latest, newest "
        "first, and a line for a new one"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).filter(mission__isnull=True)


def all_figures_link(**lookup):
    """A link to every figure of a mission or region, in the figures list."""
    count = DeploymentSnapshot.objects.filter(**lookup).count()
    if count <= LATEST_FIGURES:
        return ""
    query = "&".join(f"{name}__id__exact={value}" for name, value in lookup.items())
    if "mission" not in lookup:
        query += "&mission__isnull=True"
    return format_html(
        '<p><a href="{}?{}">{}</a></p>',
        reverse("admin:missions_deploymentsnapshot_changelist"),
        query,
        gettext("All %(count)s figures (the form shows the latest %(latest)s)")
        % {"count": number_format(count, force_grouping=True), "latest": LATEST_FIGURES},
    )
