"""Problems found in content, and the two ways they are printed (plain text and GitHub)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

#: Where a value is in a YAML document: the keys and list indexes that lead to it,
#: like ``("learning", 0, "text")``; ``()`` is the document itself.
Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where it is (file, line, column, field) and what to do about it."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        """True for an error (it fails ``lif check`` and the build), False for a warning."""
        return self.severity == "error"

    def format(self) -> str:
        """``path:line:column: field: message``, with ``warning:`` before a warning's message."""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {prefix}{self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the pull request."""
        title = _escape_property(f"{self.field}")
        return (
            f"::{self.severity} file={_escape_property(self.path)},line={self.line},"
            f"col={self.column},title={title}::{_escape_data(self.message)}"
        )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in file order, then line and column: the order a person fixes them in."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.field, p.message))


def position_of(
    positions: Mapping[Loc, tuple[int, int]], loc: Iterable[str | int]
) -> tuple[int, int]:
    """Line and column of the value at ``loc``, or of its nearest enclosing one that has a position
    (a missing field is placed at the fields around it), else of ``()``, else line 1, column 1."""
    key = tuple(loc)
    while key:
        if key in positions:
            return positions[key]
        key = key[:-1]
    return positions.get((), (1, 1))
