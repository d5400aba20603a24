"""Geometry of the line charts on the history pages, drawn as inline SVG by
templates/missions/chart.html. Everything that needs arithmetic is done here.

A figure stands until the next one, for at most STANDS_FOR: where the next figure comes
later, the line stops a year after the figure and the chart (and its table) shows a gap,
rather than carrying an old figure across years nobody recorded.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

STANDS_FOR = datetime.timedelta(days=365)
# More points than this cannot be told apart on a chart this wide.
MAX_POINTS = 200
WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 48, 56
MARKER = 3.5
# How each series is told apart without colour: line style, marker shape, legend text.
STYLES = [
    {
        "dasharray": "none",
        "marker": "circle",
        "colour": "#26374a",
        "description": _("solid line, round markers"),
    },
    {
        "dasharray": "8 5",
        "marker": "square",
        "colour": "#a8501f",
        "description": _("dashed line, square markers"),
    },
    {
        "dasharray": "2 4",
        "marker": "diamond",
        "colour": "#3a6b35",
        "description": _("dotted line, diamond markers"),
    },
]


def downsample(rows, max_points=MAX_POINTS):
    """Keep at most max_points of rows, (date, value, value, ...) sorted by date: the first
    and the last, and in each bucket between them the rows holding each series' minimum
    and maximum, so that peaks and troughs survive."""
    if len(rows) <= max_points:
        return list(rows)
    columns = len(rows[0]) - 1
    buckets = max(1, (max_points - 2) // (2 * columns))
    inner = len(rows) - 2
    keep = {0, len(rows) - 1}
    for bucket in range(buckets):
        indexes = range(1 + bucket * inner // buckets, 1 + (bucket + 1) * inner // buckets)
        for column in range(1, columns + 1):
            known = [i for i in indexes if rows[i][column] is not None]
            if known:
                keep.add(min(known, key=lambda i, c=column: rows[i][c]))
                keep.add(max(known, key=lambda i, c=column: rows[i][c]))
    return [rows[i] for i in sorted(keep)]


def nice_ceiling(value):
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least value (10 at least)."""
    if value <= 10:
        return 10
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


@dataclass
class Marker:
    x: float
    y: float
    shape: str
    radius: float = MARKER

    @property
    def corner_x(self):
        return round(self.x - self.radius, 1)

    @property
    def corner_y(self):
        return round(self.y - self.radius, 1)

    @property
    def size(self):
        return self.radius * 2

    @property
    def diamond(self):
        r = self.radius + 1
        corners = [
            (self.x, self.y - r),
            (self.x + r, self.y),
            (self.x, self.y + r),
            (self.x - r, self.y),
        ]
        return " ".join(f"{round(x, 1)},{round(y, 1)}" for x, y in corners)


@dataclass
class Series:
    label: str
    number: int
    dasharray: str
    marker: str
    colour: str
    description: str
    lines: list = field(default_factory=list)
    markers: list = field(default_factory=list)
    legend_x: int = 0
    legend_y: int = 20

    @property
    def legend_line_end(self):
        return self.legend_x + 32

    @property
    def legend_marker(self):
        return Marker(self.legend_x + 16, self.legend_y, self.marker)

    @property
    def legend_text_x(self):
        return self.legend_x + 40


@dataclass
class Gap:
    """A stretch with no known figure: from a year after one figure to the next."""

    start: datetime.date
    end: datetime.date
    is_gap: bool = True


@dataclass
class Chart:
    rows: list
    total: int
    series: list
    x_ticks: list
    y_ticks: list
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def table(self):
        """The rows of the table beside the chart, with a Gap where no figure is known."""
        rows = []
        for index, row in enumerate(self.rows):
            if index and row[0] - self.rows[index - 1][0] > STANDS_FOR:
                rows.append(Gap(self.rows[index - 1][0] + STANDS_FOR, row[0]))
            rows.append(row)
        return rows

    @property
    def is_downsampled(self):
        return len(self.rows) < self.total

    @property
    def first(self):
        return self.rows[0][0] if self.rows else None

    @property
    def last(self):
        return self.rows[-1][0] if self.rows else None

    @property
    def x_label_x(self):
        return (self.left + self.right) / 2

    @property
    def x_label_y(self):
        return self.bottom + 40

    @property
    def y_label_x(self):
        return 16

    @property
    def y_label_y(self):
        return (self.top + self.bottom) / 2


def _x_ticks(first, last, x):
    """Date labels for the x axis: years on a long series, a few exact dates on a short one."""
    span = (last - first).days
    if span >= 3 * 365:
        years = range(first.year + ((first.month, first.day) != (1, 1)), last.year + 1)
        step = math.ceil(len(years) / 8)
        return [(x(first.replace(year=y, month=1, day=1)), str(y)) for y in years[::step]]
    if span == 0:
        return [(x(first), first.isoformat())]
    ordinals = sorted({first.toordinal() + span * i // 4 for i in range(5)})
    dates = [first.fromordinal(o) for o in ordinals]
    return [(x(d), d.isoformat()) for d in dates]


def line_chart(rows, labels, max_points=MAX_POINTS):
    """A chart of rows, (date, value, value, ...) sorted by date, one series per label.
    Rows with more than max_points are downsampled for drawing; Chart.rows are the
    points drawn, which the table beside the chart lists."""
    drawn = downsample(rows, max_points)
    chart = Chart(rows=drawn, total=len(rows), series=[], x_ticks=[], y_ticks=[])
    if not drawn:
        return chart
    first, last = drawn[0][0], drawn[-1][0]
    span = (last - first).days
    plot_width, plot_height = chart.right - chart.left, chart.bottom - chart.top
    values = [v for row in drawn for v in row[1:] if v is not None]
    top_value = nice_ceiling(max(values, default=0))

    def x(day):
        if span == 0:
            return round(chart.left + plot_width / 2, 1)
        return round(chart.left + plot_width * (day - first).days / span, 1)

    def y(value):
        return round(chart.bottom - plot_height * value / top_value, 1)

    chart.x_ticks = _x_ticks(first, last, x)
    chart.y_ticks = [(y(top_value * i // 5), top_value * i // 5) for i in range(6)]
    for number, label in enumerate(labels):
        style = STYLES[number % len(STYLES)]
        series = Series(label, number + 1, **style, legend_x=LEFT + 220 * number)
        line, last_day = [], None  # the points of the current unbroken line
        for row in drawn:
            value = row[number + 1]
            if line and (value is None or row[0] - last_day > STANDS_FOR):
                # An unknown figure, or a year without one, breaks the line.
                if value is not None:
                    line.append((x(last_day + STANDS_FOR), line[-1][1]))
                if len(line) > 1:
                    series.lines.append(" ".join(f"{px},{py}" for px, py in line))
                line = []
            if value is None:
                continue
            point = (x(row[0]), y(value))
            if line:
                # A figure stands until the next one: draw steps, not slopes.
                line.append((point[0], line[-1][1]))
            line.append(point)
            last_day = row[0]
            series.markers.append(Marker(*point, style["marker"]))
        if len(line) > 1:
            series.lines.append(" ".join(f"{px},{py}" for px, py in line))
        chart.series.append(series)
    return chart
