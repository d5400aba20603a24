"""Users, groups and sign-in attempts in the admin, in the reader's language.

Django stores a permission's name once, in English ("Can add log entry"), and shows it
as stored. Here the four default permissions are named again from their action and the
model's translated name, a custom one (Meta.permissions) through the catalogue, and a
history model (django-simple-history names it "historical region", untranslated) after
the model it keeps the history of.
"""

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

# django-axes' words that its French catalogue leaves in English or lacks: ours comes
# first (LOCALE_PATHS), so they are translated there.
AXES_TEXT = [
    gettext_noop("User Agent"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Access Attempt"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Locked Out"),
    gettext_noop("Not set"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
]


def model_names(model):
    """The model's name and plural name in the reader's language, for a label and for a
    sentence."""
    kept = getattr(model, "instance_type", None)
    if kept is not None:
        names = kept._meta.verbose_name_plural
        return (
            gettext("history of %(names)s") % {"names": names},
            gettext("history records of %(names)s") % {"names": names},
        )
    return str(model._meta.verbose_name), str(model._meta.verbose_name_plural)


def permission_label(permission):
    """ "App | model | what it allows", in the reader's language."""
    model = permission.content_type.model_class()
    if model is None:  # a model removed since
        return str(permission)
    name, names = model_names(model)
    action = permission.codename.removesuffix(f"_{model._meta.model_name}")
    values = {"names": names}
    if action == "add":
        allows = gettext("Can add %(names)s") % values
    elif action == "change":
        allows = gettext("Can change %(names)s") % values
    elif action == "delete":
        allows = gettext("Can delete %(names)s") % values
    elif action == "view":
        allows = gettext("Can view %(names)s") % values
    else:
        allows = gettext(permission.name)
    return f"{model._meta.app_config.verbose_name} | {name} | {allows}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class TranslatedPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(Group)
admin.site.unregister(User)
admin.site.unregister(AccessAttempt)


@admin.register(Group)
class GroupAdmin(TranslatedPermissionsMixin, auth_admin.GroupAdmin):
    pass


@admin.register(User)
class UserAdmin(TranslatedPermissionsMixin, auth_admin.UserAdmin):
    pass


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description=_("status"))
    def status(self, obj):
        # django-axes glues a number to "Attempt Remaining", which French cannot agree with.
        left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if left <= 0:
            return gettext("Locked Out")
        return ngettext("%(count)s attempt left", "%(count)s attempts left", left) % {"count": left}
