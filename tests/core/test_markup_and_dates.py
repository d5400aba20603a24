"""The small body markup, and dates shown only as precisely as they are known."""

import datetime

import pytest

from missions.core.dates import format_date
from missions.core.markup import render_markup
from missions.models import Precision


@pytest.mark.parametrize(
    "precision,expected",
    [(Precision.YEAR, "2004"), (Precision.MONTH, "July 2015"), (Precision.DAY, "July 1, 2015")],
)
def test_dates_are_shown_only_as_precisely_as_they_are_known(precision, expected):
    assert (
        format_date(
            datetime.date(2015, 7, 1) if precision != "year" else datetime.date(2004, 1, 1),
            precision,
        )
        == expected
    )


def test_markup_makes_paragraphs_and_nested_lists_and_escapes_html():
    html = render_markup("One <b>\n\nIncluding:\n- a\n  - b\n- c")
    assert html == (
        "<p>One &lt;b&gt;</p>\n<p>Including:</p>\n<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"
    )
