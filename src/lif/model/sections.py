"""The ``##`` sections of a body (a seven-minute briefing has exactly seven)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_SECTION = re.compile(r"^##\s+\S")


_FENCE = re.compile(r"^(```|~~~)")


def body_sections(body: str) -> list[tuple[int, str]]:
    """The ``##`` headings of a Markdown body (outside code blocks), with their line offsets."""
    sections: list[tuple[int, str]] = []
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and _SECTION.match(line):
            sections.append((offset, line[2:].strip().rstrip("#").strip()))
    return sections


#: The usual sections of a seven-minute briefing, in order, as ``lif new seven-minute-briefing``
#: writes them (its template, ``src/lif/templates/new-seven-minute-briefing.md``). A briefing may
#: word its headings differently; these are what a missing or extra section is compared with.
SEVEN_MINUTE_SECTIONS = (
    "Background",
    "Why it matters",
    "What the review found",
    "Key learning",
    "Things to remember",
    "Questions to reflect on",
    "What to do next",
)


_NUMBERING = re.compile(r"^\s*(?:(?:section|step)\s+)?(\d+)\s*[.):\-\u2013\u2014]?\s*", re.I)


def _words(heading: str) -> tuple[int | None, str]:
    """A heading's number (``3.``), if it has one, and its words in lower case."""
    match = _NUMBERING.match(heading)
    number = int(match.group(1)) if match else None
    rest = heading[match.end() :] if match else heading
    return number, " ".join(re.findall(r"[a-z0-9]+", rest.lower()))


def _similarity(heading: str, position: int, usual: str) -> float:
    """How alike a heading and the usual heading at ``position`` (1-based) are, from 0 to about 1:
    the likeness of their words, and a little more if the heading carries that number."""
    number, words = _words(heading)
    ratio = difflib.SequenceMatcher(None, words, _words(usual)[1]).ratio()
    return ratio + (0.1 if number == position else 0.0)


def _unmatched(short: int, long: int, score: Callable[[int, int], float]) -> list[int]:
    """Match every one of ``short`` entries, in order, to one of ``long`` entries (``short`` <=
    ``long``), making the sum of ``score(short_index, long_index)`` greatest; return the indices
    of ``long`` left unmatched, in order."""
    worst = float("-inf")
    best = [[worst] * (long + 1) for _ in range(short + 1)]
    best[0] = [0.0] * (long + 1)
    for i in range(1, short + 1):
        for j in range(i, long + 1):
            skip = best[i][j - 1]
            take = best[i - 1][j - 1] + score(i - 1, j - 1)
            best[i][j] = max(skip, take)
    left: list[int] = []
    i, j = short, long
    while j > 0:
        if i > 0 and best[i][j] == best[i - 1][j - 1] + score(i - 1, j - 1):
            i, j = i - 1, j - 1
        else:
            left.append(j - 1)
            j -= 1
    return sorted(left)


@dataclass(frozen=True)
class SectionDifference:
    """How a briefing's sections differ from the usual seven: the usual headings that seem to be
    missing (with their 1-based positions), and the briefing's own headings that seem extra (as
    :func:`body_sections` gives them: line offset and text)."""

    missing: list[tuple[int, str]]
    extra: list[tuple[int, str]]


def compare_sections(
    found: Sequence[tuple[int, str]], usual: Sequence[str] = SEVEN_MINUTE_SECTIONS
) -> SectionDifference:
    """Which of the ``usual`` sections seem missing from ``found`` (the briefing's ``##``
    headings), or which of ``found`` seem extra, matching headings in order by the likeness of
    their words (difflib) so that a briefing that words its headings differently is still read
    right. Only one of the two lists is ever non-empty: the difference in number decides."""
    if len(found) <= len(usual):
        missing = _unmatched(
            len(found), len(usual), lambda i, j: _similarity(found[i][1], j + 1, usual[j])
        )
        return SectionDifference([(j + 1, usual[j]) for j in missing], [])
    extra = _unmatched(
        len(usual), len(found), lambda j, i: _similarity(found[i][1], j + 1, usual[j])
    )
    return SectionDifference([], [found[i] for i in extra])
