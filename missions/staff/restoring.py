"""The "Restore this edition to the working copy" button of an edition's admin page: a
confirmation page that says what the restore would change, then, posted, the restore
itself (missions/editions/restoring.py) and the review, whose publish form says "Restores
edition N". Publishers only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import get_language, gettext

from missions.editions.restoring import RestoreRefused, reason, restore_edition
from missions.models.editions import Edition

# The number of the edition restored, until the next publish says so in its summary.
SESSION_KEY = "missions_restored_edition"


def restored_summaries(request):
    """The publish form's summaries after a restore, in each language; {} otherwise."""
    number = request.session.get(SESSION_KEY)
    if number is None:
        return {}
    edition = Edition(number=number)
    summaries = {}
    for code in ("en", "fr"):
        with translation.override(code):
            summaries[f"summary_{code}"] = reason(edition)
    return summaries


def forget_restore(request):
    request.session.pop(SESSION_KEY, None)


def remaining_row(change):
    """Where the page would still differ: what, and the item's name in this language."""
    side = change.languages.get(get_language()) or next(iter(change.languages.values()))
    what = change.section_label
    return {"what": f"{what}: {change.field_label}" if change.field else what, "item": side.label}


class RestoreEditionMixin:
    """Adds "Restore this edition to the working copy" to the Edition admin."""

    def get_urls(self):
        restore = self.admin_site.admin_view(self.restore_view)
        return [
            path("<int:edition_id>/restore/", restore, name="missions_edition_restore"),
            *super().get_urls(),
        ]

    def can_restore(self, request):
        return request.user.has_perm("missions.publish_edition")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_restore": self.can_restore(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def restore_view(self, request, edition_id):
        if not self.can_restore(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=edition_id)
        change_url = reverse("admin:missions_edition_change", args=[edition.pk])
        try:
            restored = restore_edition(edition, request.user, dry_run=request.method != "POST")
        except RestoreRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            request.session[SESSION_KEY] = edition.number
            self.message_user(
                request,
                gettext(
                    "The working copy shows edition %(number)s again (%(count)s records and "
                    "figures changed). Nothing is public yet: review the changes, then publish."
                )
                % {
                    "number": edition.number,
                    "count": len(restored.changed) + len(restored.figures),
                },
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:missions_edition_review"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Restore edition %(number)s") % {"number": edition.number},
            "edition": edition,
            "restored": restored,
            "remaining": [remaining_row(change) for change in restored.remaining],
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/missions/edition/restore.html", context)
