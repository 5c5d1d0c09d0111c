"""Printing: the print style sheet on every page, and a one-document print view per theme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import REPO, TODAY
from trainers_project import write_trainers_content

import lif.render.packs as render_packs
from lif.index.packs import themes_with_learning
from lif.index.site import load_site
from lif.model.content import Review
from lif.model.paths import item_path, learning_anchor, print_path
from lif.output.search_index import indexed_pages
from lif.render.packs import render_print_page

BASE = "https://learning.example.org.uk/"


def test_pages_load_the_print_style_sheet(built_site: Path) -> None:
    site = load_site(REPO)
    review = site.reviews[0]
    html = (built_site / item_path(review) / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="stylesheet" href="(\.\./)+assets/print\.css', html)
    assert (built_site / "assets/print.css").is_file()


def test_print_rules_leave_the_seven_minute_briefing_layout_alone() -> None:
    css = (REPO / "docs/assets/print.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    assert "@media print" in css
    selectors = [
        s.strip()
        for block in re.findall(r"([^{}]+)\{", css)
        for s in block.split(",")
        if not s.strip().startswith("@")
    ]
    assert selectors
    # Every rule is scoped to a review, an executive summary or thematic note, the print view
    # of a theme, or a control of this feature: never to a seven-minute briefing.
    own = re.compile(
        r"\.lif-item--review|\.lif-item--brief(?![-\w])|\.lif-print-|\.lif-packs|data-lif-print"
    )
    assert [s for s in selectors if not own.search(s)] == []
    assert [s for s in selectors if "lif-item--briefing" in s] == []


def test_every_theme_with_learning_has_a_print_view_with_all_its_learning(built_site: Path) -> None:
    site = load_site(REPO)
    themes = themes_with_learning(site)
    assert themes
    for theme in themes:
        html = (built_site / print_path(theme) / "index.html").read_text(encoding="utf-8")
        for item in (i for i in site.public if theme in i.themes):
            assert f"{BASE}{item_path(item)}<" in html, (theme, item.id)
            if isinstance(item, Review):
                for point in item.learning:
                    url = f"{BASE}{item_path(item)}#{learning_anchor(point.id)}"
                    assert url in html, (theme, url)
        others = [i for i in site.public if theme not in i.themes]
        for item in others:
            assert f'id="print-{item.id}"' not in html
        assert 'data-pagefind-ignore="all"' in html
        assert "data-lif-print" in html


def test_print_views_hold_no_unpublished_item_and_stay_out_of_search(built_site: Path) -> None:
    site = load_site(REPO)
    hidden = [i.id for i in site.library.items if i.id not in site.public_ids]
    assert hidden
    views = list((built_site / "themes").glob("*/print/index.html"))
    assert len(views) == len(themes_with_learning(site))
    for path in views:
        text = path.read_text(encoding="utf-8")
        for item_id in hidden:
            assert item_id not in text
    urls = [str(page.get("url")) for page in indexed_pages(built_site)]
    assert urls
    assert [url for url in urls if "/print/" in url] == []


def test_a_long_print_view_keeps_the_newest_items_and_points_to_the_full_pack(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)
    write_trainers_content(project)
    monkeypatch.setattr(render_packs, "PRINT_LIMIT", 2)
    html = render_print_page(load_site(project), "neglect")
    assert re.findall(r'id="print-([^"]+)"', html) == ["lcspr-child-v-2025", "7mb-neglect-adult-q"]
    assert "the newest 2 of the 4 items on this theme" in html
    assert 'href="../../../packs/neglect.docx"' in html
