"""Print where people look for it, at phone and desktop widths: a seven-minute briefing has a
Print button near its top, a theme's page a Print link styled as a button to its print view, whose
own button prints; none of them is on the paper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sized import WIDTHS, new_sized_context

from lif.index.site import load_site
from lif.model.paths import item_path, theme_path

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

#: Replaces the browser's print dialog, which a headless browser cannot show, with a record.
RECORD_PRINT = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


@pytest.fixture(scope="module")
def briefing_path() -> str:
    site = load_site(REPO, dt.date(2026, 11, 26))
    return item_path(next(b for b in site.briefs if b.kind == "seven-minute-briefing"))


@pytest.fixture(params=WIDTHS)
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = new_sized_context(browser, request.param)
    context.add_init_script(RECORD_PRINT)
    yield context.new_page()
    context.close()


def press_print(page: Page, name: str) -> None:
    """Press the visible button ``name`` and check it asked the browser to print once."""
    button = page.get_by_role("button", name=name)
    assert button.is_visible(), f"no visible '{name}' button"
    top = button.bounding_box()
    assert top is not None and top["y"] < 900, "the button is not near the top of the page"
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert not button.is_visible(), "the button is printed"
    page.emulate_media(media="screen")


def test_a_seven_minute_briefing_has_a_print_button(
    sized: Page, site_url: str, briefing_path: str
) -> None:
    sized.goto(site_url + briefing_path, wait_until="networkidle")
    press_print(sized, "Print this briefing (one page)")


def test_a_theme_page_offers_its_print_view_as_a_button(sized: Page, site_url: str) -> None:
    sized.goto(site_url + theme_path("self-neglect"), wait_until="networkidle")
    link = sized.locator(".md-content a.md-button", has_text="Print this theme").first
    assert link.is_visible()
    box = link.bounding_box()
    assert box is not None and box["height"] >= 24, "too small a target"
    link.click()
    sized.wait_for_url("**/themes/self-neglect/print/")
    press_print(sized, "Print this page")
