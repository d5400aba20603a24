"""Scheduled publishing on the review screen: the publish form's "When" (now, or at a date
and time in Eastern time), the pending publication with its Cancel button, and the last
refusal. The Edition admin (missions/staff/editions.py) puts them together."""

import datetime
import zoneinfo

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from missions.editions import scheduling
from missions.models.scheduling import ScheduledPublication

# Publishers work in Ottawa time whatever the server's TIME_ZONE (the zone Canada/Eastern
# is the old name of).
EASTERN = zoneinfo.ZoneInfo("America/Toronto")
NOW, LATER = "now", "later"
PUBLISH_FIELDS = ("summary_en", "summary_fr", "significant", "reviewed_hash", "base_number")
SCHEDULE_FIELDS = ("when", "go_live_date", "go_live_time")


def moment_text(moment):
    """A moment as Publishers read it, in the active language: "7 December 2026, 09:00
    (Eastern), 14:00 UTC", with the UTC date too where it is another day."""
    eastern, utc = moment.astimezone(EASTERN), moment.astimezone(datetime.UTC)
    utc_format = "H:i" if utc.date() == eastern.date() else "j F Y, H:i"
    return gettext("%(eastern)s (Eastern), %(utc)s UTC") % {
        "eastern": date_format(eastern, "j F Y, H:i"),
        "utc": date_format(utc, utc_format),
    }


class ScheduleFormMixin(forms.Form):
    """The publish form's "When": now, or at a date and time in Eastern time, which clean()
    turns into cleaned_data["go_live_at"] (None for now). Its fields come last."""

    # Not required: a form posted without it (a script, an older page) publishes now.
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[(NOW, _("Publish now")), (LATER, _("Publish at a set date and time"))],
        initial=NOW,
        widget=forms.RadioSelect,
    )
    go_live_date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    go_live_time = forms.TimeField(
        label=_("Time (Eastern)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_(
            "Ottawa time, daylight saving time included. The confirmation gives it in UTC too."
        ),
    )

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        for name in SCHEDULE_FIELDS:
            self.fields[name] = self.fields.pop(name)

    def clean(self):
        cleaned = super().clean()
        cleaned["go_live_at"] = None
        if cleaned.get("when") != LATER:
            return cleaned
        day, time = cleaned.get("go_live_date"), cleaned.get("go_live_time")
        if day is None and "go_live_date" not in self.errors:
            self.add_error("go_live_date", _("Give the date to publish on."))
        if time is None and "go_live_time" not in self.errors:
            self.add_error("go_live_time", _("Give the time to publish at."))
        if day is None or time is None:
            return cleaned
        moment = datetime.datetime.combine(day, time, tzinfo=EASTERN)
        pending = scheduling.pending()
        if moment.astimezone(datetime.UTC).astimezone(EASTERN).time() != time:
            self.add_error(
                "go_live_time",
                _("That time does not exist in Eastern time: the clocks go forward then."),
            )
        elif moment <= (self.now or timezone.now()):
            self.add_error("go_live_date", _("Choose a date and time in the future."))
        elif pending:
            self.add_error(
                "when",
                _("A publication is already scheduled for %(when)s. Cancel it first.")
                % {"when": moment_text(pending.go_live_at)},
            )
        else:
            cleaned["go_live_at"] = moment
        return cleaned

    def publish_arguments(self):
        """What publish() and schedule() take from the form, beside who and when."""
        return {name: self.cleaned_data[name] for name in PUBLISH_FIELDS}


class ScheduleMixin:
    """Adds scheduling to the Edition admin: schedule() for the review view, the cancel
    view, and what the review template's schedule.html shows."""

    def get_urls(self):
        cancel = self.admin_site.admin_view(require_POST(self.cancel_schedule_view))
        return [
            path("schedule/<int:pk>/cancel/", cancel, name="missions_edition_schedule_cancel"),
            *super().get_urls(),
        ]

    def may_schedule(self, request):
        return request.user.has_perm("missions.publish_edition")

    def schedule(self, request, cleaned_data):
        """Keep the reviewed working copy, to be published at cleaned_data["go_live_at"],
        and go back to the review screen, which shows it."""
        if not self.may_schedule(request):
            raise PermissionDenied
        try:
            scheduled = scheduling.schedule(
                user=request.user,
                go_live_at=cleaned_data["go_live_at"],
                **{name: cleaned_data[name] for name in PUBLISH_FIELDS},
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("Edition scheduled for %(when)s.")
                % {"when": moment_text(scheduled.go_live_at)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:missions_edition_review"))

    def cancel_schedule_view(self, request, pk):
        if not self.may_schedule(request):
            raise PermissionDenied
        scheduled = get_object_or_404(ScheduledPublication, pk=pk)
        try:
            scheduling.cancel(scheduled, request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("The publication scheduled for %(when)s is cancelled.")
                % {"when": moment_text(scheduled.go_live_at)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:missions_edition_review"))

    def schedule_context(self, request):
        """What templates/admin/missions/edition/schedule.html shows."""
        scheduled, refusal = scheduling.pending(), scheduling.last_refusal()
        return {
            "scheduled": scheduled,
            "scheduled_when": scheduled and moment_text(scheduled.go_live_at),
            "refusal": refusal,
            "refusal_when": refusal and moment_text(refusal.go_live_at),
            "refusal_reason": refusal and refusal.outcome(get_language()),
            "may_cancel": self.may_schedule(request),
        }
