"""The jargon practitioners meet is explained where it appears, at phone and desktop widths: the
first use of an abbreviation says what it stands for (a tooltip with a mouse, the words after it
on a touch screen), and every page links to the glossary."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from sized import WIDTHS, new_sized_context

pytestmark = pytest.mark.browser

#: Pages where practitioners meet abbreviations: a progress line rated RAG on a review, the
#: dashboard's ratings, the framework's Appendix A, a review-type guide.
PAGES = {
    "reviews/sar-adult-p-2022/": ("RAG", "Red, amber, green rating"),
    "learning-in-practice/": ("RAG", "Red, amber, green rating"),
    "framework/appendix-a/": ("MAPPA", "Multi-agency public protection arrangements"),
    "review-types/safeguarding-adults-review/": ("SAR", "Safeguarding adults review"),
}


@pytest.fixture(params=WIDTHS)
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    context = new_sized_context(browser, request.param)
    yield request.param, context.new_page()
    context.close()


@pytest.mark.parametrize("path", sorted(PAGES))
def test_an_abbreviation_is_explained_where_it_appears(
    path: str, sized: tuple[str, Page], site_url: str
) -> None:
    width, page = sized
    abbreviation, words = PAGES[path]
    page.goto(site_url + path, wait_until="networkidle")
    first = page.locator(".md-content abbr[title]", has_text=abbreviation).first
    assert first.get_attribute("title") == words
    assert first.is_visible()
    after = first.evaluate("e => getComputedStyle(e, '::after').content")
    if width == "phone":
        assert words in after, f"{path}: on a touch screen the words do not follow {abbreviation}"
    else:
        assert words not in after, f"{path}: a mouse user gets a tooltip, not the words again"
        assert first.evaluate("e => getComputedStyle(e).cursor") == "help"


def test_every_page_links_to_the_glossary_which_explains_rag(
    sized: tuple[str, Page], site_url: str
) -> None:
    _, page = sized
    page.goto(site_url + "learning-in-practice/adults/", wait_until="networkidle")
    link = page.locator("footer").get_by_role("link", name="Glossary of abbreviations")
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/glossary/")
    entry = page.locator("#rag")
    assert entry.is_visible()
    assert "Green is on target" in entry.inner_text()
