"""Dates in the admin's lists as the public pages write them: "1er avril 2024" in French
(Django's date formats cannot write the first of the month so), and a date known only to
the month or the year as "juillet 2015" or "2004"."""

import functools

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import time_format
from django.utils.timezone import localtime

from missions.core.dates import format_date, long_date


class LongDatesMixin:
    """Shows each date column of list_display as the public pages write dates."""

    def get_list_display(self, request):
        return [date_column(self.model, name) for name in super().get_list_display(request)]


@functools.cache
def date_column(model, name):
    """The column showing the field `name` of `model`; `name` itself if not a date."""
    if not isinstance(name, str):
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if not isinstance(field, models.DateField):
        return name
    precision = f"{name}_precision"
    has_precision = any(f.name == precision for f in model._meta.fields)

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj):
        value = getattr(obj, name)
        if value is None:
            return None
        if isinstance(field, models.DateTimeField):
            value = localtime(value)
            return f"{long_date(value.date())} {time_format(value.time())}"
        if has_precision:
            return format_date(value, getattr(obj, precision))
        return long_date(value)

    column.__name__ = name  # the cells keep their class, field-<name>
    return column
