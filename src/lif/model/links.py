"""Permanent links as data: recorded addresses, redirects, and how an old address resolves."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from lif.model.content import SLUG_PATTERN, Brief, Hold, Item, Review
from lif.model.paths import (
    COLLECTION_PATHS,
    SECTION_ANCHORS,
    learning_anchor,
    recommendation_anchor,
    unsafe_path_reason,
)
from lif.model.problems import Problem
from lif.model.publication import is_public, publication_date
from lif.model.sections import body_sections

#: The folder that holds the record of published addresses and the redirects.
LINKS_DIR = "links"


RECORD_FILE = f"{LINKS_DIR}/published.yml"


REDIRECTS_FILE = f"{LINKS_DIR}/redirects.yml"


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
    """One published address: an item's id, path, first public date and anchors.

    An entry of the record file has its ``line`` there. An address found public on the base a
    change is compared with (``lif check --base``) has no line; ``base`` names that base and
    ``base_file`` the file that held the item there.
    """

    id: str
    path: str
    since: dt.date | None
    anchors: tuple[str, ...]
    line: int = 1
    base: str | None = None
    base_file: str | None = None


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
        """The old address the redirect is from: ``source`` or ``source#source_anchor``."""
        return self.source + (f"#{self.source_anchor}" if self.source_anchor else "")


@dataclass
class LinkData:
    """The record (None when the project has none) and the redirects, with their problems."""

    record: dict[str, RecordEntry] | None
    redirects: list[Redirect] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: False when a file could not be read at all: then nothing is known of what was published.
    readable: bool = True

    @cached_property
    def item_redirects(self) -> dict[str, Redirect]:
        """The redirects of whole items (``old: new``), by the old id."""
        return {r.source: r for r in self.redirects if r.source_anchor is None}

    @cached_property
    def anchor_redirects(self) -> dict[tuple[str, str], Redirect]:
        """The redirects of anchors (``id#old: id#new``), by the old id and anchor."""
        return {(r.source, r.source_anchor): r for r in self.redirects if r.source_anchor}


T = TypeVar("T")


@dataclass(frozen=True)
class Resolved(Generic[T]):
    """Where an old address leads: an item of the content and an anchor on its page."""

    item: T
    anchor: str | None


def resolve(
    links: LinkData, items: Mapping[str, T], item_id: str, anchor: str | None = None
) -> Resolved[T] | None:
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


@dataclass(frozen=True)
class BaseItem:
    """What the permanent-link rules need to know of an item on the base branch: its address,
    its publication fields and the ids of its anchors. Read leniently (only these fields), so
    that a change to the content models never hides the base's addresses."""

    id: str
    collection: str
    file: str
    status: str
    published: dt.date | None = None
    publish_on: dt.date | None = None
    hold: Hold | None = None
    anchors: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """The item's address on the site, as :func:`lif.model.paths.item_path` gives it."""
        return f"{COLLECTION_PATHS[self.collection]}/{self.id}/"


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _ids(entries: Any) -> list[str]:
    if not isinstance(entries, list):
        return []
    return [e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]


def base_item(data: Any, file: str, collection: str) -> BaseItem | None:
    """What the permanent-link rules need of one content file's front matter ``data`` (as read,
    not validated), in ``collection`` (``review`` or ``brief``); None without a usable id.

    A hold that cannot be read counts as in force: the item is then not taken for public.
    """
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None
    if not _ID.fullmatch(data["id"]):
        return None
    hold = None
    if data.get("hold") is not None:
        try:
            hold = Hold.model_validate(data["hold"])
        except ValidationError:
            hold = Hold(reason="other")
    anchors: list[str] = []
    if collection == "review":
        anchors += [learning_anchor(i) for i in _ids(data.get("learning"))]
        anchors += [recommendation_anchor(i) for i in _ids(data.get("recommendations"))]
    return BaseItem(
        id=data["id"],
        collection=collection,
        file=file,
        status=str(data.get("status") or "draft"),
        published=_date(data.get("published")),
        publish_on=_date(data.get("publish_on")),
        hold=hold,
        anchors=tuple(anchors),
    )


@dataclass(frozen=True)
class BaseSnapshot:
    """The items and links of the base a change is compared with (a branch or commit)."""

    ref: str
    items: Mapping[str, BaseItem]
    links: LinkData


def base_addresses(base: BaseSnapshot, today: dt.date) -> dict[str, RecordEntry]:
    """Every address public on ``base`` today, which a change must keep reachable.

    They are the base's record (links/published.yml) of addresses that were ever public, every
    item public there today (publication rules of :mod:`lif.model.publication`: not a draft,
    past its embargo, no hold in force) with the anchors of its learning points and
    recommendations, and every old address that a redirect of the base leads to such an item.
    """
    public = {key: item for key, item in base.items.items() if is_public(item, today)}
    found: dict[str, tuple[str, dt.date | None, list[str], str | None]] = {}

    def add(item_id: str, path: str, since: dt.date | None, anchors: Iterable[str]) -> None:
        file = base.items[item_id].file if item_id in base.items else None
        old = found.setdefault(item_id, (path, since, [], file))
        old[2].extend(a for a in anchors if a not in old[2])

    for entry in (base.links.record or {}).values():
        if entry.since is None or entry.since <= today:
            add(entry.id, entry.path, entry.since, entry.anchors)
    for item in public.values():
        add(item.id, item.path, publication_date(item), item.anchors)
    for redirect in base.links.redirects:
        final = resolve(base.links, public, redirect.source, redirect.source_anchor)
        if final is None:
            continue
        collection = final.item.path.split("/", 1)[0]
        anchors = [redirect.source_anchor] if redirect.source_anchor else []
        add(redirect.source, f"{collection}/{redirect.source}/", None, anchors)
    return {
        key: RecordEntry(key, path, since, tuple(anchors), 1, base.ref, file)
        for key, (path, since, anchors, file) in sorted(found.items())
    }
