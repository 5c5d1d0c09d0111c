"""Permanent links as data: recorded addresses, redirects, and how an old address resolves."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from lif.model.content import SLUG_PATTERN, Brief, Item, Review
from lif.model.paths import (
    SECTION_ANCHORS,
    item_path,
    learning_anchor,
    recommendation_anchor,
    unsafe_path_reason,
)
from lif.model.problems import Problem
from lif.model.sections import body_sections

#: The folder that holds the record of published addresses and the redirects.
LINKS_DIR = "links"


RECORD_FILE = f"{LINKS_DIR}/published.yml"


REDIRECTS_FILE = f"{LINKS_DIR}/redirects.yml"


#: Items with these statuses are (or, on their embargo date, will be) public: they are recorded
#: as soon as they have the status, so that a scheduled build on the embargo date never fails.
RECORDED_STATUSES = frozenset({"published", "withdrawn"})


#: The map of in-page anchor redirects the site's script reads, in the built site.
ANCHOR_MAP_FILE = "redirects.json"


#: The script that redirect pages and item pages load (a file of the site: the Content Security
#: Policy allows no inline script).
SCRIPT_PATH = "assets/trainers.js"


def recorded_anchors(item: Item) -> list[str]:
    """The anchors of an item that trainers link to and the record protects, in page order."""
    if not isinstance(item, Review):
        return []
    return [learning_anchor(p.id) for p in item.learning] + [
        recommendation_anchor(r.id) for r in item.recommendations
    ]


def page_anchors(item: Item, body: str) -> set[str]:
    """Every anchor a redirect may point at on the item's page."""

    anchors = set(recorded_anchors(item))
    anchors.update(SECTION_ANCHORS[item.collection])
    if isinstance(item, Brief) and item.kind == "seven-minute-briefing":
        anchors.update(f"section-{n}" for n in range(1, len(body_sections(body)) + 1))
    return anchors


@dataclass(frozen=True)
class RecordEntry:
    """One published address: an item's id, path, first public date and anchors."""

    id: str
    path: str
    since: dt.date | None
    anchors: tuple[str, ...]
    line: int = 1


@dataclass(frozen=True)
class Redirect:
    """``source[#source_anchor]`` now lives at ``target[#target_anchor]``."""

    source: str
    source_anchor: str | None
    target: str
    target_anchor: str | None
    line: int = 1

    @property
    def key(self) -> str:
        return self.source + (f"#{self.source_anchor}" if self.source_anchor else "")


@dataclass
class LinkData:
    """The record (None when the project has none) and the redirects, with their problems."""

    record: dict[str, RecordEntry] | None
    redirects: list[Redirect] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @cached_property
    def item_redirects(self) -> dict[str, Redirect]:
        return {r.source: r for r in self.redirects if r.source_anchor is None}

    @cached_property
    def anchor_redirects(self) -> dict[tuple[str, str], Redirect]:
        return {(r.source, r.source_anchor): r for r in self.redirects if r.source_anchor}


@dataclass(frozen=True)
class Resolved:
    """Where an old address leads: an item of the content and an anchor on its page."""

    item: Item
    anchor: str | None


def resolve(
    links: LinkData, items: Mapping[str, Item], item_id: str, anchor: str | None = None
) -> Resolved | None:
    """Follow redirects from ``item_id#anchor`` to an item; None if they lead nowhere.

    An anchor redirect (``id#old: id#new``) applies first; an item redirect (``old: new``) keeps
    the anchor of the link unless the redirect names one. Chains are followed; a loop leads nowhere.
    """
    by_item = links.item_redirects
    by_anchor = links.anchor_redirects
    seen: set[tuple[str, str | None]] = set()
    while (item_id, anchor) not in seen:
        seen.add((item_id, anchor))
        if anchor is not None and (item_id, anchor) in by_anchor:
            step = by_anchor[(item_id, anchor)]
            item_id, anchor = step.target, step.target_anchor
            continue
        if item_id in items:
            return Resolved(items[item_id], anchor)
        if item_id in by_item:
            step = by_item[item_id]
            item_id = step.target
            anchor = step.target_anchor if step.target_anchor is not None else anchor
            continue
        return None
    return None


def entry_line(item: Item, since: dt.date | None, anchors: Iterable[str]) -> str:
    """One line of YAML that records ``item`` (what the checker asks staff to paste)."""
    parts = [f"path: {item_path(item)}"]
    if since:
        parts.append(f"since: {since.isoformat()}")
    parts.append(f"anchors: [{', '.join(anchors)}]")
    return f"{item.id}: {{{', '.join(parts)}}}"


_ID = re.compile(SLUG_PATTERN)


def unsafe_link_problems(links: LinkData) -> list[Problem]:
    """Entries of ``links/`` that would put a page outside the built site.

    The build writes a redirect page at each recorded ``path`` and at the address of each old id
    in the redirects, so a recorded path must be a relative site address (no ``/`` at the start,
    no ``..``, no backslash...; see :func:`lif.model.paths.unsafe_path_reason`) and an old id
    must be an id (lowercase letters, digits and single hyphens), as every item's id is.
    """
    problems: list[Problem] = []
    for entry in (links.record or {}).values():
        reason = unsafe_path_reason(entry.path)
        if reason is not None:
            problems.append(
                Problem(
                    RECORD_FILE,
                    entry.line,
                    1,
                    f"{entry.id}.path",
                    f"the path '{entry.path}' {reason}: a recorded path is the item's address "
                    f"on the site, relative to the site's root, like 'reviews/{entry.id}/' or "
                    f"'briefs/{entry.id}/'",
                )
            )
    for redirect in links.redirects:
        if not _ID.fullmatch(redirect.source):
            problems.append(
                Problem(
                    REDIRECTS_FILE,
                    redirect.line,
                    1,
                    redirect.key,
                    f"'{redirect.source}' is not an id, so it cannot be an old address: an id is "
                    "lowercase letters, digits and single hyphens, like 'sar-adult-x-2024'; "
                    "write 'old-id: new-id'",
                )
            )
    return problems
