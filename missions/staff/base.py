"""What every model admin of the site shares: history with revert, optimistic locking,
an optional reason for each change, and publication rights said on the screen
(spreadsheet import and export are in missions/staff/spreadsheets.py)."""

import re

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic

from missions.core.textdiff import word_diff
from missions.models.locking import VersionConflict
from missions.staff.dates import LongDatesMixin
from missions.staff.forms import VersionedForm


def preview_url(obj):
    """The record's public page as a staff preview, which includes drafts."""
    path, hash_mark, fragment = obj.get_absolute_url().partition("#")
    return f"{path}?preview=1{hash_mark}{fragment}"


def can_publish(request, model):
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def elide(text):
    """French elision in titles Django builds as "Modification de %s": "de affectation"
    becomes "d'affectation"."""
    if not translation.get_language().startswith("fr"):
        return text
    return re.sub(r"\bde (?=[aeiouyhàâéèêîôAEIOUYHÉÈÊ])", "d'", str(text))


class VersionedAdmin(LongDatesMixin, SimpleHistoryAdmin):
    """History with revert, and optimistic locking on every save."""

    form = VersionedForm
    view_on_site = staticmethod(preview_url)

    def save_model(self, request, obj, form, change):
        if is_historic(obj):
            obj._change_reason = self.revert_message(obj)
        else:
            obj._change_reason = form.cleaned_data.get("change_reason") or None
        # Saving a page where only the figures changed records no change to the page's record.
        if change and not form.has_changed() and not is_historic(obj):
            return
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason")
        if reason:
            for inline_form in formset.forms:
                inline_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)

    def render_change_form(self, request, context, *args, **kwargs):
        context["title"] = elide(context["title"])
        return super().render_change_form(request, context, *args, **kwargs)

    def revert_message(self, historic):
        """The History and the admin log's line for a revert to this version, stored in
        the site's default language as Django stores its own log messages."""
        with translation.override(settings.LANGUAGE_CODE):
            return gettext("Reverted to the version of %(date)s") % {
                "date": date_format(localtime(historic.modified), "DATETIME_FORMAT")
            }

    def construct_change_message(self, request, form, formsets, add=False):
        if is_historic(form.instance):
            return self.revert_message(form.instance)
        return super().construct_change_message(request, form, formsets, add)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (VersionConflict, IntegrityError):
            # Someone saved between the form's check and the write (the same record, or a
            # figure for the same date), and everything was rolled back. Checking again
            # shows the conflict on the form, with the editor's input kept.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.may_revert(request, unquote(object_id)):
            raise PermissionDenied
        extra_context = {**(extra_context or {}), "revert_refused": self.revert_refused(request)}
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except VersionConflict:
            return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "revert_refused": self.revert_refused(request)}
        return super().history_view(request, object_id, extra_context)

    def history_view_title(self, request, obj):
        # Ours: simple-history's French says "Historique de vue" for "View history".
        if self.revert_disabled(request, obj):
            return gettext("History: %(record)s") % {"record": obj}
        return gettext("Change history: %(record)s") % {"record": obj}

    def revert_refused(self, request):
        """Why this user may look at an old version but not bring it back."""
        if not self.has_change_permission(request):
            return gettext("You can look at this version, but not revert to it.")
        return gettext(
            "This record is in the next edition: only a Publisher can revert it. Ask a "
            "Publisher, giving them this version's date."
        )

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
                changes = []
                for change, raw in zip(
                    helper.context_for_delta_changes(delta), delta.changes, strict=True
                ):
                    if raw.old in (None, "") and raw.new in (None, ""):
                        continue  # an empty text stored two ways: nobody changed it
                    if isinstance(raw.old, str) and isinstance(raw.new, str):
                        change["diff"] = word_diff(raw.old, raw.new)
                    for side in ("old", "new"):
                        if getattr(raw, side) is None:
                            change[side] = ""
                    changes.append(change)
                previous.history_delta_changes = changes
            previous = current


class PublishFieldMixin:
    """Only a user with the model's publish permission may change `published`; others see
    what it means and who can change it."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not can_publish(request, self.model):
            fields = [*fields, "publication"]
        return fields

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if can_publish(request, self.model):
            return fields
        return [field for field in fields if field != "published"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request, self.model):
            return fieldsets
        return [
            (name, {**options, "fields": [swap(field) for field in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("publication"))
    def publication(self, obj):
        if obj is not None and obj.published:
            text = gettext(
                "In the next edition: the public sees it, as saved, once a Publisher publishes "
                "that edition. Only a Publisher can take it out."
            )
        else:
            text = gettext(
                "Draft: left out of the next edition. When it is ready, ask a Publisher to mark "
                "it as published."
            )
        return format_html('<span class="publication-status">{}</span>', text)


def swap(field):
    return "publication" if field == "published" else field


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

    def render_change_form(self, request, context, *args, **kwargs):
        context.update(publishable=True, may_publish=self.has_publish_permission(request))
        return super().render_change_form(request, context, *args, **kwargs)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translations"]

    @admin.display(description=_("published"), ordering="published")
    def public(self, obj):
        if obj.published:
            return gettext("In the next edition")
        return gettext("Draft (a Publisher marks it)")

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

    def response_add(self, request, obj, post_url_continue=None):
        request.unpublishable = self.unpublishable_message(obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request.unpublishable = self.unpublishable_message(obj)
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Django's green "… was changed successfully" would hide that the record can't go
        # into the next edition yet; its redirect (continue, add another) stays as it is.
        unpublishable = getattr(request, "unpublishable", None)
        if unpublishable and level == messages.SUCCESS:
            message, level = unpublishable, messages.WARNING
        super().message_user(request, message, level, *args, **kwargs)

    def unpublishable_message(self, obj):
        """What a saved record lacks before it can be published, or None."""
        # Publishable.missing_translations()'s sentences, without its explanation each time.
        missing_in = {
            "en": _("%(field)s is missing in English."),
            "fr": _("%(field)s is missing in French."),
        }
        missing = []
        for field, _message in obj.missing_translations():
            name, code = field.rsplit("_", 1)
            text = self.opts.get_field(name)
            label = capfirst(text.verbose_name)
            missing.append((text.creation_counter, missing_in[code] % {"field": label}))
        if not missing:
            return None
        return gettext("“%(object)s” was saved, but it can't be published yet: %(missing)s") % {
            "object": obj,
            "missing": " ".join(sentence for _order, sentence in sorted(missing)),
        }

    @admin.action(
        description=_("Mark selected %(verbose_name_plural)s ready for the next edition"),
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        self.set_published(request, queryset, True)

    @admin.action(
        description=_("Take selected %(verbose_name_plural)s out of the next edition"),
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        self.set_published(request, queryset, False)

    def set_published(self, request, queryset, published):
        """Mark each record ready for the next edition, or take it out: one save (and history
        entry) each. Says what was done, and what was left as it was."""
        already = queryset.filter(published=published).count()
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
                    gettext("“%(object)s” was not marked ready for the next edition: %(reasons)s")
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
        if published:
            # Marked, not published: the public sees it once a Publisher publishes an edition.
            done = ngettext(
                "Marked {count} {items} ready for the next edition. A Publisher publishes it "
                "from “{review}”.",
                "Marked {count} {items} ready for the next edition. A Publisher publishes them "
                "from “{review}”.",
                count,
            )
            kept = ngettext(
                "{count} {items} was already in the next edition.",
                "{count} {items} were already in the next edition.",
                already,
            )
        else:
            done = ngettext(
                "Took {count} {items} out of the next edition.",
                "Took {count} {items} out of the next edition.",
                count,
            )
            kept = ngettext(
                "{count} {items} was already out of the next edition.",
                "{count} {items} were already out of the next edition.",
                already,
            )
        url = reverse("admin:missions_edition_review")
        review = format_html('<a href="{}">{}</a>', url, gettext("Review and publish"))
        for number, text, level in [
            (count, done, messages.SUCCESS),
            (already, kept, messages.INFO),
        ]:
            if number:
                items = model_ngettext(self.opts, number)
                message = format_html(text, count=number, items=items, review=review)
                self.message_user(request, message, level)
