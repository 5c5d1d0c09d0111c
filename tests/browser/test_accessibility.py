"""Accessibility of every kind of page: axe-core's WCAG 2.2 A and AA rules at phone and desktop
widths, in Chromium, and the accessibility statement the regulations require.

A page kind that the site does not have yet fails (with where it was expected), never skips.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import DESKTOP, PHONE
from pagetypes import NOT_FOUND_PATH, PAGE_TYPES, expected_paths, page_exists, search_term
from playwright.sync_api import Browser, ConsoleMessage, Page

from lif.index.site import Site, load_site

REPO = Path(__file__).resolve().parents[2]

#: The rule sets of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example_site() -> Site:
    return load_site(REPO, dt.date(2026, 11, 26))


@pytest.fixture(scope="module")
def page_paths(example_site: Site) -> dict[str, str]:
    return expected_paths(example_site)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture(params=sorted(WIDTHS))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A fresh page at phone or desktop width."""
    width = request.param
    if width == "phone":
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    else:
        context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


def open_page_type(
    page: Page, site_url: str, built_site: Path, paths: dict[str, str], page_type: str, term: str
) -> None:
    """Go to the page of ``page_type`` (with search results shown, for the search page)."""
    path = paths[page_type]
    assert page_exists(built_site, path), (
        f"the site has no {page_type} page: expected {path}index.html in the built site"
    )
    page.goto(site_url + path, wait_until="networkidle")
    if page_type == "search with results":
        show_search_results(page, term)


def show_search_results(page: Page, term: str) -> None:
    """Type ``term`` into the search page's box and wait for links to reviews or briefs."""
    box = page.locator(".md-content input[type=search], .md-content input[type=text]").first
    box.wait_for(state="visible", timeout=10_000)
    box.fill(term)
    page.locator(".md-content a[href*='reviews/'], .md-content a[href*='briefs/']").first.wait_for(
        state="visible", timeout=10_000
    )


def describe(violations: list[dict[str, Any]]) -> str:
    """axe's violations, one line per element: rule, impact, selector, what to do."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(
                f"  {violation['id']} ({violation.get('impact')}): {target} - {violation['help']}"
            )
    return "\n".join(lines)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_has_no_wcag_violations(
    page_type: str,
    sized_page: Page,
    site_url: str,
    built_site: Path,
    page_paths: dict[str, str],
    example_site: Site,
    axe: Axe,
) -> None:
    open_page_type(
        sized_page, site_url, built_site, page_paths, page_type, search_term(example_site)
    )
    results = axe.run(sized_page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    width = sized_page.viewport_size
    assert violations == [], (
        f"{page_type} page ({page_paths[page_type]}) at {width}: "
        f"{len(violations)} WCAG rule(s) failed:\n{describe(violations)}"
    )
    assert results.response["passes"], "axe ran no rule on the page"


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_runs_without_policy_violations_or_errors(
    page_type: str,
    page: Page,
    site_url: str,
    built_site: Path,
    page_paths: dict[str, str],
    example_site: Site,
) -> None:
    """The Content Security Policy blocks nothing the site itself needs, and no script fails."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # The not-found page's own status is the one error its address should give.
        if page_type == "not found" and message.location.get("url", "").endswith(NOT_FOUND_PATH):
            return
        if message.type == "error":
            problems.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => "
        "window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
    )
    open_page_type(page, site_url, built_site, page_paths, page_type, search_term(example_site))
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{page_type}: the policy blocked {violations}"
    assert problems == [], f"{page_type}: " + "\n".join(problems)


# The accessibility statement: the model statement's headings, in order, and its dates.

MODEL_HEADINGS = [
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "Content that's not within the scope of the accessibility regulations",
    "Preparation of this accessibility statement",
]

DATE = r"(\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
DATE += r"|November|December) \d{4})"


def test_accessibility_statement_has_the_model_headings_and_dates(
    page: Page, site_url: str, built_site: Path
) -> None:
    assert page_exists(built_site, "accessibility/"), "no accessibility/ page in the built site"
    page.goto(site_url + "accessibility/")
    headings = [
        h.strip().replace("\u2019", "'")
        for h in page.locator("article h2, article h3").all_inner_texts()
    ]
    positions = []
    for heading in MODEL_HEADINGS:
        assert heading in headings, f"the statement has no heading '{heading}': {headings}"
        positions.append(headings.index(heading))
    assert positions == sorted(positions), "the model statement's headings are out of order"
    text = page.locator("article").inner_text()
    dates = {}
    for label in ("prepared on", "last reviewed on", "last tested on"):
        found = re.search(label + " " + DATE, text)
        assert found, f"the statement does not say when it was {label} (e.g. '{label} 1 May 2026')"
        dates[label] = dt.datetime.strptime(found.group(1), "%d %B %Y").date()
    assert dates["prepared on"] <= dates["last reviewed on"]
    assert "WCAG" in text or "Web Content Accessibility Guidelines" in text


def test_accessibility_statement_is_linked_from_every_page_kind_in_the_navigation(
    page: Page, site_url: str
) -> None:
    page.goto(site_url)
    link = page.get_by_role("link", name="Accessibility", exact=True).first
    assert link.count() == 1, "the navigation has no 'Accessibility' link"
    link.click()
    page.wait_for_url(re.compile(r"/accessibility/$"))
    assert page.locator("h1").inner_text().startswith("Accessibility statement")
