"""The dashboard and its charts: markup in templates, and hostile values shown as text.

The loader refuses markup in content and in vocabulary labels, but the renderer must not rely on
it: here hostile values go straight into the
dashboard, its charts (SVG text, titles, descriptions, attributes) and the progress lines.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import REPO, brief_data, review_data, write_item

from lif.index.site import Site, load_site
from lif.model.cycle import Tracker, track
from lif.render.charts import Row, Series, chart_figure
from lif.render.dashboard import progress_line, render_board_page, render_overview

AGENCY = "<script>alert('agency')</script>"
THEME = '"><svg onload=alert(1)>'
TEXT = '<script>alert(2)</script> "><svg onload=alert(3)> & more'

SVG = "{http://www.w3.org/2000/svg}"
SVG_TAGS = {"svg", "title", "desc", "defs", "pattern", "rect", "path", "circle", "g", "text"}


class Markup(HTMLParser):
    """The elements, attributes and text of a page, as a browser would read them."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def set_label(site: Site, vocabulary: str, key: str, label: str) -> None:
    """Give a term a hostile label in memory, past the loader that refuses markup in labels."""
    terms = dict(getattr(site.vocab, vocabulary).terms)
    terms[key] = dataclasses.replace(terms[key], label=label)
    object.__setattr__(getattr(site.vocab, vocabulary), "terms", terms)


@pytest.fixture
def hostile(project: Path) -> tuple[Site, Tracker]:
    """A site whose police and neglect labels are hostile, and a tracker of one review whose
    title, recommendation, action and progress note are hostile, shared by a hostile briefing."""
    rec = {
        "id": "r1",
        "text": "A plain recommendation.",
        "stage": "disseminated",
        "lead_agency": "police",
        "rag": "red",
        "due": "2025-01-31",
        "actions": [{"text": "A plain action.", "due": "2025-02-28"}],
        "updates": [{"date": "2025-03-01", "note": "Plain.", "stage": "disseminated"}],
    }
    write_item(project, review_data(themes=["neglect"], recommendations=[rec]))
    write_item(project, brief_data(disseminates=["sar-adult-z-2025#r1"]))
    site = load_site(project)
    assert not site.errors, site.errors
    set_label(site, "agencies", "police", AGENCY)
    set_label(site, "themes", "neglect", THEME)
    assert site.vocab.agencies.label("police") == AGENCY

    # Straight into the models, past the checker that would refuse them.
    [review], [brief] = site.reviews, site.briefs
    [plain] = review.recommendations
    recommendation = plain.model_copy(
        update={
            "text": TEXT,
            "actions": [plain.actions[0].model_copy(update={"text": TEXT})],
            "updates": [plain.updates[0].model_copy(update={"note": TEXT})],
        }
    )
    review = review.model_copy(update={"title": TEXT, "recommendations": [recommendation]})
    brief = brief.model_copy(update={"title": TEXT})
    return site, track([review], [brief], site.today)


def assert_nothing_active(parsed: Markup) -> None:
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags
    assert all(attrs.get("class") == "lif-chart-svg" for tag, attrs in parsed.tags if tag == "svg")
    handlers = [
        (tag, name) for tag, attrs in parsed.tags for name in attrs if name.startswith("on")
    ]
    assert handlers == []


def test_hostile_values_are_text_on_the_dashboard_pages(hostile: tuple[Site, Tracker]) -> None:
    site, tracker = hostile
    for page in [render_overview(site, tracker), render_board_page(site, tracker, "adults")]:
        parsed = Markup(page)
        assert_nothing_active(parsed)
        text = "".join(parsed.text)
        # Each hostile value reads back as the same text: escaped once, not dropped or doubled.
        for value in (AGENCY, THEME, TEXT):
            assert value in text
        assert "&amp;lt;" not in page
        # The overdue recommendation and action, the rating table and the latest note.
        assert text.count(TEXT) >= 5


def chart_figures(page: str) -> dict[str, ET.Element]:
    found = re.findall(r'<figure class="lif-chart".*?</figure>', page, flags=re.S)
    return {f.get("id", ""): f for f in (ET.fromstring(x) for x in found)}


def test_hostile_labels_are_text_inside_the_svg(hostile: tuple[Site, Tracker]) -> None:
    site, tracker = hostile
    figures = chart_figures(render_overview(site, tracker))
    for figure_id, label in [("lip-theme-figure", THEME), ("lip-agency-figure", AGENCY)]:
        # Parsed as XML: well formed, so no value broke out of its element or attribute.
        svg = figures[figure_id].find(f".//{SVG}svg")
        assert svg is not None
        assert {e.tag.removeprefix(SVG) for e in svg.iter()} <= SVG_TAGS
        assert not [n for e in svg.iter() for n in e.attrib if n.startswith("on")]
        texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
        assert label in texts
        titles = [t.text or "" for t in svg.iter(f"{SVG}title")]
        assert any(t.startswith(f"{label}: ") for t in titles)
        desc = svg.find(f"{SVG}desc")
        assert desc is not None and label in (desc.text or "")
        rows = ["".join(th.itertext()) for th in figures[figure_id].iter("th")]
        assert label in rows


def test_hostile_title_and_series_stay_in_their_attributes_and_elements() -> None:
    series = [Series("a", TEXT, "#eeeeee", "hatch"), Series("b", THEME, "#08519c")]
    rows = [Row(AGENCY, {"a": 3, "b": 2}, href='x" onclick="alert(4)')]
    figure = ET.fromstring(chart_figure("c1", TEXT, series, rows, THEME, note=AGENCY))
    region = figure.find(".//div[@role='region']")
    assert region is not None and region.get("aria-label") == f"{TEXT}, as a table"
    svg = figure.find(f".//{SVG}svg")
    assert svg is not None
    assert {e.tag.removeprefix(SVG) for e in svg.iter()} <= SVG_TAGS
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == TEXT
    segment_titles = [t.text for t in svg.iter(f"{SVG}title")]
    assert f"{TEXT}: 3" in segment_titles and f"{THEME}: 2" in segment_titles
    legend = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert TEXT in legend and THEME in legend
    link = figure.find(".//table//a")
    assert link is not None and link.get("href") == 'x" onclick="alert(4)'
    assert link.get("onclick") is None and link.text == AGENCY
    assert [p.text for p in figure.iter("p")] == [AGENCY]


def test_a_hostile_briefing_title_is_text_in_the_progress_line(
    hostile: tuple[Site, Tracker],
) -> None:
    site, tracker = hostile
    [tracked] = tracker.recommendations
    line = progress_line(site, tracked)
    parsed = Markup(line)
    assert_nothing_active(parsed)
    assert f"Disseminated through {TEXT}" in "".join(parsed.text)


@pytest.mark.parametrize("module", ["dashboard", "charts"])
def test_no_markup_in_the_python_of_the_dashboard_and_charts(module: str) -> None:
    """Every element is in a template; the Python holds no string that opens or closes one."""
    path = REPO / "src" / "lif" / "render" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    markup = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and re.search(r"</?[a-zA-Z][a-zA-Z0-9-]*[\s/>]", node.value)
    ]
    assert markup == []
