"""The count of records waiting for review, for the admin index's link to their list."""

from django import template

from missions.staff.waiting import waiting_count

register = template.Library()
register.simple_tag(waiting_count)
