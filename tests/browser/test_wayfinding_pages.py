"""Wayfinding on every page, at phone and desktop widths: the current section is marked (its tab
on a wide screen, its entry in the phone's menu), items, guides, themes and dashboards have a
breadcrumb, and the left sidebar lists pages or is not there at all (never empty)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pagetypes import expected_paths
from playwright.sync_api import Browser, Page
from sized import WIDTHS, new_sized_context

from lif.index.site import Site, load_site
from lif.model.paths import methodology_path, print_path, section_path

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

#: The section (tab) each kind of page is in; None for a page outside every section.
SECTIONS = {
    "home": "Home",
    "framework page": "The framework",
    "appendix table": "The framework",
    "review-type guide": "Review types",
    "methodology guide": "Methods",
    "review": "Reviews",
    "listing": "Reviews",
    "seven-minute briefing": "Briefings",
    "executive summary": "Briefings",
    "thematic note": "Briefings",
    "briefings by kind": "Briefings",
    "theme index": "Themes",
    "theme page": "Themes",
    "theme print view": "Themes",
    "dashboard": "Learning in practice",
    "board dashboard": "Learning in practice",
    "how-to-publish": "How to publish",
    "accessibility statement": "Accessibility",
    "search with results": None,
    "not found": None,
}

#: The pages that have a breadcrumb: items, guides, themes, dashboards and the listings below a
#: section's own page.
WITH_BREADCRUMB = {
    "review-type guide",
    "methodology guide",
    "review",
    "seven-minute briefing",
    "executive summary",
    "thematic note",
    "briefings by kind",
    "theme page",
    "theme print view",
    "dashboard",
    "board dashboard",
}


@pytest.fixture(scope="module")
def paths() -> dict[str, str]:
    site: Site = load_site(REPO, dt.date(2026, 11, 26))
    found = expected_paths(site)
    review = site.reviews[0]
    found["methodology guide"] = methodology_path(review.methodology[0])
    found["briefings by kind"] = "briefings/by-kind/executive-summary/"
    found["theme print view"] = print_path(review.themes[0])
    found["board dashboard"] = section_path(review.board)
    found["search with results"] = "search/?q=neglect"
    return found


@pytest.fixture(params=WIDTHS)
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    context = new_sized_context(browser, request.param)
    yield request.param, context.new_page()
    context.close()


@pytest.mark.parametrize("page_type", sorted(SECTIONS))
def test_every_page_shows_where_it_is(
    page_type: str, sized: tuple[str, Page], site_url: str, paths: dict[str, str]
) -> None:
    width, page = sized
    page.goto(site_url + paths[page_type], wait_until="networkidle")
    section = SECTIONS[page_type]
    where = f"{page_type} ({paths[page_type]}) at {width} width"

    marked = page.locator(".md-tabs__link[aria-current]")
    expected = [] if section is None else [section]
    assert marked.count() == len(expected), f"{where}: tabs marked current: {marked.count()}"

    sidebar = page.locator(".md-sidebar--primary")
    if width == "desktop":
        assert [t.strip() for t in marked.all_inner_texts()] == expected, where
        listed = sidebar.locator(".md-nav__link:visible")
        assert not sidebar.is_visible() or listed.count() >= 2, f"{where}: an empty sidebar"
    else:
        page.locator(".md-header label[for='__drawer']").click()
        menu = sidebar.locator(".md-nav--primary > .md-nav__list > .md-nav__item")
        menu.first.wait_for(state="visible")
        assert menu.count() >= 10, f"{where}: the menu does not list the sections"
        current = sidebar.locator(
            ".md-nav--primary > .md-nav__list > .md-nav__item--active > .md-nav__link"
        )
        shown = sorted({t.strip() for t in current.all_inner_texts()})
        assert shown == expected, f"{where}: the menu marks {shown}"
        if section is not None:
            weight = current.first.evaluate("e => getComputedStyle(e).fontWeight")
            assert int(weight) >= 700, f"{where}: the current section is not marked"

    crumbs = page.locator("nav.lif-breadcrumbs")
    if page_type in WITH_BREADCRUMB:
        assert crumbs.count() == 1, f"{where}: no breadcrumb"
        if width == "desktop" or page_type != "theme print view":
            assert crumbs.is_visible(), f"{where}: the breadcrumb is not visible"
        assert crumbs.locator("a").first.inner_text() == "Home"
        if section not in (None, "Home") and page_type not in ("dashboard",):
            assert section in crumbs.inner_text(), f"{where}: the breadcrumb skips {section}"
