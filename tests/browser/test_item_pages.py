"""Item pages at phone and desktop widths: an executive summary links the easy read summary it
mentions; the catalogue record is a section named by its heading; a seven-minute briefing's
source line is a line, not a section without a heading."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from sized import WIDTHS, new_sized_context

pytestmark = pytest.mark.browser

EASY_READ = "https://www.lrsb.org.uk/uploads/sar-adult-p-easy-read.pdf"


@pytest.fixture(params=WIDTHS)
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = new_sized_context(browser, request.param)
    yield context.new_page()
    context.close()


def test_the_easy_read_summary_is_a_link(sized: Page, site_url: str) -> None:
    sized.goto(site_url + "briefs/es-sar-adult-p-2022/", wait_until="networkidle")
    mention = sized.locator(".md-content p a", has_text="easy read summary").first
    assert mention.is_visible() and mention.get_attribute("href") == EASY_READ
    documents = sized.get_by_role("heading", name="The review's documents")
    assert documents.is_visible()
    listed = sized.locator("#review-documents + ul a", has_text="easy read summary")
    assert listed.get_attribute("href") == EASY_READ


def test_sections_are_named_by_headings(sized: Page, site_url: str) -> None:
    sized.goto(site_url + "briefs/7mb-self-neglect-and-hoarding/", wait_until="networkidle")
    record = sized.get_by_role("region", name="Catalogue record")
    assert record.count() == 1 and record.is_visible()
    assert record.get_by_role("heading", name="Catalogue record").count() == 1
    untitled = sized.evaluate(
        """() => [...document.querySelectorAll('section')]
               .filter(s => !s.querySelector('h1, h2, h3, h4, h5, h6')).length"""
    )
    assert untitled == 0
    assert sized.locator(".lif-sources--inline", has_text="Source review").is_visible()


def test_kinds_are_named_by_their_plural_labels(sized: Page, site_url: str) -> None:
    """The plural comes from data/brief_kinds.yml: 'Executive summaries', never '...summarys'."""
    sized.goto(site_url + "briefs/es-sar-adult-p-2022/", wait_until="networkidle")
    crumbs = sized.locator("nav.lif-breadcrumbs")
    assert crumbs.is_visible()
    assert crumbs.get_by_role("link", name="Executive summaries").is_visible()
    crumbs.get_by_role("link", name="Executive summaries").click()
    sized.wait_for_url("**/briefings/by-kind/executive-summary/")
    assert sized.locator("h1").inner_text() == "Executive summaries"
    assert "summarys" not in sized.locator("body").inner_text()
