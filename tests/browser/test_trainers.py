"""For trainers, in Chromium: old links land on the learning point, print looks right, the
trainers' pages pass axe-core, and the print button works from the keyboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import serve
from playwright.sync_api import Page
from support import REPO, TODAY, copy_project, run_build
from trainers_project import write_trainers_content

from lif.index.site import load_site
from lif.model.content import Review
from lif.model.paths import item_path

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site in which a review and a learning point were renamed, served on loopback."""
    from lif.cli.main import main as lif

    root = copy_project(tmp_path_factory.mktemp("renamed") / "project")
    write_trainers_content(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIF_TODAY", TODAY)
        assert lif(["permalinks", "--root", str(root), "--update"]) == 0
        old = root / "reviews/lcspr-child-v-2025.md"
        text = old.read_text(encoding="utf-8")
        old.unlink()
        text = text.replace("id: lcspr-child-v-2025", "id: lcspr-child-v-2025-review")
        text = text.replace("id: was-not-brought", "id: not-brought")
        (root / "reviews/lcspr-child-v-2025-review.md").write_text(text, encoding="utf-8")
        malr = root / "reviews/malr-joint-w-2025.md"
        malr.write_text(malr.read_text().replace("id: think-family", "id: think-whole-family"))
        (root / "links/redirects.yml").write_text(
            "lcspr-child-v-2025: lcspr-child-v-2025-review\n"
            "lcspr-child-v-2025#learning-was-not-brought: "
            "lcspr-child-v-2025-review#learning-not-brought\n"
            "malr-joint-w-2025#learning-think-family: "
            "malr-joint-w-2025#learning-think-whole-family\n",
            encoding="utf-8",
        )
        assert lif(["permalinks", "--root", str(root), "--update"]) == 0
    site_dir = root.parent / "site"
    result = run_build(root, site_dir)
    assert result.returncode == 0, result.stderr
    server, url = serve(site_dir)
    yield url
    server.shutdown()


def test_an_old_address_with_a_renamed_learning_point_lands_on_it(
    page: Page, renamed_site: str
) -> None:
    page.goto(renamed_site + "reviews/lcspr-child-v-2025/#learning-was-not-brought")
    page.wait_for_url("**/reviews/lcspr-child-v-2025-review/#learning-not-brought")
    assert page.locator("#learning-not-brought").is_visible()


def test_an_old_address_with_an_unchanged_anchor_keeps_it(page: Page, renamed_site: str) -> None:
    page.goto(renamed_site + "reviews/lcspr-child-v-2025/#key-learning")
    page.wait_for_url("**/reviews/lcspr-child-v-2025-review/#key-learning")
    page.goto(renamed_site + "reviews/lcspr-child-v-2025/")
    page.wait_for_url("**/reviews/lcspr-child-v-2025-review/")


def test_a_renamed_anchor_on_the_same_page_is_followed(page: Page, renamed_site: str) -> None:
    page.goto(renamed_site + "reviews/malr-joint-w-2025/#learning-think-family")
    page.wait_for_url("**/reviews/malr-joint-w-2025/#learning-think-whole-family")
    assert page.locator("#learning-think-whole-family").is_visible()


def test_a_review_prints_without_navigation_and_with_document_addresses(
    page: Page, site_url: str
) -> None:
    site = load_site(REPO)
    review = next(
        r
        for r in site.reviews
        if isinstance(r, Review)
        and r.status == "published"
        and any(d.url.startswith("https://") for d in r.documents)
    )
    page.goto(site_url + item_path(review))
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator("a.lif-permalink").first.is_visible()
    after = page.evaluate(
        """() => {
            const a = document.querySelector('.lif-item--review a[href^="https://"]');
            return [a.href, getComputedStyle(a, '::after').content];
        }"""
    )
    assert after[0] in after[1]


def test_the_print_view_of_a_theme_prints_from_the_keyboard(page: Page, site_url: str) -> None:
    page.goto(site_url + "themes/neglect/print/")
    button = page.get_by_role("button", name="Print this page")
    assert button.is_visible()
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }")
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__printed") == 1
    page.emulate_media(media="print")
    assert not button.is_visible()
    assert page.locator(".lif-print-item").count() >= 1
    assert page.locator(".lif-print-url").first.is_visible()


@pytest.mark.parametrize("path", ["for-trainers/", "themes/neglect/print/", "themes/neglect/"])
def test_the_trainers_pages_pass_axe(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
