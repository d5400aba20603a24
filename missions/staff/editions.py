"""Editions in the admin: the list of editions; the review screen where a Publisher sees
what would change against the live edition, then publishes; and the page that loads a
historical edition from a file (docs/edition-files.md). Publishing and loading are for
Publishers only."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from missions.core.choices import PersonnelType
from missions.core.dates import long_date
from missions.core.links import absolute_url
from missions.core.text import text_in
from missions.core.textdiff import word_diff
from missions.editions.building import build_document
from missions.editions.document import catalog_names, missing_texts
from missions.editions.files import EditionFileError
from missions.editions.loading import load_edition
from missions.editions.publishing import PublishRefused, publish
from missions.editions.review import review
from missions.editions.warnings import review_warnings
from missions.models.editions import Edition
from missions.models.published import FigureChange
from missions.opendata.files import build_files
from missions.staff.dates import LongDatesMixin
from missions.staff.readonly import ReadOnlyMixin
from missions.staff.restoring import RestoreEditionMixin, forget_restore, restored_summaries
from missions.staff.scheduling import ScheduleFormMixin, ScheduleMixin
from missions.staff.waiting import WaitingListMixin

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


class PublishForm(ScheduleFormMixin):
    summary_en = forms.CharField(
        label=_("Change summary (English)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What changed, in a sentence, for the public change log."),
    )
    summary_fr = forms.CharField(
        label=_("Change summary (French)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The same, in French."),
    )
    significant = forms.BooleanField(
        label=_("Significant change"),
        required=False,
        initial=True,
        help_text=_('Untick for a typo fix: the page\'s "Date modified" then stays as it is.'),
    )
    warnings_checked = forms.BooleanField(
        label=_("I have checked these"),
        required=False,
        help_text=_("The warnings above: each is right, or it has been fixed."),
    )
    reviewed_hash = forms.CharField(widget=forms.HiddenInput)
    base_number = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, warnings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = warnings
        if not warnings:
            del self.fields["warnings_checked"]

    def clean_warnings_checked(self):
        checked = self.cleaned_data["warnings_checked"]
        if self.warnings and not checked:
            raise forms.ValidationError(
                _("Check the warnings above, then tick this box to publish.")
            )
        return checked


@admin.register(Edition)
class EditionAdmin(
    RestoreEditionMixin,
    ScheduleMixin,
    WaitingListMixin,
    LoadEditionMixin,
    LongDatesMixin,
    ReadOnlyMixin,
    admin.ModelAdmin,
):
    list_display = ["number", "took_effect", "kind", "significant", "summary", "published_by"]
    # By date, as the public sees them: a historical edition loaded late has a later
    # number than its date deserves.
    ordering = ["-took_effect", "-number"]
    list_filter = ["kind", "significant"]
    list_select_related = ["published_by"]
    search_fields = ["summary_en", "summary_fr", "source"]
    date_hierarchy = "took_effect"
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
        "public_page",
    ]
    readonly_fields = fields

    @admin.display(description=_("change summary"))
    def summary(self, obj):
        text = text_in({"en": obj.summary_en, "fr": obj.summary_fr}, get_language())
        return format_html('<span lang="{}">{}</span>', text.lang, text) if text.lang else text

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [path("review/", review, name="missions_edition_review"), *super().get_urls()]

    def review_view(self, request):
        """What the next edition would change, and for Publishers, the publish form."""
        if not request.user.has_perm("missions.view_edition"):
            raise PermissionDenied
        may_publish = request.user.has_perm("missions.publish_edition")
        live = Edition.objects.live()
        document = build_document()
        found = review(live, document)
        initial = {
            "reviewed_hash": found.fingerprint,
            "base_number": live.number if live else 0,
            # A correction of past figures is not news: "Date modified" stays.
            "significant": not found.corrections_only,
            # After a restore: "Restores edition N", in each language.
            **restored_summaries(request),
        }
        cautions = review_warnings(document)
        form = PublishForm(initial=initial, warnings=cautions)
        if request.method == "POST":
            if not may_publish:
                raise PermissionDenied
            form = PublishForm(request.POST, warnings=cautions)
            if form.is_valid():
                if form.cleaned_data["go_live_at"]:
                    forget_restore(request)
                    return self.schedule(request, form.cleaned_data)
                try:
                    edition = publish(user=request.user, **form.publish_arguments())
                except PublishRefused as refusal:
                    self.message_user(request, str(refusal), messages.ERROR)
                    form = PublishForm(
                        initial={**form.publish_arguments(), **initial}, warnings=cautions
                    )
                else:
                    # The edition is live once committed, with its current pages rendered
                    # ahead (missions/pagecache/signals.py). If building the files fails, that is
                    # logged, and visitors get them made on demand.
                    if settings.DOWNLOADS_BUILD_ON_PUBLISH:
                        site_url = absolute_url(request, "/")
                        transaction.on_commit(lambda: build_files(edition, site_url), robust=True)
                    forget_restore(request)
                    self.message_user(
                        request,
                        gettext("Edition %(number)s is published: the public page shows it now.")
                        % {"number": edition.number},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:missions_edition_changelist"))
        names = catalog_names(document, live.document if live else None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Review and publish"),
            "live": live,
            "changes": [review_row(change) for change in found.changes],
            "figures": [figure_row(diff, names) for diff in found.figures],
            "figure_count": found.figure_count,
            "figures_not_listed": found.figure_count - len(found.figures),
            "un_figures": [un_row(diff) for diff in found.un_figures],
            "un_count": found.un_count,
            "un_not_listed": found.un_count - len(found.un_figures),
            "missing": missing_texts(document),
            "warnings": cautions,
            "form": form,
            "may_publish": may_publish,
            "unchanged": found.empty,
            **self.schedule_context(request),
        }
        return TemplateResponse(request, "admin/missions/edition/review.html", context)


def review_row(change):
    """A change with each language's before and after, texts as a word diff."""
    sides = []
    for code, label, before, after, changed in change.sides():
        if not changed:
            shown = gettext("(unchanged in this language)")
        elif change.kind == "removed":
            shown = format_html("<del>{}</del>", before or label)
        elif change.kind == "added":
            shown = format_html("<ins>{}</ins>", after or label)
        elif before and after:
            shown = word_diff(before, after)
        else:
            shown = after or before or label
        sides.append({"language": code, "label": label, "shown": shown})
    return {"change": change, "sides": sides}


def figure_row(diff, names):
    """A figure publishing would add, correct or remove: where, when, and its values as the
    public has them → as they would be."""
    language = get_language()
    shown = diff.shown
    before, after = diff.before, diff.after
    where = text_in(names.get(shown.mission or shown.region), language).value
    return {
        "kind": diff.kind,
        "kind_label": FigureChange.Kind(diff.kind).label,
        "where": where or shown.mission or shown.region,
        "as_of": values_shown(before and before.as_of, after and after.as_of, long_date),
        "authorized": values_shown(
            before and before.authorized, after and after.authorized, number_text
        ),
        "deployed": values_shown(before and before.deployed, after and after.deployed, number_text),
        "source": values_shown(before and before.source, after and after.source, str),
    }


def un_row(diff):
    """A UN figure publishing would add, correct or remove: its month, mission, personnel
    type, and male, female and total as the public has them → as they would be."""
    before, after = diff.before, diff.after
    shown = diff.shown

    def values(name):
        return values_shown(
            before and getattr(before, name), after and getattr(after, name), number_text
        )

    return {
        "kind": diff.kind,
        "kind_label": FigureChange.Kind(diff.kind).label,
        "month": long_date(shown.month),
        "acronym": shown.acronym or gettext("Canada, all missions"),
        "personnel_type": PersonnelType(shown.personnel_type).label,
        "male": values("male"),
        "female": values("female"),
        "total": values("total"),
    }


def values_shown(before, after, text):
    """One value: as it is, as it was → as it will be, or as it was (struck out)."""
    if before == after:
        return text(after) if after not in (None, "") else ""
    if before in (None, ""):
        return format_html("<ins>{}</ins>", text(after))
    if after in (None, ""):
        return format_html("<del>{}</del>", text(before))
    return format_html("<del>{}</del> → <ins>{}</ins>", text(before), text(after))


def number_text(value):
    return number_format(value, force_grouping=True)
