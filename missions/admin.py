from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import DeploymentSnapshot, Mission, Posting, Region


class MissionInline(TranslationTabularInline):
    model = Mission
    fields = ["name", "acronym", "slug", "kind", "status", "position", "published"]
    prepopulated_fields = {"slug": ["name_en"]}
    show_change_link = True
    extra = 0


class SnapshotInline(admin.TabularInline):
    model = DeploymentSnapshot
    fields = ["as_of", "authorized", "deployed", "source"]
    ordering = ["-as_of"]
    extra = 1


class RegionSnapshotInline(SnapshotInline):
    verbose_name = _("region-level figure")
    verbose_name_plural = _("region-level figures (shared by all the region's missions)")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(mission__isnull=True)


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "language", "armed", "position", "published", "modified"]
    list_editable = ["position"]
    list_filter = ["published", "language", "armed"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MissionInline, RegionSnapshotInline]


@admin.register(Mission)
class MissionAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "acronym", "region", "kind", "status", "started", "ended", "published"]
    list_filter = ["published", "status", "kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_fr", "acronym_en", "acronym_fr", "slug"]
    autocomplete_fields = ["predecessor"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [SnapshotInline]
    fieldsets = [
        (None, {"fields": ["region", "name", "acronym", "slug", "kind", "status", "position"]}),
        (_("Dates"), {"fields": [("started", "started_precision"), ("ended", "ended_precision")]}),
        (_("Content"), {"fields": ["body", "language", "armed", "predecessor", "source"]}),
        (_("Publication"), {"fields": ["published"]}),
    ]


@admin.register(Posting)
class PostingAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "kind", "country", "status", "position", "published"]
    list_filter = ["published", "kind", "status"]
    search_fields = ["title_en", "title_fr", "organization_en", "country_en"]
    prepopulated_fields = {"slug": ["title_en"]}


@admin.register(DeploymentSnapshot)
class DeploymentSnapshotAdmin(SimpleHistoryAdmin):
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
