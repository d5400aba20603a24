"""The count of purges the shared cache has not yet acknowledged, for the admin index."""

from django import template

from missions.staff.purging import pending_purges

register = template.Library()
register.simple_tag(pending_purges)
