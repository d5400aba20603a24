"""Page feedback in the admin: a read-only list for staff."""

from django.contrib import admin
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _

from missions.models.feedback import Feedback
from missions.staff.dates import LongDatesMixin


@admin.register(Feedback)
class FeedbackAdmin(LongDatesMixin, admin.ModelAdmin):
    list_display = [
        "created",
        "path",
        "language",
        "edition_number",
        "helpful",
        "problem",
        "summary",
    ]
    list_filter = ["helpful", "problem", "language", "created"]
    search_fields = ["path", "details"]
    date_hierarchy = "created"
    fields = ["created", "path", "language", "edition_number", "helpful", "problem", "details"]
    readonly_fields = fields

    @admin.display(description=_("details"))
    def summary(self, obj):
        return truncatechars(obj.details, 80)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
