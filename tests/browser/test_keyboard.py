"""Keyboard-only use: the skip link, the navigation at desktop and phone widths, and search.

Every step is taken with key presses only; every element that takes focus must be visible and
show that it has focus (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7, 2.4.11).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import DESKTOP, PHONE
from pagetypes import expected_paths, page_exists, search_term
from playwright.sync_api import Browser, Page

from lif.index.site import Site, load_site

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

#: What the focused element is, where it is, and how its focus shows.
FOCUSED = """async () => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  // Let focus styles that fade or slide in (the skip link's) finish first.
  await Promise.all(e.getAnimations({subtree: false}).map(a => a.finished.catch(() => null)));
  // And let the page finish scrolling the element into view.
  let r = e.getBoundingClientRect();
  for (let i = 0; i < 60; i++) {
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const next = e.getBoundingClientRect();
    if (next.top === r.top && next.left === r.left) break;
    r = next;
  }
  const s = getComputedStyle(e);
  const inViewport = r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  return {
    tag: e.tagName.toLowerCase(),
    text: (e.getAttribute('aria-label') || e.innerText || e.value || '').trim().slice(0, 50),
    href: e.getAttribute('href'),
    visible: r.width > 0 && r.height > 0 && inViewport &&
      (e.checkVisibility ? e.checkVisibility({visibilityProperty: true, opacityProperty: true})
                         : true),
    marked: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) ||
      s.boxShadow !== 'none',
    inDrawer: !!e.closest('.md-sidebar--primary'),
    inHeader: !!e.closest('.md-header, .md-tabs'),
    inContent: !!e.closest('.md-content'),
  };
}"""


@pytest.fixture(scope="module")
def example_site() -> Site:
    return load_site(REPO, dt.date(2026, 11, 26))


@pytest.fixture(scope="module")
def paths(example_site: Site) -> dict[str, str]:
    return expected_paths(example_site)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def focused(page: Page) -> dict[str, Any] | None:
    return page.evaluate(FOCUSED)  # type: ignore[no-any-return]


def tab_until(page: Page, matches: Any, limit: int, what: str) -> list[dict[str, Any]]:
    """Press Tab until the focused element ``matches``; every stop on the way, in order."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is None:
            continue
        stops.append(stop)
        if matches(stop):
            return stops
    listed = "\n".join(f"  {s['tag']} {s['text']!r} {s['href']}" for s in stops)
    raise AssertionError(f"{limit} presses of Tab did not reach {what}; focus went to:\n{listed}")


def unseen(stops: list[dict[str, Any]]) -> list[str]:
    """Focus stops that a sighted keyboard user could not see, or whose focus does not show."""
    return [
        f"{s['tag']} {s['text']!r} {s['href']}: "
        + ("not visible" if not s["visible"] else "no focus indicator")
        for s in stops
        if not (s["visible"] and s["marked"])
    ]


def open_path(page: Page, site_url: str, built_site: Path, path: str) -> None:
    assert page_exists(built_site, path), f"no page at {path} in the built site"
    page.goto(site_url + path, wait_until="networkidle")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_skip_link_comes_first_and_moves_focus_to_the_content(
    width: str,
    phone: Page,
    desktop: Page,
    site_url: str,
    built_site: Path,
    paths: dict[str, str],
) -> None:
    page = phone if width == "phone" else desktop
    open_path(page, site_url, built_site, paths["review"])
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None and first["text"] == "Skip to content", first
    assert unseen([first]) == []
    page.keyboard.press("Enter")
    assert re.search(r"#[\w-]+$", page.url), page.url
    page.keyboard.press("Tab")
    after = focused(page)
    assert after is not None and after["inContent"], f"after the skip link focus went to {after}"


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("page_type", ["home", "review", "theme page", "search with results"])
def test_every_focus_stop_is_visible_and_shows_focus(
    width: str,
    page_type: str,
    phone: Page,
    desktop: Page,
    site_url: str,
    built_site: Path,
    paths: dict[str, str],
) -> None:
    page = phone if width == "phone" else desktop
    open_path(page, site_url, built_site, paths[page_type])
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is not None:
            stops.append(stop)
    assert len(stops) >= 5, f"only {len(stops)} elements took focus on the {page_type} page"
    assert unseen(stops) == [], f"{page_type} at {width} width"


def test_desktop_navigation_tabs_in_order_and_follows_a_section(
    desktop: Page, site_url: str, built_site: Path
) -> None:
    open_path(desktop, site_url, built_site, "")
    sections = [t.strip() for t in desktop.locator(".md-tabs__link").all_inner_texts()]
    assert "Accessibility" in sections or len(sections) >= 5, sections
    target = sections[-1]
    stops = tab_until(
        desktop,
        lambda s: s["inHeader"] and s["text"] == target,
        limit=20 + len(sections),
        what=f"the '{target}' section in the navigation",
    )
    reached = [s["text"] for s in stops if s["inHeader"] and s["text"] in sections]
    assert reached == sections, "the navigation is not reached in reading order"
    assert unseen(stops) == []
    href = stops[-1]["href"].strip("./")
    desktop.keyboard.press("Enter")
    desktop.wait_for_url(re.compile(re.escape(href) + "/?$"))


def test_phone_menu_opens_by_keyboard_and_its_links_work(
    phone: Page, site_url: str, built_site: Path
) -> None:
    open_path(phone, site_url, built_site, "")
    stops = tab_until(
        phone,
        lambda s: s["inHeader"] and s["tag"] in {"label", "button"} and "menu" in s["text"].lower(),
        limit=6,
        what="the menu button",
    )
    assert not any(s["inDrawer"] for s in stops), "the closed menu's links took focus"
    phone.keyboard.press("Enter")
    assert phone.locator("#__drawer").is_checked(), "Enter on the menu button did not open it"
    stops = tab_until(
        phone,
        lambda s: s["inDrawer"] and s["text"] == "Themes",
        limit=30,
        what="the 'Themes' link in the open menu",
    )
    assert unseen(stops) == []
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/themes/$"))


def test_closed_phone_menu_keeps_its_links_out_of_the_tab_order(
    phone: Page, site_url: str, built_site: Path
) -> None:
    open_path(phone, site_url, built_site, "")
    stops = []
    for _ in range(15):
        phone.keyboard.press("Tab")
        stop = focused(phone)
        if stop:
            stops.append(stop)
    assert not [s for s in stops if s["inDrawer"]], "links of the closed menu took focus"


def _results(page: Page) -> Any:
    return page.locator(".md-content a[href*='reviews/'], .md-content a[href*='briefs/']")


def test_search_page_works_by_keyboard_only(
    desktop: Page, site_url: str, built_site: Path, paths: dict[str, str], example_site: Site
) -> None:
    open_path(desktop, site_url, built_site, paths["search with results"])
    tab_until(
        desktop,
        lambda s: s["tag"] == "input" and s["inContent"],
        limit=25,
        what="the search box on the search page",
    )
    desktop.keyboard.type(search_term(example_site), delay=20)
    _results(desktop).first.wait_for(state="visible", timeout=10_000)
    stops = tab_until(
        desktop,
        lambda s: s["inContent"] and bool(re.search(r"(reviews|briefs)/[\w-]+/", s["href"] or "")),
        limit=120,
        what="the first search result",
    )
    assert unseen(stops) == []
    result = stops[-1]["href"]
    desktop.keyboard.press("Enter")
    desktop.wait_for_url(re.compile(r"/(reviews|briefs)/[\w-]+/"))
    assert desktop.locator("h1").first.is_visible()
    assert result.rstrip("/").split("/")[-1] in desktop.url


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_header_search_works_by_keyboard_only(
    width: str,
    phone: Page,
    desktop: Page,
    site_url: str,
    built_site: Path,
    paths: dict[str, str],
    example_site: Site,
) -> None:
    """From any page: the header's search box (or, where the screen is too narrow for the box,
    its link to the search page) leads by keyboard to results."""
    page = phone if width == "phone" else desktop
    open_path(page, site_url, built_site, paths["review"])
    box_shown = page.locator(".md-header input").first.is_visible()
    stops = tab_until(
        page,
        lambda s: (
            s["inHeader"] and (s["tag"] == "input" if box_shown else "search/" in (s["href"] or ""))
        ),
        limit=10,
        what="the search box in the header" if box_shown else "the header's search link",
    )
    assert unseen(stops) == []
    term = search_term(example_site)
    if not box_shown:
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search/"))
        tab_until(
            page,
            lambda s: s["tag"] == "input" and s["inContent"],
            limit=25,
            what="the search box on the search page",
        )
    page.keyboard.type(term, delay=20)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/"))
    _results(page).first.wait_for(state="visible", timeout=10_000)
    assert _results(page).count() >= 1
