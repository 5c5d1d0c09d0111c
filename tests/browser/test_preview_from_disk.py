"""The pull request's preview, opened from disk as a reviewer opens it (unzipped, file://), at
phone and desktop widths: every link followed lands on a page, never on a folder's listing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sized import WIDTHS, new_sized_context

from lif.output.disk_preview import write_disk_preview

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def preview(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "site-preview"
    write_disk_preview(built_site, out)
    return out


@pytest.fixture(params=WIDTHS)
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    context = new_sized_context(browser, request.param)
    yield request.param, context.new_page()
    context.close()


def on_a_page(page: Page) -> str:
    """The page's main heading; fails on a folder's listing (what a folder link opens)."""
    page.wait_for_load_state("load")
    assert page.url.endswith(".html") or "#" in page.url, f"a folder was opened: {page.url}"
    assert page.locator(".md-header").count() == 1, f"not a page of the site: {page.url}"
    return page.locator("h1").first.inner_text()


def test_a_reviewer_follows_links_through_the_preview_from_disk(
    sized: tuple[str, Page], preview: Path
) -> None:
    width, page = sized
    page.goto((preview / "index.html").as_uri())
    on_a_page(page)
    page.locator(".md-content a[href*='reviews/'][href$='index.html']").first.click()
    on_a_page(page)
    page.goto((preview / "reviews/index.html").as_uri())
    assert on_a_page(page) == "Reviews"
    page.locator(".md-content a[href^='sar-'], .md-content a[href*='/sar-']").first.click()
    title = on_a_page(page)
    assert "review" in title.lower()
    review = page.url
    crumb = page.locator("nav.lif-breadcrumbs a", has_text="Reviews").first
    crumb.click()
    assert on_a_page(page) == "Reviews"
    if width == "desktop":
        page.locator(".md-tabs a", has_text="Briefings").click()
        assert on_a_page(page) == "Briefings"
    page.goto(review)
    page.locator("nav.lif-breadcrumbs a", has_text="Home").first.click()
    on_a_page(page)
    assert page.url == (preview / "index.html").as_uri()


def test_every_link_in_a_preview_page_names_a_file(preview: Path) -> None:
    """No relative link of a page of the preview ends at a folder of it."""
    for path in (preview / "reviews").glob("*/index.html"):
        html = path.read_text(encoding="utf-8")
        for value in re.findall(r'href="([^"#?:]*)"', html):
            if value and not value.startswith("/"):
                target = (path.parent / value).resolve()
                assert not target.is_dir(), f"{path.relative_to(preview)}: {value}"
