"""Admin screens that show what the site recorded and let no one change it."""


class ReadOnlyMixin:
    """No add, change or delete, for anyone: the records are the site's own account."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
