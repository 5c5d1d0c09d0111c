"""SVG charts: valid, titled and described, readable without colour, with every figure in a table.

The dashboard's figures are compared with counts made here, independently, from the content.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from support import brief_data, review_data, write_item

from lif.index.site import load_site
from lif.index.tracker import build_tracker
from lif.render.charts import INK, Row, Series, chart_figure, stacked_bar_chart
from lif.render.dashboard import STATUS_SERIES, render_board_page, render_overview

SVG = "{http://www.w3.org/2000/svg}"

SERIES = [
    Series("a", "Alpha", "#eeeeee"),
    Series("b", 'Beta <b> & "quoted"', "#9ecae1", "hatch"),
    Series("c", "Gamma", "#08519c"),
]
ROWS = [
    Row("First row", {"a": 2, "b": 3, "c": 1}),
    Row("A much longer row label that has to wrap onto two lines", {"a": 0, "b": 1, "c": 4}),
    Row("Empty", {}),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_svg_is_valid_and_titled_and_described() -> None:
    root = parse(stacked_bar_chart("c1", "Title & more", "What it shows.", SERIES, ROWS))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title" and title.text == "Title & more"
    assert desc.tag == f"{SVG}desc" and desc.text == "What it shows."
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "ids are unique"
    assert all(i.startswith("c1") for i in ids), "ids carry the chart's prefix"


def test_every_pattern_referenced_is_defined() -> None:
    root = parse(
        stacked_bar_chart(
            "c2", "T", "D", STATUS_SERIES, [Row("r", {"disseminated": 2, "embedded": 1})]
        )
    )
    defined = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    used = {
        m.group(1)
        for e in root.iter()
        for m in [re.fullmatch(r"url\(#(.+)\)", e.get("fill") or "")]
        if m
    }
    assert used and used <= defined


def test_labels_are_escaped_text() -> None:
    root = parse(stacked_bar_chart("c3", "T", "D", SERIES, ROWS))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert 'Beta <b> & "quoted"' in texts


def test_every_figure_is_written_on_the_chart_or_as_a_total() -> None:
    root = parse(stacked_bar_chart("c4", "T", "D", SERIES, ROWS))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    # Totals: 6, 5 and 0; the segments of divided bars: 2, 3, 1 and 1, 4.
    for figure in ["6", "5", "0", "2", "3", "1", "4"]:
        assert figure in texts
    segment_titles = [t.text for t in root.iter(f"{SVG}title")][1:]
    assert "Gamma: 4" in segment_titles


def test_text_is_dark_on_white() -> None:
    root = parse(
        stacked_bar_chart(
            "c5", "T", "D", STATUS_SERIES, [Row("r", {"identified": 3, "evaluated": 5})]
        )
    )
    background = root.find(f"{SVG}rect")
    assert background is not None and background.get("fill") == "#ffffff"
    fills = {t.get("fill") for t in root.iter(f"{SVG}text")}
    assert fills == {INK}
    assert contrast(INK, "#ffffff") >= 7
    halos = [t for t in root.iter(f"{SVG}text") if t.get("stroke")]
    assert halos and all(t.get("stroke") == "#ffffff" for t in halos)


def test_series_are_told_apart_without_colour() -> None:
    """Two series either have different patterns or fills far apart in lightness (greyscale)."""
    series = list(STATUS_SERIES)
    for i, one in enumerate(series):
        for other in series[i + 1 :]:
            if one.pattern == other.pattern:
                assert contrast(one.fill, other.fill) >= 3, (one.key, other.key)


def test_a_limited_chart_still_lists_every_row_in_its_table() -> None:
    rows = [Row(f"Row {n}", {"a": n}) for n in range(1, 8)]
    figure = ET.fromstring(chart_figure("c6", "Title", SERIES, rows, "Group", chart_rows=3))
    svg = figure.find(f".//{SVG}svg")
    assert svg is not None
    bars = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "lif-chart-row"]
    assert len(bars) == 3
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and "The 3 largest of 7, the rest in the table" in (desc.text or "")
    table = table_figures(figure)
    assert table == {f"Row {n}": [n, 0, 0, n] for n in range(1, 8)}


def test_an_empty_chart_says_so() -> None:
    root = parse(stacked_bar_chart("c7", "T", "Nothing.", SERIES, []))
    assert "No recommendations yet" in ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


# The dashboard's figures against the content ----------------------------------------------------


def rec(rec_id: str, stage: str = "identified", **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rec_id, "text": f"Recommendation {rec_id}.", "stage": stage}
    if stage != "identified":
        out["updates"] = [{"date": "2025-06-01", "note": "Progress.", "stage": stage}]
    if stage == "evaluated":
        out["evidence"] = "A re-audit found the change held."
    out.update(fields)
    return out


CONTENT = [
    review_data(
        id="sar-one",
        board="adults",
        themes=["neglect", "self-neglect"],
        recommendations=[
            rec("r1", "embedded", lead_agency="adult-social-care"),
            rec("r2", lead_agency="police"),
            rec("r3", "evaluated", lead_agency="adult-social-care"),
            rec("r4", not_taken_forward="The board chose a national route."),
            rec("r5"),
        ],
    ),
    review_data(
        id="cspr-two",
        board="children",
        review_type="child-safeguarding-practice-review",
        subject="Child T",
        themes=["neglect"],
        recommendations=[rec("r1"), rec("r2", "disseminated", lead_agency="police")],
    ),
    review_data(
        id="draft-three",
        status="draft",
        published=None,
        recommendations=[rec("r1", "embedded")],
    ),
]
BRIEFS = [
    brief_data(
        id="note-one",
        kind="thematic-note",
        reviews=["sar-one", "cspr-two"],
        disseminates=["sar-one#r2", "cspr-two#r1"],
    ),
    brief_data(id="draft-brief", reviews=["sar-one"], status="draft", disseminates=["sar-one#r5"]),
]

STATUS_ORDER = ["identified", "disseminated", "embedded", "evaluated", "not-taken-forward"]


def independent_statuses() -> list[tuple[dict[str, Any], str]]:
    """Each public recommendation's status, worked out here from the content dictionaries."""
    shared = {
        ref for b in BRIEFS if b["status"] == "published" for ref in b.get("disseminates", [])
    }
    out = []
    for review in CONTENT:
        if review["status"] != "published":
            continue
        for r in review.get("recommendations", []):
            if r.get("not_taken_forward"):
                status = "not-taken-forward"
            elif r["stage"] == "identified" and f"{review['id']}#{r['id']}" in shared:
                status = "disseminated"
            else:
                status = r["stage"]
            out.append(({**r, "_review": review}, status))
    return out


def counts(pairs: list[tuple[dict[str, Any], str]]) -> list[int]:
    return [sum(1 for _, s in pairs if s == status) for status in STATUS_ORDER]


def write_content(root: Path) -> None:
    for data in CONTENT + BRIEFS:
        write_item(root, data)


def figures(markdown: str) -> dict[str, ET.Element]:
    """Every chart figure of a generated page, parsed as XML, by its id."""
    found = re.findall(r'<figure class="lif-chart".*?</figure>', markdown, flags=re.S)
    parsed = [ET.fromstring(f) for f in found]
    return {f.get("id", ""): f for f in parsed}


def table_figures(figure: ET.Element) -> dict[str, list[int]]:
    table = figure.find(".//table")
    assert table is not None
    body = table.find("tbody")
    assert body is not None
    out = {}
    for tr in body.findall("tr"):
        th = tr.find("th")
        assert th is not None
        out["".join(th.itertext())] = [int(td.text or "") for td in tr.findall("td")]
    return out


def test_dashboard_tables_equal_counts_made_from_the_content(project: Path) -> None:
    write_content(project)
    site = load_site(project)
    assert not site.errors, site.errors
    page = render_overview(site, build_tracker(site))
    charts = figures(page)
    pairs = independent_statuses()

    overall = table_figures(charts["lip-overall-figure"])
    labels = ["Identified", "Disseminated", "Embedded", "Evaluated", "Not taken forward"]
    assert [overall[label][0] for label in labels] == counts(pairs)

    by_board = table_figures(charts["lip-board-figure"])
    for key, label in [
        ("adults", "Safeguarding Adults Board"),
        ("children", "Safeguarding Children Partnership"),
    ]:
        mine = [p for p in pairs if p[0]["_review"]["board"] == key]
        assert by_board[label] == [*counts(mine), len(mine)]
    assert "Children and Adults Boards (joint)" not in by_board

    by_theme = table_figures(charts["lip-theme-figure"])
    neglect = [p for p in pairs if "neglect" in p[0]["_review"]["themes"]]
    assert by_theme["Neglect"] == [*counts(neglect), len(neglect)]

    by_agency = table_figures(charts["lip-agency-figure"])
    police = [p for p in pairs if p[0].get("lead_agency") == "police"]
    unrecorded = [p for p in pairs if not p[0].get("lead_agency")]
    assert by_agency["Police"] == [*counts(police), len(police)]
    assert by_agency["Not recorded"] == [*counts(unrecorded), len(unrecorded)]

    # The key figures say the same.
    tracked = re.search(r'data-lip-figure="recommendations-tracked">(\d+)<', page)
    assert tracked is not None and int(tracked.group(1)) == len(pairs)


def test_board_page_counts_only_that_boards_reviews(project: Path) -> None:
    write_content(project)
    site = load_site(project)
    page = render_board_page(site, build_tracker(site), "children")
    overall = table_figures(figures(page)["lip-children-overall-figure"])
    mine = [p for p in independent_statuses() if p[0]["_review"]["board"] == "children"]
    labels = ["Identified", "Disseminated", "Embedded", "Evaluated", "Not taken forward"]
    assert [overall[label][0] for label in labels] == counts(mine)
    assert "sar-one" not in page and "draft-three" not in page


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
