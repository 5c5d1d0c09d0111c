"""The loaded library (sources with field positions, valid items) and what a check rule sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lif.model.content import Brief, Item, Review
from lif.model.links import BaseSnapshot
from lif.model.problems import Loc, Problem, position_of
from lif.model.vocab import Vocabularies


@dataclass(frozen=True)
class Share:
    """The files one process checks when a check is shared between two processes (see
    :func:`lif.check.rules.check_library`): the rules that look at one file at a time run on
    these files only, and the problems that belong to no content file (a broken
    ``data/allowlist.yml``) are reported by the ``lead`` share alone."""

    paths: frozenset[str]
    lead: bool


@dataclass(frozen=True)
class CheckContext:
    """What a rule may look at."""

    library: Library
    vocab: Vocabularies
    today: dt.date
    #: The project folder (for rules that read project files such as ``data/allowlist.yml``).
    root: Path | None = None
    #: The base a change is compared with (``lif check --base``): its public addresses stay.
    base: BaseSnapshot | None = None
    #: The files this process checks, when the check is shared; None for every file.
    share: Share | None = None
    #: Work that several rules of this check use (each body rendered once), kept by the rule
    #: module that does it, under a name of its own.
    shared_work: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def checks(self, source: Source) -> bool:
        """True if the rules that look at one file at a time look at ``source`` here."""
        return self.share is None or source.path in self.share.paths

    @property
    def leads(self) -> bool:
        """True if this process reports the problems that belong to no content file."""
        return self.share is None or self.share.lead

    def source(self, item: Item) -> Source:
        """The source (file, field positions, body) ``item`` was read from."""
        return self.library.sources[item.id]

    def problem(
        self,
        item: Item,
        loc: tuple[str | int, ...],
        message: str,
        severity: str = "error",
        label: str | None = None,
    ) -> Problem:
        """A problem placed at the field ``loc`` of ``item``."""
        source = self.source(item)
        line, column = source.position(loc)
        name = label or ".".join(str(p) for p in loc) or "front matter"
        return Problem(
            source.path,
            line,
            column,
            name,
            message,
            "warning" if severity == "warning" else "error",
        )


Rule = Callable[[CheckContext], Iterable[Problem]]


#: The content collections: folder name and the model each file is read as.
COLLECTIONS: dict[str, type[Review] | type[Brief]] = {"reviews": Review, "briefs": Brief}


Path_ = Loc


@dataclass
class Source:
    """Where an item came from: its file, the positions of its fields, and its Markdown body."""

    path: str
    body: str
    body_line: int
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: The front matter as read (vocabulary aliases replaced by their keys), before validation.
    front_matter: dict[str, Any] = field(default_factory=dict)
    #: The text, as written, of every unquoted value that YAML 1.1 reads as something else
    #: (``No``, ``on``, ``12:30``): where the model wants text, the text is what was meant.
    texts: dict[Path_, str] = field(default_factory=dict)

    def position(self, loc: Iterable[str | int]) -> tuple[int, int]:
        """Line and column of the field at ``loc``, or of its nearest enclosing field."""
        return position_of(self.positions, loc)


@dataclass
class Library:
    """Every valid item read, the sources they came from, and every problem found.

    ``rejected`` holds the sources of files whose front matter has problems: they are not items,
    but the rules that read only the body (or the text of the fields) still run on them, so that
    one run reports every problem of a file, not the front matter's first.
    """

    items: list[Item]
    sources: dict[str, Source]
    problems: list[Problem]
    rejected: list[Source] = field(default_factory=list)

    def by_id(self) -> dict[str, Item]:
        """Every valid item by its id, public or not."""
        return {item.id: item for item in self.items}

    def rejected_ids(self) -> dict[str, Source]:
        """The ids the rejected files give themselves, with their sources."""
        out: dict[str, Source] = {}
        for source in self.rejected:
            value = source.front_matter.get("id")
            if isinstance(value, str):
                out.setdefault(value, source)
        return out
