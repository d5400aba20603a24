"""The admin of the site's records. Shared behaviour is in admin_base, figures on the
forms in admin_figures, and the regions' ordering screen in admin_ordering."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from missions.models import DeploymentSnapshot, Mission, Posting, Region
from missions.staff.base import PublishableAdmin, VersionedAdmin, can_publish
from missions.staff.figures import (
    RegionSnapshotInline,
    SnapshotInline,
    all_figures_link,
    disagreements,
    figures_summary,
)
from missions.staff.forms import VersionedForm
from missions.staff.ordering import RegionOrderingMixin
from missions.staff.resources import MissionResource, SnapshotResource, draft_region_error
from missions.staff.spreadsheets import SpreadsheetImportMixin

admin.site.site_header = _("Peace operations — RCMP")
admin.site.site_title = _("Peace operations — RCMP")
admin.site.index_title = _("Site administration")


class FiguresMixin:
    """What the summary table shows, beside the figures, and a warning after a save that
    leaves a mission's figure and its region's figure disagreeing."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for warning in self.figure_warnings(form.instance):
            self.message_user(request, warning, messages.WARNING)


@admin.register(Region)
class RegionAdmin(FiguresMixin, RegionOrderingMixin, PublishableAdmin, TranslationAdmin):
    list_display = ["name", "language", "armed", "position", "public", "modified"]
    list_filter = ["published", "language", "armed"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["mission_list", "figures"]
    autocomplete_fields = ["predecessor"]
    inlines = [RegionSnapshotInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name_en", "name_fr"),
                    "slug",
                    "position",
                    ("language", "armed"),
                    "predecessor",
                ]
            },
        ),
        (_("Text"), {"fields": [("note_en", "note_fr"), ("intro_en", "intro_fr")]}),
        (_("Missions"), {"fields": ["mission_list"]}),
        (_("Figures"), {"fields": ["figures"]}),
        (_("Publication"), {"fields": ["published", "change_reason", "base_version"]}),
    ]

    @admin.display(description=_("missions"))
    def mission_list(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Save the region first, then add its missions.")
        missions = Mission.objects.filter(region=obj).order_by("position", "name")
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> — {}, {}</li>',
            (
                (
                    reverse("admin:missions_mission_change", args=[m.pk]),
                    m,
                    m.get_status_display(),
                    gettext("published") if m.published else gettext("draft"),
                )
                for m in missions
            ),
        )
        return format_html(
            '<ul class="mission-list">{}</ul><p><a href="{}?region={}">{}</a></p>',
            rows,
            reverse("admin:missions_mission_add"),
            obj.pk,
            gettext("Add a mission to this region"),
        )

    @admin.display(description=_("summary table"))
    def figures(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Save the region first, then add its figures.")
        return format_html(
            "{}{}", figures_summary(obj), all_figures_link(region=obj.pk, mission__isnull=True)
        )

    def figure_warnings(self, region):
        return disagreements(region)


class MissionForm(VersionedForm):
    #: Set per request: whether the user may publish missions.
    may_publish = True

    def clean_region(self):
        region = self.cleaned_data.get("region")
        moved = region is not None and self.instance.pk and region.pk != self.instance.region_id
        if moved and (error := draft_region_error(region, self.was_published(), self.may_publish)):
            raise error
        return region

    def was_published(self):
        return Mission._base_manager.filter(pk=self.instance.pk, published=True).exists()


@admin.register(Mission)
class MissionAdmin(FiguresMixin, SpreadsheetImportMixin, PublishableAdmin, TranslationAdmin):
    form = MissionForm
    resource_classes = [MissionResource]
    list_display = ["name", "acronym", "region", "kind", "status", "started", "ended", "public"]
    list_filter = ["published", "status", "kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_fr", "acronym_en", "acronym_fr", "slug"]
    autocomplete_fields = ["predecessor"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["figures"]
    inlines = [SnapshotInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name_en", "name_fr"),
                    ("acronym_en", "acronym_fr"),
                    "region",
                    "slug",
                    ("kind", "status"),
                    "position",
                ]
            },
        ),
        (_("Dates"), {"fields": [("started", "started_precision"), ("ended", "ended_precision")]}),
        (
            _("Content"),
            {"fields": [("body_en", "body_fr"), ("language", "armed"), "predecessor", "source"]},
        ),
        (_("Figures"), {"fields": ["figures"]}),
        (_("Publication"), {"fields": ["published", "change_reason", "base_version"]}),
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"may_publish": can_publish(request, Mission)})

    @admin.display(description=_("summary table"))
    def figures(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Save the mission first, then add its figures.")
        return format_html(
            "{}{}", figures_summary(obj.region, [obj]), all_figures_link(mission=obj.pk)
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        mission = form.instance
        # A mission moved to another region takes its figures with it.
        for snapshot in mission.snapshots.exclude(region=mission.region_id):
            snapshot.region = mission.region
            snapshot._change_reason = form.cleaned_data.get("change_reason") or None
            snapshot.save()

    def figure_warnings(self, mission):
        return disagreements(mission.region, [mission])


@admin.register(Posting)
class PostingAdmin(PublishableAdmin, TranslationAdmin):
    list_display = ["title", "kind", "country", "status", "position", "public"]
    list_filter = ["published", "kind", "status"]
    search_fields = ["title_en", "title_fr", "organization_en", "country_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    fieldsets = [
        (None, {"fields": [("title_en", "title_fr"), "slug", ("kind", "status"), "position"]}),
        (
            _("Where"),
            {
                "fields": [
                    ("organization_en", "organization_fr"),
                    ("city_en", "city_fr"),
                    ("country_en", "country_fr"),
                ]
            },
        ),
        (_("Content"), {"fields": [("body_en", "body_fr"), ("since", "since_precision")]}),
        (_("Publication"), {"fields": ["published", "change_reason", "base_version"]}),
    ]


@admin.register(DeploymentSnapshot)
class DeploymentSnapshotAdmin(SpreadsheetImportMixin, VersionedAdmin):
    resource_classes = [SnapshotResource]
    list_display = ["as_of", "region", "mission", "authorized", "deployed", "figure_level"]
    list_filter = ["region", "as_of"]
    list_select_related = ["region", "mission"]
    search_fields = ["region__name_en", "mission__name_en", "mission__acronym_en", "source"]
    autocomplete_fields = ["region", "mission"]
    date_hierarchy = "as_of"
    ordering = ["-as_of"]

    @admin.display(description=_("level"))
    def figure_level(self, obj):
        return _("mission") if obj.mission_id else _("region")
