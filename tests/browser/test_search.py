"""Search in a real browser: the header's box, the search page, its facets and its address.

Expected results and counts come from the example content (``lif.site.load_site``), never from
numbers written here. Every request the pages make is recorded: none may leave the site.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from lif.index.site import Site, load_site
from lif.model.content import Review
from lif.model.paths import item_path
from lif.model.publication import fmt_date, publication_date
from lif.output.search_index import indexed_pages

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

COUNT = re.compile(r"^([\d,]+) (?:items?|results?)\b")
WORD = re.compile(r"[a-z]{7,}")


@pytest.fixture(scope="module")
def example_site() -> Site:
    return load_site(REPO, dt.date(2026, 11, 26))


@pytest.fixture(scope="module")
def distinctive(example_site: Site, built_site: Path) -> tuple[Review, str]:
    """A public review and a word of its summary that no other indexed page uses, in any form
    (its first four letters appear nowhere else, so no stem of it matches another page)."""
    texts = {page["url"]: str(page["content"]).lower() for page in indexed_pages(built_site)}
    for review in example_site.reviews:
        url = "/" + item_path(review)
        others = " ".join(t for u, t in texts.items() if u != url)
        for word in sorted(set(WORD.findall(review.summary.lower()))):
            if word[:4] not in others:
                return review, word
    pytest.fail("no public review has a word of its own in its summary: add example content")


@pytest.fixture(scope="module")
def commonest_theme(example_site: Site) -> str:
    counts = Counter(t for item in example_site.public for t in item.themes)
    assert counts, "the example content has no public items"
    return counts.most_common(1)[0][0]


@pytest.fixture
def requests(page: Page) -> Iterator[list[str]]:
    """Every URL the desktop page requests, in order."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    yield urls


def status_count(page: Page, scope: str = ".lif-search-page", words: str = "") -> int:
    """The number the results' live region announces, once the search (for ``words``, if
    given) has finished."""
    status = page.locator(f"{scope} [data-lif-status]")
    expect(status).to_have_text(COUNT, timeout=15_000)
    if words:
        expect(status).to_contain_text(words, timeout=15_000)
        expect(status).to_have_text(COUNT, timeout=15_000)
    found = COUNT.match(status.inner_text().strip())
    assert found is not None
    return int(found.group(1).replace(",", ""))


def result_links(page: Page, scope: str = ".lif-search-page") -> list[str]:
    return [
        urlsplit(href).path
        for href in page.locator(f"{scope} .lif-result__title a").evaluate_all(
            "links => links.map(a => a.href)"
        )
    ]


def test_a_query_finds_the_expected_review(
    page: Page, site_url: str, example_site: Site, distinctive: tuple[Review, str]
) -> None:
    review, word = distinctive
    page.goto(f"{site_url}search/")
    page.fill("#lif-search-q", word)
    assert status_count(page, words=word) >= 1
    assert "/" + item_path(review) in result_links(page)
    first = page.locator(".lif-search-page .lif-result").filter(
        has=page.locator(f'a[href$="{item_path(review)}"]')
    )
    expect(first.locator(".lif-result__title")).to_have_text(review.title)
    # A result shows title, kind, type, date and summary.
    meta = first.locator(".lif-result__meta").inner_text()
    assert "Review" in meta
    assert example_site.vocab.review_types.label(review.review_type) in meta
    assert fmt_date(publication_date(review)) in meta
    expect(first.locator(".lif-result__summary")).to_have_text(review.summary)
    assert parse_qs(urlsplit(page.url).query)["q"] == [word]


def test_the_header_box_shows_results_as_you_type(
    page: Page, site_url: str, distinctive: tuple[Review, str]
) -> None:
    review, word = distinctive
    page.goto(site_url)
    page.click("#lif-hsearch-q")
    page.keyboard.type(word)
    panel = page.locator(".lif-hsearch__panel")
    expect(panel.locator(f'.lif-result a[href$="{item_path(review)}"]')).to_have_text(
        review.title, timeout=15_000
    )
    assert status_count(page, ".lif-hsearch", words=word) >= 1
    expect(panel.locator("[data-lif-all]")).to_have_attribute(
        "href", re.compile(r"search/\?q=" + word + "$")
    )
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "lif-hsearch-q"


def test_a_facet_narrows_the_results_to_the_right_count(
    page: Page, site_url: str, example_site: Site, commonest_theme: str
) -> None:
    page.goto(f"{site_url}search/")
    everything = status_count(page)
    assert everything > len(example_site.public)  # the items, and the framework pages
    theme_box = page.locator(f'input[name="theme"][value="{commonest_theme}"]')
    page.locator('[data-lif-facet="theme"] > summary').click()
    with_theme = [i for i in example_site.public if commonest_theme in i.themes]
    expect(theme_box.locator("xpath=..").locator("[data-lif-count]")).to_have_text(
        f"({len(with_theme)})"
    )
    theme_box.check()
    assert status_count(page) == len(with_theme)
    page.locator('input[name="kind"][value="review"]').check()
    reviews = [i for i in with_theme if isinstance(i, Review)]
    assert status_count(page) == len(reviews)
    shown = result_links(page)
    assert len(shown) == min(len(reviews), 20)
    assert set(shown) <= {"/" + item_path(r) for r in reviews}
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"theme": [commonest_theme], "kind": ["review"]}


def test_values_of_one_facet_widen_and_facets_narrow(
    page: Page, site_url: str, example_site: Site
) -> None:
    years = Counter(str(publication_date(i).year) for i in example_site.public)  # type: ignore[union-attr]
    assert len(years) >= 2, "the example content needs items from two years"
    (first, n1), (second, n2) = years.most_common(2)
    page.goto(f"{site_url}search/?year={first}&year={second}")
    assert status_count(page) == n1 + n2
    expect(page.locator(f'input[name="year"][value="{first}"]')).to_be_checked()
    # The count beside a year is what ticking it alone would add: the year's own items.
    count = page.locator(f'input[name="year"][value="{second}"]').locator("xpath=..")
    expect(count.locator("[data-lif-count]")).to_have_text(f"({n2})")


def test_a_shared_address_restores_the_filter(
    page: Page, site_url: str, example_site: Site, commonest_theme: str
) -> None:
    page.goto(f"{site_url}search/")
    status_count(page)
    page.locator('[data-lif-facet="theme"] > summary').click()
    page.locator(f'input[name="theme"][value="{commonest_theme}"]').check()
    page.locator('input[name="kind"][value="review"]').check()
    count = status_count(page)
    shown = result_links(page)
    shared = page.url
    assert "theme=" in shared and "kind=review" in shared
    other = page.context.new_page()
    other.goto(shared)
    assert status_count(other) == count
    assert result_links(other) == shown
    expect(other.locator(f'input[name="theme"][value="{commonest_theme}"]')).to_be_checked()
    expect(other.locator('input[name="kind"][value="review"]')).to_be_checked()
    expect(other.locator('[data-lif-facet="theme"]')).to_have_attribute("open", "")
    other.close()


def test_keyboard_alone_searches_filters_and_opens_a_result(
    page: Page, site_url: str, example_site: Site, distinctive: tuple[Review, str]
) -> None:
    word = distinctive[1]
    page.goto(f"{site_url}reviews/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "lif-hsearch-q"
    page.keyboard.type(word)
    expect(page.locator(".lif-hsearch__panel .lif-result").first).to_be_visible(timeout=15_000)
    page.keyboard.press("ArrowDown")
    first_link = page.locator(".lif-hsearch__panel .lif-result a").first.get_attribute("href")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first_link
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.lif-hsearch__panel') !== null")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "lif-hsearch-q"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert status_count(page) >= 1
    # Tab to the first checkbox of the kinds and tick it with the space bar.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "kind":
            break
    else:
        pytest.fail("no kind checkbox took focus within 20 presses of Tab")
    value = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    status_count(page)
    assert parse_qs(urlsplit(page.url).query).get("kind") == [value]
    page.locator(".lif-search-page .lif-result__title a").first.focus()
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)


def test_phone_width_leads_to_the_search_page(phone_page: Page, site_url: str) -> None:
    phone_page.goto(site_url)
    expect(phone_page.locator(".lif-hsearch__form")).to_be_hidden()
    link = phone_page.locator(".lif-hsearch__open")
    expect(link).to_be_visible()
    link.tap()
    phone_page.wait_for_url(re.compile(r"/search/$"))
    expect(phone_page.locator("#lif-search-q")).to_be_visible()
    expect(phone_page.locator("[data-lif-facets]")).not_to_have_attribute("open", "")
    assert status_count(phone_page) >= 1
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= phone_page.viewport_size["width"]  # type: ignore[index]


def test_results_are_announced_to_screen_readers(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}search/?kind=review")
    status = page.locator(".lif-search-page [data-lif-status]")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    assert status_count(page) >= 1
    expect(status).to_contain_text("Kind: Review")
    header_status = page.locator(".lif-hsearch [data-lif-status]")
    expect(header_status).to_have_attribute("aria-live", "polite")


def test_no_request_leaves_the_site_and_browsing_loads_no_word_index(
    page: Page,
    requests: list[str],
    site_url: str,
    commonest_theme: str,
    distinctive: tuple[Review, str],
) -> None:
    page.goto(f"{site_url}search/?theme={commonest_theme}")
    status_count(page)
    browse = list(requests)
    assert f"{site_url}search/browse/facets.json" in browse, "a browse uses the browse index"
    assert not [u for u in browse if "/pagefind/" in u], "a browse loads nothing of Pagefind's"
    page.goto(site_url)
    page.click("#lif-hsearch-q")
    page.keyboard.type(distinctive[1])
    expect(page.locator(".lif-hsearch__panel .lif-result").first).to_be_visible(timeout=15_000)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    status_count(page)
    assert [u for u in requests if "/pagefind/index/" in u], "a query loads its word index"
    assert not [u for u in requests if "search_index.json" in u]
    outside = [u for u in requests if not u.startswith(site_url)]
    assert outside == []


def test_a_skip_link_takes_keyboard_users_past_the_filters_to_the_results(
    page: Page, site_url: str, distinctive: tuple[Review, str]
) -> None:
    word = distinctive[1]
    page.goto(f"{site_url}search/?q={word}")
    expect(page.locator("[data-lif-results] .lif-result").first).to_be_visible(timeout=15_000)
    page.focus("#lif-search-q")
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('lif-skip-link')"):
            break
    else:
        pytest.fail("the skip link did not take focus within three presses of Tab after the box")
    box = page.locator(".lif-skip-link").bounding_box()
    assert box is not None and box["width"] > 20  # visible while it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "lif-results-heading"
    page.keyboard.press("Tab")
    first = page.locator("[data-lif-results] .lif-result a").first.get_attribute("href")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
