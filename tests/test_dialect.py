"""The site's Markdown dialect: one pipeline for the build and the checker, the cleaner at its
end, and the limits that keep the work of rendering a body bounded."""

from __future__ import annotations

import re
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]
from types import ModuleType
from typing import Any

import markdown
import pytest
from mkdocs.config import load_config
from support import REPO, review_data, write_item

import lif.check.body
import lif.model.markdown
import lif.model.sanitize
import lif.model.sections
from lif.index.site import load_site
from lif.model.markdown import EXTENSIONS, MAX_NESTING, new_markdown, render_limits
from lif.model.sanitize import clean_page, inspect_content, mark_external_links


def _processors(md: markdown.Markdown) -> dict[str, list[tuple[str, float, str]]]:
    registries = {
        "preprocessors": md.preprocessors,
        "blockprocessors": md.parser.blockprocessors,
        "inlinepatterns": md.inlinePatterns,
        "treeprocessors": md.treeprocessors,
        "postprocessors": md.postprocessors,
    }
    for registry in registries.values():
        registry._sort()  # in order of priority, as the converter runs them
    return {
        name: [
            (item.name, item.priority, type(registry[item.name]).__name__)
            for item in registry._priority
        ]
        for name, registry in registries.items()
    }


def test_the_build_renders_with_exactly_the_checkers_pipeline() -> None:
    """mkdocs' Markdown (its own toc, tables and fenced_code, then mkdocs.yml's extensions) has
    the same processors, in the same order, as the dialect the checker renders bodies with."""
    config = load_config(str(REPO / "mkdocs.yml"))
    assert config.markdown_extensions[-1] == "lif.model.markdown"
    build = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    assert _processors(build) == _processors(new_markdown())
    assert "lif_clean" in [item.name for item in build.postprocessors._priority]


def test_the_dialect_lists_the_sites_extensions_with_their_settings() -> None:
    md = new_markdown()
    toc = next(e for e in md.registeredExtensions if type(e).__name__ == "TocExtension")
    assert toc.getConfig("permalink") is False
    assert list(EXTENSIONS)[:2] == ["abbr", "admonition"]
    html = md.convert("## A heading\n\n!!! note\n    Text with *HTML*.\n\n*[HTML]: HyperText")
    assert '<h2 id="a-heading">A heading</h2>' in html
    assert '<div class="admonition note">' in html
    assert '<abbr title="HyperText">HTML</abbr>' in html


def _nested_or_lazy(pattern: re.Pattern[str]) -> list[str]:
    """The repeats in ``pattern`` that are lazy or hold another repeat (the shapes that
    backtrack for a long time on text that almost matches)."""
    repeats = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT}

    def walk(items: Any, inside: bool) -> list[str]:
        found = []
        for op, arg in items:
            if op in repeats:
                _, high, sub = arg
                if op is sre_parse.MIN_REPEAT:
                    found.append("lazy repeat")
                if inside and high != 1:
                    found.append("nested repeat")
                found += walk(sub, inside or high != 1)
            elif op is sre_parse.SUBPATTERN:
                found += walk(arg[-1], inside)
            elif op is sre_parse.BRANCH:
                for branch in arg[1]:
                    found += walk(branch, inside)
            elif op in {sre_parse.ASSERT, sre_parse.ASSERT_NOT}:
                found += walk(arg[1], inside)
        return found

    return walk(sre_parse.parse(pattern.pattern, pattern.flags), False)


@pytest.mark.parametrize(
    "module", [lif.model.markdown, lif.model.sanitize, lif.check.body, lif.model.sections]
)
def test_no_pattern_that_can_backtrack_runs_over_bodies(module: ModuleType) -> None:
    patterns = {k: v for k, v in vars(module).items() if isinstance(v, re.Pattern)}
    bad = {name: _nested_or_lazy(p) for name, p in patterns.items() if _nested_or_lazy(p)}
    assert bad == {}


def test_the_pattern_test_finds_what_it_looks_for() -> None:
    assert _nested_or_lazy(re.compile(r"<[^>]*?\son")) == ["lazy repeat"]
    assert _nested_or_lazy(re.compile(r"(?:a+b)*")) == ["nested repeat"]
    assert _nested_or_lazy(re.compile(r"`+|[\[\]]")) == []


def test_the_three_rows_of_the_review_are_bounded() -> None:
    [unclosed] = [
        limit.message for limit in render_limits("<a " * 83_000) if "HTML tag" in limit.message
    ]
    assert "write '&lt;' for a less-than sign" in unclosed
    assert render_limits("=a" * 150_000) == []
    assert clean_page(new_markdown().convert("=a" * 150_000)) == "<p>" + "=a" * 150_000 + "</p>"
    nested = "".join("    " * level + "- x\n" for level in range(600))
    [deep] = render_limits(nested)
    assert deep.offset == nested.index("    " * (MAX_NESTING + 1) + "- x")
    assert f"nested {MAX_NESTING + 1} levels deep" in deep.message


def test_ordinary_writing_is_within_every_limit() -> None:
    report = (REPO / "reviews/2022/sar-adult-p-2022.md").read_text(encoding="utf-8")
    assert render_limits(report * 200) == []


def test_the_checker_refuses_deep_nesting_with_a_line_and_no_traceback(project: Path) -> None:
    nested = "".join("    " * level + "- x\n" for level in range(600))
    path = write_item(project, review_data(), body="Intro.\n\n" + nested)
    [problem] = load_site(project).errors
    lines = path.read_text(encoding="utf-8").splitlines()
    assert problem.field == "body"
    assert lines[problem.line - 1] == "    " * (MAX_NESTING + 1) + "- x"
    assert "flatten the list or quote" in problem.message


def test_the_checker_refuses_what_the_renderer_cannot_follow(project: Path) -> None:
    write_item(project, review_data(), body="*" * 3000 + "x" + "*" * 3000 + "\n")
    [problem] = load_site(project).errors
    assert problem.field == "body"
    assert "nested too deeply to render" in problem.message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            '<a title="&lt;a href=https://x.org/&gt;" href="/y">y</a>',
            '<a title="&lt;a href=https://x.org/&gt;" href="/y">y</a>',
        ),
        (
            '<a href="https://x.org/?a=1&amp;b=&quot;2&quot;" title="a b">x</a>',
            '<a href="https://x.org/?a=1&amp;b=&quot;2&quot;" title="a b" '
            'rel="noopener external">x</a>',
        ),
        ('<a rel="noopener" href="//x.org/">x</a>', '<a rel="noopener" href="//x.org/">x</a>'),
        ("<abbr>a </abbr><a>b</a>", "<abbr>a </abbr><a>b</a>"),
    ],
)
def test_links_to_other_sites_are_marked_in_one_pass(source: str, expected: str) -> None:
    assert mark_external_links(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        '<noembed><img title=\'</noembed><img src="x"/onerror="alert(12)">\'></noembed>',
        '<!--><img src="x"/onerror="alert(14)">-->',
    ],
)
def test_markup_read_differently_by_parsers_is_seen_and_cleaned(source: str) -> None:
    found = inspect_content(source).removals
    assert any(r.kind == "attribute" and r.attribute == "onerror" for r in found)
    cleaned = clean_page(source)
    again = inspect_content(cleaned).removals
    assert not any(r.attribute.startswith("on") for r in again), cleaned
    assert clean_page(cleaned) == cleaned
