"""Geometry of the line charts on the history pages, drawn as inline SVG by
templates/missions/chart.html, and the tables of figures beside them
(templates/missions/figures_table.html). Everything that needs arithmetic is done here.

A figure stands until the next one, for at most STANDS_FOR: where the next figure comes
later, the line stops a year after the figure and the chart (and its table) shows a gap,
rather than carrying an old figure across years nobody recorded.

In a row, None is a figure not recorded that day (the line breaks there); ABSENT is a
series with no figure that day at all, as when one chart draws series dated apart.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from missions.core.dates import long_date
from missions.core.text import Text

STANDS_FOR = datetime.timedelta(days=365)


class Absent:
    """No figure of a series that day (see above)."""

    def __repr__(self):
        return "ABSENT"


ABSENT = Absent()

# More points than this cannot be told apart on a chart this wide.
MAX_POINTS = 200
WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 48, 56
MARKER = 3.5
# The legend: entries 220 apart, or more for a long label (about 7 units a character at
# font-size 12), wrapped onto another row, above a plot moved down for it.
LEGEND_STEP, LEGEND_ROW, CHAR_WIDTH = 220, 18, 7
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


def known(value):
    return value is not None and value is not ABSENT


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
            found = [i for i in indexes if known(rows[i][column])]
            if found:
                keep.add(min(found, key=lambda i, c=column: rows[i][c]))
                keep.add(max(found, key=lambda i, c=column: rows[i][c]))
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


def figure_labels():
    return {
        "date": gettext("Date"),
        "authorized": gettext("Authorized"),
        "deployed": gettext("Deployed"),
        "shown": gettext("On the page"),
        "not_recorded": gettext("Not recorded"),
        "not_shown": gettext("Not shown on the page (history only)"),
    }


@dataclass
class FigureOwner:
    """The mission a figure on a region's page is for."""

    name: Text
    url: str


@dataclass
class FigureRow:
    """A published figure as a history page lists it. `shown` is the first edition that
    showed its values on the page, None if none did; `mission` names whose it is, on a
    region's page."""

    as_of: datetime.date
    authorized: int | None
    deployed: int | None
    shown: object  # a history.EditionRef, or None
    mission: FigureOwner | None = None
    is_gap = False

    @property
    def date(self):
        return long_date(self.as_of)

    @property
    def day(self):
        return self.as_of.isoformat()


@dataclass
class FigureTable:
    """A table of figures: FigureRows, and Gaps where the chart's line breaks. With
    `missions`, its first column names each figure's mission."""

    id: str
    css_class: str
    caption: str
    rows: list
    missions: bool = False
    # Read once, not once a row: a table may list thousands of figures.
    labels: dict = field(default_factory=figure_labels)


def with_gaps(rows, day):
    """rows, sorted by date, with a Gap where the chart's line breaks for want of a figure
    within a year; day(row) is a row's date."""
    found = []
    for index, row in enumerate(rows):
        if index and day(row) - day(rows[index - 1]) > STANDS_FOR:
            found.append(Gap(day(rows[index - 1]) + STANDS_FOR, day(row)))
        found.append(row)
    return found


def merge(*series):
    """Rows for line_chart() from series dated apart, each a list of (date, value): a row
    for each date, ABSENT where a series has no figure that day (where a series gives one
    date twice, its last value)."""
    days = {}
    for column, points in enumerate(series):
        for day, value in points:
            days.setdefault(day, [ABSENT] * len(series))[column] = value
    return [(day, *values) for day, values in sorted(days.items())]


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


def legend_places(labels):
    """(x, y) of each legend entry: a row of entries, wrapped before one that would run
    past the chart's right edge."""
    places, x, y = [], LEFT, 20
    for label in labels:
        width = 40 + CHAR_WIDTH * len(str(label))
        if places and x + width > WIDTH - RIGHT:
            x, y = LEFT, y + LEGEND_ROW
        places.append((x, y))
        x += max(LEGEND_STEP, width + 24)
    return places


def line_chart(rows, labels, max_points=MAX_POINTS):
    """A chart of rows, (date, value, value, ...) sorted by date, one series per label.
    Rows with more than max_points are downsampled for drawing; Chart.rows are the
    points drawn."""
    drawn = downsample(rows, max_points)
    chart = Chart(rows=drawn, total=len(rows), series=[], x_ticks=[], y_ticks=[])
    if not drawn:
        return chart
    places = legend_places(labels)
    chart.top = TOP + places[-1][1] - places[0][1] if places else TOP
    first, last = drawn[0][0], drawn[-1][0]
    span = (last - first).days
    plot_width, plot_height = chart.right - chart.left, chart.bottom - chart.top
    values = [v for row in drawn for v in row[1:] if known(v)]
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
        legend_x, legend_y = places[number]
        series = Series(label, number + 1, **style, legend_x=legend_x, legend_y=legend_y)
        line, last_day = [], None  # the points of the current unbroken line
        for row in drawn:
            value = row[number + 1]
            if value is ABSENT:
                continue
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
