"""The charts of the history pages: downsampled series, breaks where a figure is unknown
or too old, and the table of the points drawn."""

import datetime

from missions.public.charts import (
    ABSENT,
    MAX_POINTS,
    STANDS_FOR,
    Gap,
    downsample,
    line_chart,
    merge,
    nice_ceiling,
    with_gaps,
)

START = datetime.date(1990, 1, 1)


def series(count, value=lambda i: i % 50, other=lambda i: i % 7):
    return [(START + datetime.timedelta(days=i), value(i), other(i)) for i in range(count)]


def test_a_short_series_is_drawn_whole():
    rows = series(MAX_POINTS)
    assert downsample(rows) == rows


def test_a_long_series_keeps_at_most_200_points_with_its_ends_and_extremes():
    # One spike and one dip that a plain "every nth point" sample would miss.
    rows = series(10_000, value=lambda i: 5000 if i == 4321 else 100, other=lambda i: i % 7 or 1)
    rows[6789] = (rows[6789][0], 100, 0)
    kept = downsample(rows)
    assert len(kept) <= MAX_POINTS
    assert kept[0] == rows[0] and kept[-1] == rows[-1]
    assert rows[4321] in kept
    assert rows[6789] in kept
    assert kept == sorted(kept)


def test_downsampling_skips_unknown_figures():
    rows = [(START + datetime.timedelta(days=i), None, i) for i in range(1000)]
    kept = downsample(rows, max_points=50)
    assert len(kept) <= 50
    assert rows[999] in kept and rows[0] in kept


def test_the_value_axis_ends_on_a_round_number():
    assert [nice_ceiling(v) for v in (0, 7, 11, 45, 90, 101, 480, 5000, 5001)] == [
        10,
        10,
        20,
        50,
        100,
        200,
        500,
        5000,
        10000,
    ]


def test_an_unknown_figure_breaks_the_line_instead_of_bridging_it():
    rows = [
        (datetime.date(2020, 1, 1), 10, 5),
        (datetime.date(2020, 2, 1), 12, None),
        (datetime.date(2020, 3, 1), 14, 6),
        (datetime.date(2020, 4, 1), 16, 7),
    ]
    chart = line_chart(rows, ["Authorized", "Deployed"])
    authorized, deployed = chart.series
    assert len(authorized.lines) == 1 and len(authorized.markers) == 4
    assert len(deployed.lines) == 1 and len(deployed.markers) == 3
    # Only the last two points are joined, by a step: the figure stands until the next.
    (x3, y3), (x4, y4) = [(m.x, m.y) for m in deployed.markers[1:]]
    assert deployed.lines == [f"{x3},{y3} {x4},{y3} {x4},{y4}"]


def test_a_figure_stands_a_year_at_most_then_the_line_breaks_until_the_next():
    rows = [
        (datetime.date(2010, 1, 1), 10, None),
        (datetime.date(2010, 7, 1), 20, None),
        (datetime.date(2019, 1, 1), 30, None),
    ]
    chart = line_chart(rows, ["Authorized", "Deployed"])
    first, second, third = chart.series[0].markers
    year_later = chart.left + (chart.right - chart.left) * (
        (datetime.date(2010, 7, 1) + STANDS_FOR - rows[0][0]).days / (rows[-1][0] - rows[0][0]).days
    )
    # 10 stands until 20; 20 stands one year, not the nine years to 30.
    assert chart.series[0].lines == [
        f"{first.x},{first.y} {second.x},{first.y} {second.x},{second.y} "
        f"{round(year_later, 1)},{second.y}"
    ]
    assert third.x == chart.right  # 30 is drawn alone, as a marker


def test_the_table_shows_the_gap_the_chart_leaves():
    rows = [(datetime.date(2010, 1, 1), 10, 5), (datetime.date(2012, 1, 1), 12, 6)]
    assert with_gaps(rows, day=lambda row: row[0]) == [
        rows[0],
        Gap(datetime.date(2010, 1, 1) + STANDS_FOR, datetime.date(2012, 1, 1)),
        rows[1],
    ]
    close = [(datetime.date(2010, 1, 1), 10, 5), (datetime.date(2010, 12, 1), 12, 6)]
    assert with_gaps(close, day=lambda row: row[0]) == close


def test_series_dated_apart_share_one_chart_without_breaking_each_other():
    own = [(datetime.date(2020, 1, 1), 10), (datetime.date(2020, 3, 1), 12)]
    shown = [(datetime.date(2020, 2, 1), 30), (datetime.date(2020, 2, 1), 31)]
    rows = merge(own, shown)
    assert rows == [
        (datetime.date(2020, 1, 1), 10, ABSENT),
        (datetime.date(2020, 2, 1), ABSENT, 31),  # a date given twice: the last value
        (datetime.date(2020, 3, 1), 12, ABSENT),
    ]
    chart = line_chart(rows, ["Own", "Shown"])
    first, second = chart.series[0].markers
    # 10 stands until 12, across the date only the other series has.
    step = f"{first.x},{first.y} {second.x},{first.y} {second.x},{second.y}"
    assert chart.series[0].lines == [step]
    assert len(chart.series[1].markers) == 1 and chart.series[1].lines == []


def test_downsampling_skips_a_series_absent_on_a_date():
    rows = [(START + datetime.timedelta(days=i), ABSENT if i % 2 else i, i) for i in range(1000)]
    kept = downsample(rows, max_points=50)
    assert len(kept) <= 50
    assert rows[0] in kept and rows[999] in kept


def test_the_series_differ_by_line_style_and_marker_not_only_colour():
    chart = line_chart(series(3), ["Authorized", "Deployed"])
    authorized, deployed = chart.series
    assert (authorized.dasharray, authorized.marker) != (deployed.dasharray, deployed.marker)
    assert authorized.marker == "circle" and deployed.marker == "square"


def test_a_single_point_is_drawn_in_the_middle_as_a_marker():
    chart = line_chart([(datetime.date(2017, 10, 16), 90, 40)], ["Authorized", "Deployed"])
    marker = chart.series[0].markers[0]
    assert marker.x == (chart.left + chart.right) / 2
    assert chart.series[0].lines == []
    assert chart.x_ticks == [(marker.x, "2017-10-16")]
    assert chart.y_ticks[-1] == (chart.top, 100)


def test_points_are_placed_by_date_and_value():
    rows = [(datetime.date(2020, 1, 1), 0, None), (datetime.date(2020, 1, 11), 10, None)]
    chart = line_chart(rows, ["Authorized", "Deployed"])
    first, last = chart.series[0].markers
    assert (first.x, first.y) == (chart.left, chart.bottom)
    assert (last.x, last.y) == (chart.right, chart.top)


def test_a_long_series_is_labelled_by_year_and_a_short_one_by_date():
    long = line_chart(series(10_000), ["A", "B"])
    labels = [label for _x, label in long.x_ticks]
    assert labels[0] == "1990" and labels[-1] <= "2017" and len(labels) <= 9
    assert all(label.isdigit() for label in labels)
    assert all(long.left <= x <= long.right for x, _label in long.x_ticks)
    mid_year = line_chart(series(3000)[100:], ["A", "B"])
    assert mid_year.x_ticks[0][1] == "1991"  # the first 1 January inside the series
    short = line_chart(series(100), ["A", "B"])
    assert [label for _x, label in short.x_ticks][0] == "1990-01-01"
    assert [label for _x, label in short.x_ticks][-1] == "1990-04-10"


def test_the_chart_keeps_the_drawn_points_for_its_table():
    rows = series(5000)
    chart = line_chart(rows, ["A", "B"])
    assert chart.total == 5000
    assert chart.is_downsampled
    assert chart.rows == downsample(rows)
    assert len(chart.series[0].markers) == len(chart.rows)


def test_no_rows_make_an_empty_chart():
    chart = line_chart([], ["A", "B"])
    assert chart.rows == [] and chart.series == []
