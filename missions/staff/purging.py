"""Purge jobs in the admin: a read-only list, for seeing whether the shared cache in front
of the site has been told of a publish (missions/frontend/ sends them)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from missions.models.purging import PurgeJob
from missions.staff.dates import LongDatesMixin
from missions.staff.readonly import ReadOnlyMixin


class PendingFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("1", pgettext_lazy("purge", "pending")), ("0", pgettext_lazy("purge", "sent"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.pending()
        if self.value() == "0":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(PurgeJob)
class PurgeJobAdmin(ReadOnlyMixin, LongDatesMixin, admin.ModelAdmin):
    list_display = ["created", "edition", "tags", "sent", "attempts", "next_attempt", "last_error"]
    list_filter = [PendingFilter]
    list_select_related = ["edition"]
    search_fields = ["tags", "last_error"]
    fields = ["created", "edition", "tags", "attempts", "next_attempt", "last_error", "sent_at"]
    readonly_fields = fields

    @admin.display(description=pgettext_lazy("purge", "sent"), boolean=True, ordering="sent_at")
    def sent(self, obj):
        return obj.sent_at is not None


def pending_purges():
    """How many purges the cache has not yet acknowledged, for the admin index."""
    return PurgeJob.objects.pending().count()
