"""Charts drawn at build time as accessible SVG, each with the data table that carries its figures.

A chart is a horizontal bar chart, one bar per row, each bar divided into segments (series).
The SVG is an image with a title and a description (``role="img"``, ``aria-labelledby``,
``aria-describedby``); its figures are also printed on it as text and given in the table beside
it, so nobody has to read a figure from a bar's length or a colour. Each series has a fill *and*
a pattern, and the legend names both, so the chart reads in greyscale print and for people who
do not tell the colours apart. Text is near-black on white (or on a white halo over a bar).

This module works out what to draw and where (every label, figure and coordinate); the markup
is in the templates ``charts/stacked_bar.svg`` (with ``charts/macros.svg``),
``charts/data_table.html`` and ``charts/figure.html``, where autoescape escapes every label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lif.render.templating import render_template, trusted_html

#: Text colour: near-black, 17:1 on white.
INK = "#1a1a1a"

#: The patterns a series can have; ``charts/macros.svg`` draws the tile of each.
PATTERNS = ("hatch", "stripes", "dots", "cross", "grid")


@dataclass(frozen=True)
class Series:
    """One kind of segment: its key in the rows' values, its label, fill and pattern."""

    key: str
    label: str
    fill: str
    #: ``"none"`` or one of :data:`PATTERNS`.
    pattern: str = "none"
    #: The colour the pattern is drawn in.
    ink: str = INK


@dataclass(frozen=True)
class Row:
    """One bar: its label, a value per series key, and an optional link for the table."""

    label: str
    values: Mapping[str, int]
    href: str | None = None

    def total(self, series: Sequence[Series]) -> int:
        """The bar's total over ``series`` (a series the row has no value for counts 0)."""
        return sum(self.values.get(s.key, 0) for s in series)


# Layout, in SVG user units (the chart scales to the width of its container).
# Each bar sits under its label, so the chart stays narrow enough to read on a phone.
WIDTH = 420


BAR_HEIGHT = 22


FONT_SIZE = 15


CHAR_WIDTH = 8.4  # an upper estimate of one character's advance at FONT_SIZE


LABEL_GAP = 5


ROW_HEIGHT = FONT_SIZE + LABEL_GAP + BAR_HEIGHT + 12


LEGEND_ROW = 26


TOTAL_WIDTH = 44


PAD = 8


#: The longest label on one line; a longer one is shortened, with the full text in the table.
LABEL_MAX_CHARS = int((WIDTH - 2 * PAD) / CHAR_WIDTH)


@dataclass(frozen=True)
class _Pattern:
    """A pattern to define: its id, the series' fill, and the tile drawn over it in ``ink``."""

    id: str
    fill: str
    kind: str
    ink: str


@dataclass(frozen=True)
class _HaloText:
    """Text with a white outline, at ``(x, y)``: a figure on or beside a bar."""

    x: float
    y: float
    text: str
    anchor: str = "middle"
    bold: bool = False


@dataclass(frozen=True)
class _LegendEntry:
    """A swatch at ``(x, y)`` and the series' label beside it."""

    x: float
    y: float
    text_x: float
    text_y: float
    paint: str
    label: str


@dataclass(frozen=True)
class _Segment:
    """One series' part of a bar, and its figure written on it where it fits."""

    x: float
    y: float
    width: float
    height: int
    paint: str
    label: str
    value: int
    figure: _HaloText | None


@dataclass(frozen=True)
class _Bar:
    """One row drawn: its label above the bar, the segments, and the total after them."""

    summary: str
    label: str
    label_x: int
    label_y: float
    segments: list[_Segment]
    total: _HaloText


def _pattern_id(chart_id: str, s: Series) -> str:
    return f"{chart_id}-p-{s.key}"


def _paint(chart_id: str, s: Series) -> str:
    if s.pattern == "none":
        return s.fill
    return f"url(#{_pattern_id(chart_id, s)})"


def _shorten(label: str, width: int = LABEL_MAX_CHARS) -> str:
    """The label on one line: cut at a word with an ellipsis if it is too long."""
    if len(label) <= width:
        return label
    cut = label[: width - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def stacked_bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    series: Sequence[Series],
    rows: Sequence[Row],
    compact: bool = False,
) -> str:
    """An SVG of horizontal bars, one per row, divided into the given series.

    ``chart_id`` must be unique on the page: it prefixes every id inside the SVG. Returns the
    SVG element as text, from ``charts/stacked_bar.svg``; every label is escaped there.
    """
    bar_left = PAD
    bar_width = WIDTH - bar_left - TOTAL_WIDTH - PAD
    top = _legend_height(series) + PAD
    height = top + ROW_HEIGHT * max(len(rows), 1)
    largest = max((r.total(series) for r in rows), default=0) or 1
    scale = bar_width / largest

    bars = []
    for index, row in enumerate(rows):
        y = top + index * ROW_HEIGHT
        bar_y = y + FONT_SIZE + LABEL_GAP
        mid = bar_y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
        x = float(bar_left)
        # A bar of one segment shows its figure once, at its end; segments of a divided bar
        # show their own figures where they fit.
        divided = sum(1 for s in series if row.values.get(s.key, 0) > 0) > 1
        segments = []
        for s in series:
            value = row.values.get(s.key, 0)
            if value <= 0:
                continue
            width = value * scale
            fits = divided and width >= len(str(value)) * CHAR_WIDTH + 6
            figure = _HaloText(x + width / 2, mid, str(value)) if fits else None
            segments.append(
                _Segment(x, bar_y, width, BAR_HEIGHT, _paint(chart_id, s), s.label, value, figure)
            )
            x += width
        total = _HaloText(x + 6, mid, str(row.total(series)), anchor="start", bold=True)
        summary = _row_summary(row, series, compact)
        label_y = y + FONT_SIZE - 2
        bars.append(_Bar(summary, _shorten(row.label), bar_left, label_y, segments, total))

    empty = None if rows else _HaloText(WIDTH / 2, top + ROW_HEIGHT / 2, "No recommendations yet")
    return render_template(
        "charts/stacked_bar.svg",
        chart_id=chart_id,
        title=title,
        desc=desc,
        width=WIDTH,
        height=height,
        font_size=FONT_SIZE,
        ink=INK,
        patterns=[
            _Pattern(_pattern_id(chart_id, s), s.fill, s.pattern, s.ink)
            for s in series
            if s.pattern in PATTERNS
        ],
        legend=_legend(chart_id, series),
        empty=empty,
        bars=bars,
    )


def _legend_height(series: Sequence[Series]) -> int:
    return LEGEND_ROW * len(_legend_lines(series))


def _legend_lines(series: Sequence[Series]) -> list[list[tuple[Series, float]]]:
    """The legend's entries, laid out left to right and wrapped to the chart's width."""
    lines: list[list[tuple[Series, float]]] = [[]]
    x = float(PAD)
    for s in series:
        width = 18 + 6 + len(s.label) * CHAR_WIDTH + 18
        if lines[-1] and x + width > WIDTH - PAD:
            lines.append([])
            x = float(PAD)
        lines[-1].append((s, x))
        x += width
    return lines


def _legend(chart_id: str, series: Sequence[Series]) -> list[_LegendEntry]:
    entries = []
    for n, line in enumerate(_legend_lines(series)):
        y = PAD + n * LEGEND_ROW
        for s, x in line:
            entries.append(_LegendEntry(x, y, x + 24, y + 11.5, _paint(chart_id, s), s.label))
    return entries


def _row_summary(row: Row, series: Sequence[Series], compact: bool = False) -> str:
    if compact:
        return f"{row.label}: {row.total(series)}"
    figures = ", ".join(f"{s.label} {row.values.get(s.key, 0)}" for s in series)
    return f"{row.label}: {figures}; total {row.total(series)}"


def describe(
    rows: Sequence[Row],
    series: Sequence[Series],
    unit: str,
    limit: int = 6,
    compact: bool = False,
) -> str:
    """A description that gives the chart's figures in words (the largest rows if many)."""
    if not rows:
        return f"There are no {unit} to show."
    if compact:
        figures = ", ".join(_row_summary(r, series, compact=True) for r in rows)
        return f"Number of {unit}. {figures}."
    shown = sorted(rows, key=lambda r: -r.total(series))[:limit]
    parts = [_row_summary(r, series) for r in shown]
    more = len(rows) - len(shown)
    tail = f" And {more} more, listed in the table." if more > 0 else ""
    return f"Number of {unit}. " + ". ".join(parts) + "." + tail


def data_table(
    caption: str,
    row_header: str,
    series: Sequence[Series],
    rows: Sequence[Row],
    total_label: str = "Total",
    compact: bool = False,
) -> str:
    """The table of every figure in a chart: one row per bar, one column per series.

    ``compact`` is for a chart whose bars are one series each: the table then has one column of
    figures, headed ``total_label``, and a last row with their sum. Returns the ``<table>`` as
    text, from ``charts/data_table.html``.
    """
    return render_template(
        "charts/data_table.html",
        caption=caption,
        row_header=row_header,
        total_label=total_label,
        columns=[] if compact else [s.label for s in series],
        rows=[
            {
                "label": row.label,
                "href": row.href,
                "figures": [] if compact else [row.values.get(s.key, 0) for s in series],
                "total": row.total(series),
            }
            for row in rows
        ],
        width=2 if compact else len(series) + 2,
        grand_total=sum(r.total(series) for r in rows) if compact and rows else None,
    )


def chart_figure(
    chart_id: str,
    title: str,
    series: Sequence[Series],
    rows: Sequence[Row],
    row_header: str,
    unit: str = "recommendations",
    chart_rows: int | None = None,
    note: str = "",
    compact: bool = False,
) -> str:
    """A figure: the chart and, with it, the table of its figures (every row, always).

    ``chart_rows`` limits the bars drawn to the largest rows; the table still lists them all and
    the chart's description says so. ``compact``: each bar is one series (see :func:`data_table`).
    Returns the ``<figure>`` as text, from ``charts/figure.html``.
    """
    drawn = list(rows)
    desc = describe(rows, series, unit, compact=compact)
    if chart_rows is not None and len(rows) > chart_rows:
        drawn = sorted(rows, key=lambda r: -r.total(series))[:chart_rows]
        desc = f"The {chart_rows} largest of {len(rows)}, the rest in the table. " + describe(
            drawn, series, unit, limit=chart_rows, compact=compact
        )
    svg = stacked_bar_chart(chart_id, title, desc, series, drawn, compact)
    total_label = unit.capitalize() if compact else "Total"
    table = data_table(f"{title}, as a table", row_header, series, rows, total_label, compact)
    return render_template(
        "charts/figure.html",
        chart_id=chart_id,
        title=title,
        note=note,
        # Both rendered just above from the chart templates, with every label escaped there.
        svg=trusted_html(svg),
        table=trusted_html(table),
    )
