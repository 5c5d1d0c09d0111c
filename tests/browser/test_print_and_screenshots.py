"""The library's pages in Chromium: a briefing prints on one A4 page, every page type fits a
phone's width, and the copy-link control copies the permanent address by keyboard.

Screenshots of each page type at phone and desktop widths are written to ``LIF_SCREENSHOT_DIR``
(default ``/tmp/screens``) for a person to look at; they are never committed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browser_support import DESKTOP, PHONE, serve
from playwright.sync_api import Browser, Page, expect

from lif.index.site import Site, load_site
from lif.model.content import Brief
from lif.model.paths import item_path

REPO = Path(__file__).resolve().parents[2]
SCREENS = Path(os.environ.get("LIF_SCREENSHOT_DIR", "/tmp/screens"))

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example() -> Site:
    return load_site(REPO, dt.date(2026, 11, 26))


def briefings(site: Site) -> list[Brief]:
    return [b for b in site.briefs if b.kind == "seven-minute-briefing"]


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF has: its page objects (``/Type /Pages`` is the tree, not a page)."""
    return len(re.findall(rb"/Type\s*/Page\b", data))


def print_to_pdf(browser: Browser, url: str) -> bytes:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        return page.pdf(format="A4", print_background=True)
    finally:
        context.close()


def test_every_seven_minute_briefing_prints_on_one_a4_page(
    browser: Browser, site_url: str, example: Site
) -> None:
    found = briefings(example)
    assert found, "the example content has no seven-minute briefing to print"
    for brief in found:
        data = print_to_pdf(browser, site_url + item_path(brief))
        assert data.startswith(b"%PDF")
        assert pdf_pages(data) == 1, f"{brief.id} prints on {pdf_pages(data)} pages"


def test_a_review_prints_on_several_pages(browser: Browser, site_url: str, example: Site) -> None:
    """The page counter sees more than one page when there is more than one."""
    longest = max(example.reviews, key=lambda r: len(example.body(r)))
    assert pdf_pages(print_to_pdf(browser, site_url + item_path(longest))) > 1


def test_printed_briefing_shows_its_address_and_hides_the_controls(
    browser: Browser, site_url: str, example: Site
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + item_path(briefings(example)[0]))
    page.emulate_media(media="print")
    assert page.locator(".lif-print-source").is_visible()
    assert "learning.example.org.uk/briefs/" in page.locator(".lif-print-source").inner_text()
    assert not page.locator(".lif-panel a.lif-permalink").first.is_visible()
    assert not page.locator(".lif-breadcrumbs").is_visible()
    assert page.locator(".lif-questions").is_visible()
    assert page.locator(".lif-disclaimer").is_visible()
    context.close()


def page_type_paths(site: Site) -> dict[str, str]:
    """One page of each type the library has, from the example content."""
    review = site.reviews[0]
    paths = {
        "home": "",
        "reviews": "reviews/",
        "reviews-by-year": f"reviews/by-year/{review.published.year if review.published else ''}/",
        "reviews-by-type": f"reviews/by-type/{review.review_type}/",
        "briefings": "briefings/",
        "briefings-by-kind": "briefings/by-kind/seven-minute-briefing/",
        "themes": "themes/",
        "theme": f"themes/{review.themes[0]}/",
        "review": item_path(review),
    }
    for kind in ("seven-minute-briefing", "executive-summary", "thematic-note"):
        brief = next((b for b in site.briefs if b.kind == kind), None)
        paths[kind] = item_path(brief) if brief else f"briefs/<no {kind}>/"
    return paths


@pytest.fixture(params=["phone", "desktop"])
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    if request.param == "phone":
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    else:
        context = browser.new_context(viewport=DESKTOP)
    yield request.param, context.new_page()
    context.close()


def test_each_page_type_fits_the_screen_and_is_photographed(
    sized_page: tuple[str, Page], site_url: str, built_site: Path, example: Site
) -> None:
    width_name, page = sized_page
    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, path in page_type_paths(example).items():
        assert (built_site / path / "index.html").is_file(), f"{name}: no page at {path}"
        page.goto(site_url + path)
        overflow = page.evaluate(
            "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
        )
        assert overflow <= 0, f"{name} ({path}) is {overflow}px wider than a {width_name} screen"
        assert page.locator("h1").count() == 1, f"{name} has one main heading"
        page.screenshot(path=str(SCREENS / f"{name}-{width_name}.png"), full_page=True)


def test_copy_link_copies_the_permanent_address_by_keyboard(
    browser: Browser, site_url: str, example: Site
) -> None:
    review = next(r for r in example.reviews if r.learning)
    anchor = f"learning-{review.learning[0].id}"
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + item_path(review))
    control = page.locator(f'a.lif-permalink[data-lif-copy="{anchor}"]')
    control.focus()
    page.keyboard.press("Enter")
    live = page.locator(".lif-live[aria-live='polite']")
    # The site's Content Security Policy forbids string evaluation, so wait with a locator.
    expect(live).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{site_url}{item_path(review)}#{anchor}"
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert control.inner_text() == "Copied"
    context.close()


#: A briefing a fifth longer than any in the example content: five bullets in three sections, long
#: paragraphs in the others, five questions. It still prints on one page.
LONG_SECTION = (
    "Practitioners saw parts of the picture but nobody put them together, and the family's "
    "account was accepted without the checks that the procedure expects in such a case."
)
LONG_BULLETS = "\n".join(
    f"- Point {n}: ask again, record the words used, and share what you know with the lead agency."
    for n in range(1, 6)
)


def long_briefing_body() -> str:
    sections = []
    for number, title in enumerate(
        ["Background", "Why it matters", "What was found", "Key learning",
         "Things to remember", "Questions to reflect on", "What to do"],
        start=1,
    ):  # fmt: skip
        text = LONG_BULLETS if number in {3, 5, 7} else f"{LONG_SECTION} {LONG_SECTION}"
        sections.append(f"## {number}. {title}\n\n{text}\n")
    return "\n".join(sections)


def write_content(root: Path, folder: str, data: dict[str, object], body: str) -> None:
    path = root / folder / f"{data['id']}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def long_briefing_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("print")
    for part in ("data", "macros", "overrides", "docs", "mkdocs.yml"):
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, root / part)
    review = {
        "id": "sar-adult-l-2025",
        "title": "Safeguarding adults review: Adult L",
        "review_type": "safeguarding-adults-review",
        "board": "adults",
        "subject": "Adult L",
        "author": "Independent reviewer",
        "status": "published",
        "published": "2025-03-01",
        "themes": ["neglect"],
        "summary": "Adult L lived alone and declined help.",
        "learning": [{"id": "ask-twice", "text": "Ask a second time when someone says no."}],
    }
    brief = {
        "id": "7mb-long",
        "title": "Seven-minute briefing: a long one, to show that it still fits on one page",
        "kind": "seven-minute-briefing",
        "board": "adults",
        "status": "published",
        "published": "2025-03-02",
        "themes": ["neglect", "self-neglect", "hoarding", "professional-curiosity"],
        "audience": ["practitioners", "managers", "trainers"],
        "summary": "A briefing as long as one should ever be, with every part filled. " * 3,
        "reviews": ["sar-adult-l-2025"],
        "questions": [
            f"Question {n}: what would you do differently, and who would you tell?"
            for n in range(1, 6)
        ],
    }
    write_content(root, "reviews", review, "")
    write_content(root, "briefs", brief, long_briefing_body())
    env = dict(os.environ, LIF_TODAY="2026-11-26", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lif.cli",
            "build",
            "--root",
            str(root),
            "--site-dir",
            str(root / "site"),
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    server, url = serve(root / "site")
    yield url
    server.shutdown()


def test_a_long_briefing_still_prints_on_one_page(
    browser: Browser, long_briefing_site: str
) -> None:
    data = print_to_pdf(browser, long_briefing_site + "briefs/7mb-long/")
    assert pdf_pages(data) == 1
