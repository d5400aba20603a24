from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.translator import NotRegistered, translator
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic

from .forms import VersionedForm, VersionedInlineForm
from .importing import BoundedCSV, BoundedXLSX, ImportFileError
from .locking import VersionConflict
from .models import DeploymentSnapshot, Mission, Posting, Region
from .resources import MissionResource, SnapshotResource


def preview_url(obj):
    """The record's public page as a staff preview, which includes drafts."""
    path, hash_mark, fragment = obj.get_absolute_url().partition("#")
    return f"{path}?preview=1{hash_mark}{fragment}"


def can_publish(request, model):
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


class VersionedAdmin(SimpleHistoryAdmin):
    """History with revert, and optimistic locking on every save."""

    form = VersionedForm
    view_on_site = staticmethod(preview_url)

    def save_model(self, request, obj, form, change):
        # Saving a page where only the figures changed records no change to the page's record.
        if change and not form.has_changed() and not is_historic(obj):
            return
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersionConflict:
            # Someone saved between the form's check and the write, and everything was
            # rolled back. Checking again shows the conflict on the form.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.may_revert(request, unquote(object_id)):
            raise PermissionDenied
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except VersionConflict:
            return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or (
            obj is not None and not self.may_revert(request, obj.pk)
        )

    def may_revert(self, request, pk):
        return self.has_change_permission(request)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # Show each translated text once per language, not also under its untranslated name.
        try:
            excluded = translator.get_options_for_model(self.model).fields
        except NotRegistered:
            excluded = ()
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current


class PublishFieldMixin:
    """Only a user with the model's publish permission may change `published`."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not can_publish(request, self.model):
            fields = [*fields, "published"]
        return fields


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [
            (code, _("Missing in %(language)s") % {"language": name})
            for code, name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(settings.LANGUAGES):
            return queryset.missing_translation(self.value())
        return queryset


class PublishableAdmin(PublishFieldMixin, VersionedAdmin):
    """Drafts and publication: only users with the model's publish permission may change
    what the public sees, and a record is published only with both languages complete.
    The English and French texts sit side by side; a missing one is flagged."""

    actions = ["publish", "unpublish"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translations"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]

    @admin.display(description=_("translations"))
    def translations(self, obj):
        missing = {field.rsplit("_", 1)[1] for field, _message in obj.missing_translations()}
        if not missing:
            return gettext("Complete")
        languages = ", ".join(str(name) for code, name in settings.LANGUAGES if code in missing)
        return format_html(
            '<strong class="missing-translation">{}</strong>',
            gettext("Missing: %(languages)s") % {"languages": languages},
        )

    def has_publish_permission(self, request, obj=None):
        return can_publish(request, self.model)

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            # A revert brings back an old version's flag too; keep the current one.
            obj.published = change and self.is_published(obj.pk)
        super().save_model(request, obj, form, change)

    def is_published(self, pk):
        return self.model._base_manager.filter(pk=pk, published=True).exists()

    def may_revert(self, request, pk):
        # Reverting a published record changes the public page at once.
        return super().may_revert(request, pk) and (
            self.has_publish_permission(request) or not self.is_published(pk)
        )

    @admin.action(
        description=_("Publish selected %(verbose_name_plural)s"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        count = self.set_published(request, queryset, True)
        if count:
            self.message_user(
                request,
                gettext("Published %(count)d %(items)s.")
                % {"count": count, "items": model_ngettext(self.opts, count)},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Unpublish selected %(verbose_name_plural)s"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        count = self.set_published(request, queryset, False)
        if count:
            self.message_user(
                request,
                gettext("Unpublished %(count)d %(items)s.")
                % {"count": count, "items": model_ngettext(self.opts, count)},
                messages.SUCCESS,
            )

    def set_published(self, request, queryset, published):
        """Publish or unpublish each record, one save (and history entry) each."""
        count = 0
        for obj in queryset.filter(published=not published):
            obj.published = published
            try:
                if published:
                    obj.full_clean()  # Only a complete, valid record goes public.
                obj.save()
            except ValidationError as e:
                self.message_user(
                    request,
                    gettext("“%(object)s” was not published: %(reasons)s")
                    % {"object": obj, "reasons": " ".join(e.messages)},
                    messages.ERROR,
                )
                continue
            except VersionConflict:
                self.message_user(
                    request,
                    gettext("“%(object)s” was changed by someone else just now; try again.")
                    % {"object": obj},
                    messages.ERROR,
                )
                continue
            # Stored untranslated, as the admin stores its own change messages.
            with translation.override(None):
                label = str(capfirst(self.opts.get_field("published").verbose_name))
            self.log_change(request, obj, [{"changed": {"fields": [label]}}])
            count += 1
        return count


class SpreadsheetImportMixin(ImportExportMixin):
    """CSV and XLSX import and export. An import is previewed, then confirmed; it is
    all or nothing, with the same checks as `manage.py import_snapshots`."""

    formats = [CSV, XLSX]
    # Read within the IMPORT_MAX_* limits, refusing a file that cannot be read exactly.
    import_formats = [BoundedCSV, BoundedXLSX]
    import_template_name = "admin/missions/import.html"

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                gettext("The file cannot be read. Check that its format is the one chosen."),
            )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The data changed between the preview and the confirmation; nothing was written.
            self.message_user(
                request,
                gettext(
                    "Nothing was imported: the file no longer passes the checks, probably "
                    "because the records changed since the preview. Import it again to see why."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
            )
        return super().process_result(result, request)


class SnapshotFormSet(BaseInlineFormSet):
    """Figures of one mission, or of one region: a date may appear once. The form alone
    cannot check this, as its mission or region is the page's record."""

    def clean(self):
        super().clean()
        constraint = next(
            c
            for c in DeploymentSnapshot._meta.constraints
            if c.name == f"snapshot_unique_{self.fk.name}_date"
        )
        dates = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            as_of = form.cleaned_data.get("as_of")
            if as_of in dates:
                form.add_error("as_of", constraint.violation_error_message)
            elif as_of is not None:
                dates.add(as_of)


class MissionInline(PublishFieldMixin, TranslationTabularInline):
    model = Mission
    form = VersionedInlineForm
    fields = ["name", "acronym", "slug", "kind", "status", "position", "published", "base_version"]
    prepopulated_fields = {"slug": ["name_en"]}
    show_change_link = True
    extra = 0


class SnapshotInline(admin.TabularInline):
    model = DeploymentSnapshot
    form = VersionedInlineForm
    formset = SnapshotFormSet
    fields = ["as_of", "authorized", "deployed", "source", "base_version"]
    ordering = ["-as_of"]
    extra = 1


class RegionSnapshotInline(SnapshotInline):
    verbose_name = _("region-level figure")
    verbose_name_plural = _("region-level figures (shared by all the region's missions)")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(mission__isnull=True)


@admin.register(Region)
class RegionAdmin(PublishableAdmin, TranslationAdmin):
    list_display = ["name", "language", "armed", "position", "published", "modified"]
    list_filter = ["published", "language", "armed"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MissionInline, RegionSnapshotInline]
    fieldsets = [
        (None, {"fields": [("name_en", "name_fr"), "slug", "position", ("language", "armed")]}),
        (_("Text"), {"fields": [("note_en", "note_fr"), ("intro_en", "intro_fr")]}),
        (_("Publication"), {"fields": ["published", "base_version"]}),
    ]


@admin.register(Mission)
class MissionAdmin(SpreadsheetImportMixin, PublishableAdmin, TranslationAdmin):
    resource_classes = [MissionResource]
    list_display = ["name", "acronym", "region", "kind", "status", "started", "ended", "published"]
    list_filter = ["published", "status", "kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_fr", "acronym_en", "acronym_fr", "slug"]
    autocomplete_fields = ["predecessor"]
    prepopulated_fields = {"slug": ["name_en"]}
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
        (_("Publication"), {"fields": ["published", "base_version"]}),
    ]


@admin.register(Posting)
class PostingAdmin(PublishableAdmin, TranslationAdmin):
    list_display = ["title", "kind", "country", "status", "position", "published"]
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
        (_("Publication"), {"fields": ["published", "base_version"]}),
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
