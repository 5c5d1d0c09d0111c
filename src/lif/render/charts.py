"""Charts drawn at build time as accessible SVG, each with the data table that carries its figures.

A chart is a horizontal bar chart, one bar per row, each bar divided into segments (series).
The SVG is an image with a title and a description (``role="img"``, ``aria-labelledby``,
``aria-describedby``); its figures are also printed on it as text and given in the table beside
it, so nobody has to read a figure from a bar's length or a colour. Each series has a fill *and*
a pattern, and the legend names both, so the chart reads in greyscale print and for people who
do not tell the colours apart. Text is near-black on white (or on a white halo over a bar).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

#: Text colour: near-black, 17:1 on white.
INK = "#1a1a1a"


def _x(value: object) -> str:
    """Escape a value for XML (and HTML) text or a double-quoted attribute."""
    return escape(str(value), quote=True)


@dataclass(frozen=True)
class Series:
    """One kind of segment: its key in the rows' values, its label, fill and pattern."""

    key: str
    label: str
    fill: str
    #: ``"none"``, ``"hatch"``, ``"dots"``, ``"cross"``, ``"grid"`` or ``"stripes"``.
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


def _pattern_defs(chart_id: str, series: Sequence[Series]) -> str:
    shapes = {
        "hatch": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{ink}" stroke-width="1.6"/>',
        "stripes": '<path d="M0,2 h8 M0,6 h8" stroke="{ink}" stroke-width="1.4"/>',
        "dots": '<circle cx="2" cy="2" r="1.4" fill="{ink}"/><circle cx="6" cy="6" r="1.4" '
        'fill="{ink}"/>',
        "cross": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4 M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" '
        'stroke="{ink}" stroke-width="1.1"/>',
        "grid": '<path d="M0,4 h8 M4,0 v8" stroke="{ink}" stroke-width="1.2"/>',
    }
    out = []
    for s in series:
        if s.pattern in shapes:
            out.append(
                f'<pattern id="{_x(_pattern_id(chart_id, s))}" width="8" height="8" '
                f'patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{_x(s.fill)}"/>'
                f"{shapes[s.pattern].format(ink=_x(s.ink))}</pattern>"
            )
    return f"<defs>{''.join(out)}</defs>" if out else ""


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


def _halo_text(x: float, y: float, text: str, anchor: str = "middle", bold: bool = False) -> str:
    """Dark text with a white outline behind it, readable over any fill or pattern."""
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{INK}" stroke="#ffffff" '
        f'stroke-width="3" paint-order="stroke" stroke-linejoin="round"{weight}>{_x(text)}</text>'
    )


def stacked_bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    series: Sequence[Series],
    rows: Sequence[Row],
    compact: bool = False,
) -> str:
    """An SVG of horizontal bars, one per row, divided into the given series.

    ``chart_id`` must be unique on the page: it prefixes every id inside the SVG.
    """
    bar_left = PAD
    bar_width = WIDTH - bar_left - TOTAL_WIDTH - PAD
    top = _legend_height(series) + PAD
    height = top + ROW_HEIGHT * max(len(rows), 1)
    largest = max((r.total(series) for r in rows), default=0) or 1
    scale = bar_width / largest

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lif-chart-svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{_x(chart_id)}-title" aria-describedby="{_x(chart_id)}-desc" '
        f'font-size="{FONT_SIZE}" id="{_x(chart_id)}">',
        f'<title id="{_x(chart_id)}-title">{_x(title)}</title>',
        f'<desc id="{_x(chart_id)}-desc">{_x(desc)}</desc>',
        _pattern_defs(chart_id, series),
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        _legend(chart_id, series),
    ]
    if not rows:
        parts.append(_halo_text(WIDTH / 2, top + ROW_HEIGHT / 2, "No recommendations yet"))
    for index, row in enumerate(rows):
        y = top + index * ROW_HEIGHT
        bar_y = y + FONT_SIZE + LABEL_GAP
        mid = bar_y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
        parts.append(
            f'<g class="lif-chart-row"><title>{_x(_row_summary(row, series, compact))}</title>'
            f'<text x="{bar_left}" y="{y + FONT_SIZE - 2:.1f}" fill="{INK}">'
            f"{_x(_shorten(row.label))}</text>"
        )
        x = float(bar_left)
        # A bar of one segment shows its figure once, at its end; segments of a divided bar
        # show their own figures where they fit.
        segments = sum(1 for s in series if row.values.get(s.key, 0) > 0)
        for s in series:
            value = row.values.get(s.key, 0)
            if value <= 0:
                continue
            width = value * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{bar_y:.1f}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{_x(_paint(chart_id, s))}" stroke="{INK}" stroke-width="1">'
                f"<title>{_x(s.label)}: {value}</title></rect>"
            )
            if segments > 1 and width >= len(str(value)) * CHAR_WIDTH + 6:
                parts.append(_halo_text(x + width / 2, mid, str(value)))
            x += width
        parts.append(_halo_text(x + 6, mid, str(row.total(series)), anchor="start", bold=True))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(p for p in parts if p)


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


def _legend(chart_id: str, series: Sequence[Series]) -> str:
    out = ['<g class="lif-chart-legend">']
    for n, line in enumerate(_legend_lines(series)):
        y = PAD + n * LEGEND_ROW
        for s, x in line:
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="18" height="14" '
                f'fill="{_x(_paint(chart_id, s))}" stroke="{INK}" stroke-width="1"/>'
                f'<text x="{x + 24:.1f}" y="{y + 11.5:.1f}" fill="{INK}">{_x(s.label)}</text>'
            )
    out.append("</g>")
    return "".join(out)


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
    figures, headed ``total_label``, and a last row with their sum.
    """
    head = "".join(f'<th scope="col">{_x(s.label)}</th>' for s in series) if not compact else ""
    body = []
    for row in rows:
        label = f'<a href="{_x(row.href)}">{_x(row.label)}</a>' if row.href else _x(row.label)
        cells = "" if compact else "".join(f"<td>{row.values.get(s.key, 0)}</td>" for s in series)
        body.append(f'<tr><th scope="row">{label}</th>{cells}<td>{row.total(series)}</td></tr>')
    width = 2 if compact else len(series) + 2
    if not body:
        body.append(f'<tr><td colspan="{width}">None yet.</td></tr>')
    foot = ""
    if compact and rows:
        total = sum(r.total(series) for r in rows)
        foot = f'<tfoot><tr><th scope="row">All</th><td>{total}</td></tr></tfoot>'
    return (
        f'<table class="lif-data-table"><caption>{_x(caption)}</caption>'
        f'<thead><tr><th scope="col">{_x(row_header)}</th>{head}'
        f'<th scope="col">{_x(total_label)}</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody>{foot}</table>"
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
    note_html = f'<p class="lif-chart-note">{_x(note)}</p>' if note else ""
    return (
        f'<figure class="lif-chart" id="{_x(chart_id)}-figure">'
        f"<figcaption>{_x(title)}</figcaption>"
        f'<div class="lif-chart-body"><div class="lif-chart-image">{svg}</div>'
        # The table may be wider than a phone: a region that keyboard users can scroll too.
        f'<div class="lif-chart-table" role="region" tabindex="0" '
        f'aria-label="{_x(title)}, as a table">{table}</div>'
        f"</div>{note_html}</figure>"
    )
