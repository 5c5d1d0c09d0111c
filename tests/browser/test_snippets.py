"""Search snippets, at phone and desktop widths, come from the content only: no catalogue labels
or other page furniture, and never a repeat of the title and summary shown above them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from sized import WIDTHS, new_sized_context

pytestmark = pytest.mark.browser

#: Words that only the pages' furniture writes: catalogue labels and facts lines.
FURNITURE = re.compile(
    r"\bReview type\b(?! guide)|what this type of review|\bPseudonym\b|\bLead: |\bScope: |"
    r"Short on time\?|Print this|Copy link"
)

#: Searches whose words are in summaries, catalogue records and bodies alike.
SEARCHES = ("neglect", "self-neglect", "advocacy")


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9\u00c0-\u024f]+", text.lower()) if w]


def repeated_share(snippet: str, shown: str) -> float:
    """The share of the snippet's runs of three words that are in ``shown``."""
    mine, theirs = words(snippet), words(shown)
    seen = {tuple(theirs[i : i + 3]) for i in range(len(theirs) - 2)}
    runs = [tuple(mine[i : i + 3]) for i in range(len(mine) - 2)]
    return sum(run in seen for run in runs) / len(runs) if runs else 1.0


@pytest.fixture(params=WIDTHS)
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = new_sized_context(browser, request.param)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("term", SEARCHES)
def test_snippets_come_from_the_content_and_do_not_repeat(
    term: str, sized: Page, site_url: str
) -> None:
    sized.goto(f"{site_url}search/?q={term}", wait_until="networkidle")
    results = sized.locator(".lif-results__list > .lif-result")
    results.first.wait_for(state="visible", timeout=10_000)
    sized.wait_for_timeout(300)
    snippets = 0
    for result in results.all():
        snippet = result.locator(".lif-result__excerpt")
        if not snippet.count():
            continue
        snippets += 1
        text = snippet.inner_text()
        title = result.locator(".lif-result__title").inner_text()
        summary = result.locator(".lif-result__summary")
        shown = title + " " + (summary.inner_text() if summary.count() else "")
        assert not FURNITURE.search(text), f"'{term}', {title}: furniture in '{text}'"
        assert repeated_share(text, shown) < 0.5, f"'{term}', {title}: repeats '{text}'"
        assert snippet.locator("mark").count() >= 1, f"'{term}', {title}: no word found shown"
    assert snippets >= 2, f"'{term}': only {snippets} result(s) with a snippet"
