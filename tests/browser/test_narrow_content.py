"""What authors put in a body keeps the page usable at 320 px: a wide table, a long word, a long
address and a code block stay within the screen or in a region that can be reached and scrolled,
and axe-core reports no WCAG violation (issue: content as authors write it, point 3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import serve
from playwright.sync_api import Browser, Page
from support import copy_project, review_data, run_build, write_item
from test_accessibility import WCAG_TAGS, describe

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}

WIDE_TABLE = (
    "| agency | what it knew | when | who it told | what it did next | outcome |\n"
    "| --- | --- | --- | --- | --- | --- |\n"
    + "".join(
        f"| Agency {n} | A long description of what the agency knew at the time | 2024-0{n}-01 "
        "| The team manager and the designated safeguarding lead | Made a referral | Closed |\n"
        for n in range(1, 6)
    )
)
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
LONG_ADDRESS = "https://www.example.org/" + "a-very-long-path-segment/" * 8
CODE = "```\n" + "lif check --format github reviews/2025/sar-adult-z-2025.md " * 4 + "\n```\n"

BODY = (
    "## Agencies involved\n\n"
    f"{WIDE_TABLE}\n"
    f"A word without spaces: {LONG_WORD}.\n\n"
    f"An address written out: <{LONG_ADDRESS}>.\n\n"
    f"{CODE}"
)


@pytest.fixture(scope="module")
def narrow_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_project(tmp_path_factory.mktemp("narrow") / "project")
    write_item(root, review_data(), BODY)
    result = run_build(root, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve(root / "site")
    yield url
    server.shutdown()


@pytest.fixture
def narrow_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=NARROW, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_a_body_of_wide_and_long_things_has_no_violations_at_320_px(
    narrow_site: str, narrow_page: Page
) -> None:
    narrow_page.goto(f"{narrow_site}reviews/sar-adult-z-2025/")
    assert LONG_WORD[:20] in narrow_page.content()
    results = Axe().run(narrow_page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    assert violations == [], describe(violations)
    assert results.response["passes"], "axe ran no rule on the page"


def test_nothing_but_a_scroll_region_is_wider_than_the_screen(
    narrow_site: str, narrow_page: Page
) -> None:
    narrow_page.goto(f"{narrow_site}reviews/sar-adult-z-2025/")
    page_width = narrow_page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= NARROW["width"]
    table = narrow_page.locator("table", has_text="Agency 1")
    region = table.locator("xpath=ancestor::div[@role='region'][1]")
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label") == "Table: Agencies involved"
