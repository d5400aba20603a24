"""Staff users, signed in, and the admin's forms as a browser would post them."""

from django.contrib.auth.models import Group, User
from django.forms import CheckboxInput
from django.test import Client
from django.urls import reverse


def make_user(username, group=None, staff=True, superuser=False):
    """A user, staff by default, in one of the groups the migrations create."""
    # No password (and so no slow hashing): tests sign in with force_login.
    user = User.objects.create_user(username, is_staff=staff, is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def signed_in(group=None, username=None, **kwargs):
    """A client signed in as a new user of `group`, named after it unless `username` is
    given; make_user's other keywords (staff, superuser) pass through."""
    client = Client()
    client.force_login(make_user(username or (group or "staff").lower(), group, **kwargs))
    return client


def change_url(record):
    """The address of a record's admin change page."""
    return reverse(f"admin:missions_{record._meta.model_name}_change", args=[record.pk])


def form_values(form):
    """What a browser would post for a form as rendered."""
    values = {}
    for field in form:
        value = field.value()
        if isinstance(field.field.widget, CheckboxInput):
            if value:
                values[field.html_name] = "on"
        elif value is not None:
            values[field.html_name] = str(value)
    return values


def admin_form_data(response, **changes):
    """The data an admin change (or revert) page posts when saved as shown, with changes."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        data.update(form_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_values(form))
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}
