"""Admin: the editions, and the page that loads a historical edition from a file
(docs/edition-files.md). Publishers only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .edition_files import EditionFileError
from .editions import Edition
from .loading import load_edition

MAX_FILE_SIZE = 2 * 1024 * 1024


class LoadEditionForm(forms.Form):
    file = forms.FileField(
        label=_("Edition file (TOML)"),
        help_text=_("One version of the page, in the format of docs/edition-files.md."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"),
        required=False,
        initial=True,
        help_text=_("Check the file and say what would be created, without writing anything."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from error


class LoadEditionMixin:
    """Adds "Load a historical edition" to the Edition admin."""

    change_list_template = "admin/missions/edition/change_list.html"

    def get_urls(self):
        load = self.admin_site.admin_view(self.load_view)
        return [path("load/", load, name="missions_edition_load"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_load": self.can_load(request)}
        return super().changelist_view(request, extra_context)

    def can_load(self, request):
        return request.user.has_perm("missions.publish_edition")

    def load_view(self, request):
        if not self.can_load(request):
            raise PermissionDenied
        bound = request.method == "POST"
        form = LoadEditionForm(request.POST, request.FILES) if bound else LoadEditionForm()
        errors, lines = [], []
        if bound and form.is_valid():
            dry_run = form.cleaned_data["dry_run"]
            try:
                report = load_edition(form.cleaned_data["file"], user=request.user, dry_run=dry_run)
            except EditionFileError as error:
                errors = [str(e) for e in error.errors]
            else:
                lines = list(report.lines(dry_run))
                if not dry_run:
                    for line in lines:
                        messages.success(request, line)
                    return HttpResponseRedirect(reverse("admin:missions_edition_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Load a historical edition"),
            "form": form,
            "errors": errors,
            "lines": lines,
        }
        return TemplateResponse(request, "admin/missions/edition/load.html", context)


@admin.register(Edition)
class EditionAdmin(LoadEditionMixin, admin.ModelAdmin):
    list_display = ["number", "took_effect", "kind", "significant", "published_by", "summary_en"]
    list_filter = ["kind", "significant"]
    list_select_related = ["published_by"]
    search_fields = ["summary_en", "summary_fr", "source"]
    fields = [
        "number",
        "kind",
        "took_effect",
        "published_at",
        "published_by",
        "summary_en",
        "summary_fr",
        "significant",
        "source",
        "content_hash",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
