"""The shortcuts that keep the check quick give the answers of the long way round: the
personal-data scan's first looks, the reading of text without markup, and the dialect's lists
of processors kept between changes."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.util import Registry
from support import review_data, write_item

from lif.check import guards
from lif.index.site import load_site
from lif.model import markdown, privacy
from lif.model.markdown import _ListedRegistry, new_markdown, render_markdown
from lif.model.privacy import ALLOWLIST_PROBES, find_personal_data, reader_segments

#: Texts with personal data of each kind, and without: as typed, with pasted characters.
TEXTS = [
    *ALLOWLIST_PROBES,
    "Her NHS number is 9434\u200b765919.",
    "NHS 943\u00a0476\u20115919, seen 3 March 2011",
    "Ring 07700\u2060900123 or write to jane\u200b@example.org",
    "Postcode LE1\u200b6ZG \u2013 the flat",
    "Born 3\u00a0March\u00a02011",
    "sar-adult-d-2024#rec-1",
    "A meeting on 12 May 2024 \u2014 no personal data at all",
    "Dates 2019\u20132021 and 1 in 5 adults",
]


def _keys(findings: list[privacy.Finding]) -> set[tuple[str, str]]:
    return {finding.key for finding in findings}


def _rendered(text: str) -> list[privacy.Finding]:
    return [f for s in reader_segments(render_markdown(text)) for f in find_personal_data(s)]


@pytest.mark.parametrize("text", TEXTS)
def test_text_without_markup_is_read_as_its_rendering_would_be(text: str) -> None:
    found = _keys(find_personal_data(text))
    assert found | _keys(guards._reader_findings(text)) == found | _keys(_rendered(text))


def test_the_texts_hold_personal_data_only_a_reader_would_see() -> None:
    hidden = "Her NHS number is 9434\u200b765919."
    assert find_personal_data(hidden) == []
    assert [f.kind for f in guards._reader_findings(hidden)] == ["nhs-number"]


@pytest.mark.parametrize("text", TEXTS)
def test_a_long_text_has_what_a_short_one_has(text: str) -> None:
    # Texts up to privacy._SHORT characters are first looked at with one search of every
    # detector at once; longer ones by each detector.
    padding = "x " * privacy._SHORT
    short = {(f.kind, f.text) for f in find_personal_data(text)}
    long = {(f.kind, f.text) for f in find_personal_data(padding + text)}
    assert len(text) <= privacy._SHORT < len(padding + text)
    assert short == long


@pytest.mark.parametrize(
    "text", ["No digits, no at sign and no markup here", "Plain \u2013 dashes\u00a0and spaces"]
)
def test_text_that_the_first_look_passes_has_nothing_to_find(text: str) -> None:
    assert guards._MAY_HOLD_PERSONAL_DATA.search(text) is None
    assert find_personal_data(text) == []
    assert _rendered(text) == []


@pytest.mark.parametrize("text", ["jane&commat;example.org", "07700 900123", "a\u200bb"])
def test_text_that_may_hold_personal_data_is_looked_at(text: str) -> None:
    assert guards._MAY_HOLD_PERSONAL_DATA.search(text) is not None


def test_the_dialect_uses_processors_registered_and_removed_after_it_was_made() -> None:
    md = new_markdown(clean=False)
    assert md.convert("a ++b++ c") == "<p>a ++b++ c</p>"
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()\+\+(.+?)\+\+", "ins"), "ins", 200)
    md.reset()
    assert md.convert("a ++b++ c") == "<p>a <ins>b</ins> c</p>"
    assert md.inlinePatterns[0] is md.inlinePatterns["ins"]
    assert next(iter(md.inlinePatterns)) is md.inlinePatterns["ins"]
    md.inlinePatterns.deregister("ins")
    md.reset()
    assert md.convert("a ++b++ c") == "<p>a ++b++ c</p>"
    assert len(list(md.inlinePatterns)) == len(md.inlinePatterns)


def test_a_listed_registry_gives_the_order_of_python_markdowns_own() -> None:
    stock: Registry[str] = Registry()
    listed = _ListedRegistry()
    steps = [("a", 10), ("b", 30), ("c", 10), ("d", 20), ("-b", 0), ("e", 30), ("f", 5)]
    for name, priority in steps:
        for registry in (stock, listed):
            if name.startswith("-"):
                registry.deregister(name[1:])
            else:
                registry.register(name.upper(), name, priority)
        assert list(listed) == list(stock)
        assert [listed[i] for i in range(len(listed))] == [stock[i] for i in range(len(stock))]
    assert list(listed) == ["E", "D", "A", "C", "F"]
    assert listed["c"] == "C"
    assert list(listed[1:3]) == ["D", "A"]


def test_every_registry_of_the_dialect_is_listed() -> None:
    md = new_markdown()
    registries = [
        md.preprocessors,
        md.parser.blockprocessors,
        md.inlinePatterns,
        md.treeprocessors,
        md.postprocessors,
    ]
    assert all(isinstance(registry, _ListedRegistry) for registry in registries)


#: Pieces of Markdown that each limit of the renderer counts.
_PIECES = [" ", "\t", ">", "\n", "\n\n", "|", "`", "``", "*", "_", "[", "]", "!", "<", "&"]
_PIECES += ["\\", "a", "bc", "*[", "<!--", "-->", "    ", "> > > >", "*[A]: b\n"]


def _limits(text: str) -> list[tuple[int, str]]:
    return [(limit.offset, limit.message) for limit in markdown.render_limits(text)]


@pytest.mark.parametrize("seed", range(4))
def test_the_limits_measured_by_whole_counts_are_those_measured_line_by_line(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Budgets small enough for a few thousand characters to reach each of them.
    monkeypatch.setattr(markdown, "MAX_PARTS", 200)
    monkeypatch.setattr(markdown, "MAX_NESTING", 8)
    monkeypatch.setattr(markdown, "INLINE_SCAN_BUDGET", 200_000)
    monkeypatch.setattr(markdown, "BRACKET_SCAN_BUDGET", 3_000)
    monkeypatch.setattr(markdown, "BACKTICK_SCAN_BUDGET", 3_000)
    monkeypatch.setattr(markdown, "ABBREVIATION_SCAN_BUDGET", 4_000)
    rng = random.Random(seed)
    texts = ["".join(rng.choices(_PIECES, k=rng.choice([10, 100, 1000]))) for _ in range(300)]
    texts += [" " * 40 + "x\n", "\t" * 9 + "x\n", "> " * 9 + "x\n", "a|" * 300, "[" * 300]
    shortcut = {
        "_DEEP_INDENT": re.compile(r"^[ \t>]{9,}", re.MULTILINE),
        "_parts_surely_within": markdown._parts_surely_within,
        "_paragraphs_surely_within": markdown._paragraphs_surely_within,
    }
    line_by_line = {
        "_DEEP_INDENT": re.compile(r"^[ \t>]*", re.MULTILINE),
        "_parts_surely_within": lambda text: False,
        "_paragraphs_surely_within": lambda text: False,
    }
    found = []
    for way in (shortcut, line_by_line):
        for name, value in way.items():
            monkeypatch.setattr(markdown, name, value)
        found.append([_limits(text) for text in texts])
    assert found[0] == found[1]
    assert sum(bool(limits) for limits in found[0]) > 50
    assert sum(not limits for limits in found[0]) > 50


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Date of birth:\n> 3\u00a0March 2011", "date-of-birth"),
        ("Date of birth:\n> 3 March 2011", "date-of-birth"),
        ("Date of birth:\n# 3 March 2011", "date-of-birth"),
        ("Date of birth:\n1. 3 March 2011", "date-of-birth"),
        ("Date of birth:\r> 3 March 2011", "date-of-birth"),
        ("Date\u00a0of birth:\n\u2022 3 March 2011", "date-of-birth"),
        ("Date of birth \u2013\n\uf0b7 3 March 2011", "date-of-birth"),
        ("Ring 07700\t900123\u00a0now", "phone"),
        ("Ring 07700\x02900123", "phone"),
    ],
)
def test_what_only_the_page_shows_is_found_in_a_field_and_a_body(
    text: str, kind: str, project: Path
) -> None:
    # Found only once rendered: the scan of the text as written does not see it.
    assert find_personal_data(text) == []
    assert [f.kind for f in guards._reader_findings(text)] == [kind]
    write_item(project, review_data(summary=text), f"Some text.\n\n{text}\n")
    problems = load_site(project, dt.date(2026, 11, 30)).problems
    found = {p.field for p in problems if "looks like" in p.message}
    assert found == {"summary", "body"}
    assert not any("\n" in p.message for p in problems)
