"""Wayfinding in the built site: which section a page belongs to, the tab marked current on pages
outside the navigation, the breadcrumbs of guides and dashboards, no empty left sidebar."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lif.model.paths import nav_section

TABS = [
    "",
    "reviews/",
    "briefings/",
    "framework/",
    "review-types/",
    "methodologies/",
    "themes/",
    "learning-in-practice/",
    "how-to-publish/",
]


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("", ""),
        ("reviews/sar-adult-d-2024/", "reviews/"),
        ("reviews/by-type/peer-review/", "reviews/"),
        ("briefs/7mb-safer-sleep/", "briefings/"),
        ("briefings/by-kind/executive-summary/", "briefings/"),
        ("framework/appendix-a/", "framework/"),
        ("review-types/peer-review/", "review-types/"),
        ("methodologies/silp/", "methodologies/"),
        ("themes/neglect/print/", "themes/"),
        ("learning-in-practice/adults/", "learning-in-practice/"),
        ("search/", None),
        ("briefsy/", None),
    ],
)
def test_a_page_belongs_to_the_section_whose_path_starts_its_own(
    path: str, section: str | None
) -> None:
    assert nav_section(path, TABS) == section


def current_tabs(html: str) -> list[str]:
    return re.findall(r'class="md-tabs__link" aria-current="[^"]+">\s*([^<]+?)\s*</a>', html)


@pytest.mark.build
def test_pages_outside_the_navigation_mark_their_section(built_site: Path) -> None:
    def read(path: str) -> str:
        return (built_site / path / "index.html").read_text(encoding="utf-8")

    assert current_tabs(read("reviews/sar-adult-p-2022")) == ["Reviews"]
    assert current_tabs(read("briefs/es-sar-adult-p-2022")) == ["Briefings"]
    assert current_tabs(read("review-types/peer-review")) == ["Review types"]
    assert current_tabs(read("learning-in-practice/adults")) == ["Learning in practice"]
    assert current_tabs(read("framework/appendix-a")) == ["The framework"]
    assert current_tabs(read("search")) == []
    # One page after another: a mark is never left on the next page's tabs.
    assert current_tabs(read("accessibility")) == ["Accessibility"]


@pytest.mark.build
def test_the_left_sidebar_is_hidden_where_its_section_lists_no_pages(built_site: Path) -> None:
    def sidebar_hidden(path: str) -> bool:
        html = (built_site / path).read_text(encoding="utf-8")
        return 'data-md-type="navigation" hidden' in html

    assert sidebar_hidden("review-types/peer-review/index.html")
    assert sidebar_hidden("learning-in-practice/index.html")
    assert sidebar_hidden("404.html")
    assert not sidebar_hidden("framework/appendix-a/index.html")


@pytest.mark.build
def test_guides_and_dashboards_have_breadcrumbs(built_site: Path) -> None:
    for path, trail in (
        ("review-types/peer-review/", ["Home", "Review types"]),
        ("methodologies/silp/", ["Home", "Methods"]),
        ("learning-in-practice/adults/", ["Home", "Learning in practice"]),
        ("themes/neglect/print/", ["Home", "Themes", "Neglect"]),
    ):
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        nav = html[html.index('<nav class="lif-breadcrumbs"') :]
        nav = nav[: nav.index("</nav>")]
        assert re.findall(r">([^<>]+)</a>", nav) == trail, path
