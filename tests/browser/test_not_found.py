"""The not-found page helps: the header and a search box, plain words, the ways on (home,
briefings, themes) and how to report the broken link; every link on it works wherever the host
serves it, at phone and desktop widths."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page
from sized import WIDTHS, new_sized_context

pytestmark = pytest.mark.browser

#: Addresses with no page, one and three folders deep.
MISSING = ("gone", "reviews/no-such-review/", "a/b/c/no-such-page.html")


@pytest.fixture(params=WIDTHS)
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = new_sized_context(browser, request.param)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("missing", MISSING)
def test_not_found_page_links_work_from_any_depth(sized: Page, site_url: str, missing: str) -> None:
    response = sized.goto(site_url + missing, wait_until="networkidle")
    assert response is not None and response.status == 404
    assert sized.locator("h1").inner_text() == "Page not found"
    addresses = sized.evaluate(
        """() => [...document.querySelectorAll('[href], [src], form[action]')].map(e =>
               e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action'))"""
    )
    assert not [a for a in addresses if a.startswith("//")], "an address names a host"
    checked = set()
    for address in addresses:
        target = urljoin(sized.url, address).split("#")[0]
        if not target.startswith(site_url) or target in checked:
            continue
        checked.add(target)
        status = sized.request.get(target).status
        assert status == 200, f"{address} on the not-found page at /{missing} gives {status}"
    assert len(checked) > 20, "the header, navigation and assets were checked"


def test_not_found_page_offers_search_and_the_ways_on(sized: Page, site_url: str) -> None:
    sized.goto(site_url + "reviews/no-such-review/", wait_until="networkidle")
    main = sized.locator(".md-content")
    assert "no page at this address" in main.inner_text()
    for name, path in (("The home page", ""), ("Briefings", "briefings/"), ("Themes", "themes/")):
        link = main.get_by_role("link", name=name, exact=True)
        assert link.is_visible(), f"no visible link '{name}'"
        assert urljoin(sized.url, link.get_attribute("href") or "") in (
            site_url + path,
            site_url + path + ".",
        )
    report = main.locator("a[href^='mailto:']")
    assert report.is_visible() and "broken link" in main.inner_text()
    assert sized.locator("header.md-header").is_visible()
    box = main.get_by_role("searchbox")
    assert box.is_visible()
    box.fill("neglect")
    box.press("Enter")
    sized.wait_for_url("**/search/?q=neglect")
    sized.locator(".lif-results__list a").first.wait_for(state="visible", timeout=10_000)
