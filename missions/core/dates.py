"""Dates shown only as precisely as they are known, in the current language."""

from django.utils.formats import date_format
from modeltranslation.utils import get_language

from missions.core.choices import Precision


def format_date(value, precision):
    """A date shown only as precisely as it is known: "2004", "July 2015", "October 15, 2017"."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return long_date(value)


def long_date(value):
    """A full date in the current language: "June 1, 2022", "1er juin 2022"."""
    text = date_format(value, "DATE_FORMAT")
    if value.day == 1 and get_language() == "fr":
        # French writes the first of the month as an ordinal.
        text = text.replace("1", "1er", 1)
    return text
