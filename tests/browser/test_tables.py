"""Tables on a phone and on a desktop: every table fits, becomes stacked cards, or sits in a named
region that takes keyboard focus, scrolls with the arrow keys and says that it scrolls; no text
in a table is cut off. The dashboard's tables fit the page on a desktop."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from sized import WIDTHS, new_sized_context

pytestmark = pytest.mark.browser

#: Pages with the site's tables: the framework's appendices and comparisons, the dashboards'
#: data tables and charts' figures, and a table written in a page's Markdown.
PAGES = {
    "appendix A": "framework/appendix-a/",
    "appendix C": "framework/appendix-c/",
    "review-type comparison": "review-types/",
    "methodologies": "methodologies/",
    "dashboard": "learning-in-practice/",
    "board dashboard": "learning-in-practice/adults/",
    "content table": "how-to-publish/",
}

#: Each table's state in the page: how it fits, and anything in it that is cut off.
DESCRIBE_TABLES = """() => [...document.querySelectorAll('.md-content table')].map(table => {
  const region = table.closest('.lif-scroll');
  const box = table.getBoundingClientRect();
  // A stacked table's column headings are hidden for screen readers only (lif.css).
  const shown = cell => !(cell.closest('thead')
    && getComputedStyle(cell.closest('thead')).clipPath !== 'none');
  const cut = [...table.querySelectorAll('th, td')]
    .filter(cell => shown(cell) && cell.scrollWidth > cell.clientWidth + 1)
    .map(cell => cell.textContent.trim().slice(0, 40));
  const broken = [...table.querySelectorAll('code')]
    .filter(code => code.getClientRects().length > 1)
    .map(code => code.textContent);
  return {
    caption: (table.caption ? table.caption.textContent : table.textContent).trim().slice(0, 50),
    stacked: getComputedStyle(table.querySelector('tbody tr')).display === 'block',
    fits: box.left >= 0 && box.right <= document.documentElement.clientWidth + 1
          && (!region || region.scrollWidth <= region.clientWidth + 1),
    region: region && {
      role: region.getAttribute('role'),
      tabindex: region.getAttribute('tabindex'),
      name: region.getAttribute('aria-label') || (region.getAttribute('aria-labelledby')
            && document.getElementById(region.getAttribute('aria-labelledby')).textContent),
      says: region.hasAttribute('data-lif-overflows')
            && getComputedStyle(region, '::before').content.includes('Scroll sideways'),
    },
    cut, broken,
  };
})"""


@pytest.fixture(params=WIDTHS)
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    context = new_sized_context(browser, request.param)
    yield request.param, context.new_page()
    context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_table_fits_stacks_or_scrolls_in_a_named_region(
    name: str, sized: tuple[str, Page], site_url: str
) -> None:
    width, page = sized
    page.goto(site_url + PAGES[name], wait_until="networkidle")
    tables = page.evaluate(DESCRIBE_TABLES)
    assert tables, f"{name}: no table on {PAGES[name]}"
    for table in tables:
        where = f"{name} at {width} width, table '{table['caption']}'"
        assert table["cut"] == [], f"{where}: text cut off in {table['cut']}"
        assert table["broken"] == [], f"{where}: code broken across lines: {table['broken']}"
        region = table["region"]
        assert region is not None, f"{where}: not in a scroll region"
        assert region["role"] == "region" and region["tabindex"] == "0", where
        assert region["name"], f"{where}: the region has no name"
        if not table["fits"] and not table["stacked"]:
            assert region["says"], f"{where}: scrolls without saying so"
    if name.endswith("dashboard") and width == "desktop":
        wide = [t["caption"] for t in tables if not t["fits"]]
        assert wide == [], f"{name}: tables wider than the page on a desktop: {wide}"
    if name.startswith(("appendix", "review-type", "methodologies")) and width == "phone":
        assert all(t["stacked"] for t in tables), f"{name}: rows are not cards on a phone"


def test_a_wide_table_scrolls_with_the_keyboard(phone_page: Page, site_url: str) -> None:
    phone_page.goto(site_url + "learning-in-practice/", wait_until="networkidle")
    region = phone_page.locator(".lif-scroll[data-lif-overflows]").first
    region.wait_for(state="attached")
    region.focus()
    assert region.evaluate("e => e === document.activeElement")
    assert region.evaluate("e => e.scrollLeft") == 0
    for _ in range(5):
        phone_page.keyboard.press("ArrowRight")
    for _ in range(20):  # the browser scrolls smoothly: give it time
        if region.evaluate("e => e.scrollLeft") > 0:
            break
        phone_page.wait_for_timeout(100)
    assert region.evaluate("e => e.scrollLeft") > 0, "the arrow keys do not scroll it"
