"""The generator comparison of scripts/properdocs_check.py finds every kind of difference."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from properdocs_check import compare, requirements


def _site(root: Path, pages: dict[str, str]) -> Path:
    for rel, title in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><head><title>{title}</title></head></html>", encoding="utf-8")
    (root / "sitemap.xml").write_text(f"<urlset>{root.name}</urlset>", encoding="utf-8")
    return root


PAGES = {
    "index.html": "Home",
    "reviews/sar-a/index.html": "Review A",
    "briefs/7mb-b/index.html": "Briefing B",
}


def test_identical_builds_have_no_differences(tmp_path: Path) -> None:
    a, b = _site(tmp_path / "a", PAGES), _site(tmp_path / "b", PAGES)
    assert compare(a, b) == []


def test_a_generator_that_drops_the_mounted_items_fails(tmp_path: Path) -> None:
    a = _site(tmp_path / "a", PAGES)
    b = _site(tmp_path / "b", {"index.html": "Home"})
    problems = compare(a, b)
    assert "only in the mkdocs build: reviews/sar-a/index.html" in problems
    assert "only in the mkdocs build: briefs/7mb-b/index.html" in problems


def test_extra_pages_and_changed_titles_are_reported(tmp_path: Path) -> None:
    a = _site(tmp_path / "a", PAGES)
    b = _site(tmp_path / "b", {**PAGES, "index.html": "Other", "extra/index.html": "X"})
    problems = compare(a, b)
    assert "only in the ProperDocs build: extra/index.html" in problems
    assert "index.html: title 'Home' with mkdocs, 'Other' with ProperDocs" in problems


def test_a_build_without_items_is_itself_a_failure(tmp_path: Path) -> None:
    a = _site(tmp_path / "a", {"index.html": "Home"})
    b = _site(tmp_path / "b", {"index.html": "Home"})
    assert any("nothing was mounted" in p for p in compare(a, b))


@pytest.mark.parametrize("dist", ["mkdocs-material", "mkdocs-macros-plugin"])
def test_the_environment_never_asks_for_mkdocs_itself(dist: str) -> None:
    names = [re.split(r"[<>=!~\s\[]", r, maxsplit=1)[0].lower() for r in requirements(dist)]
    assert names, f"{dist} has no requirements listed: is it installed?"
    assert "mkdocs" not in names
