"""The ``##`` sections of a body (a seven-minute briefing has exactly seven)."""

from __future__ import annotations

import re

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
