"""Permanent links: every published address keeps working, through renames, for ever.

An item's address comes from its id (``reviews/<id>/``), and each learning point and
recommendation has an anchor from its own id (``#learning-<id>``, ``#recommendation-<id>``).
Trainers put these links in slides and handouts, so they must never break. Two files in the
project's ``links/`` folder make sure of it:

``links/published.yml``
    The record of every address that has been published: each item's id, its path, the date it
    was first public, and the anchors of its learning points and recommendations. Entries are
    only ever added (by ``lif permalinks --update``), never removed.
``links/redirects.yml``
    Where old ids and anchors went: ``old-id: new-id`` for a renamed item,
    ``review-id#learning-old: review-id#learning-new`` for a renamed learning point.

The checker (:func:`rule_permanent_links`) compares the record with the content: a published
address that no longer exists and has no redirect is an error, and so is a published item that
is not in the record yet. The build writes a small page at each old address that sends readers
on, keeping the ``#learning-...`` part of the link (:func:`write_redirects`).

A project without ``links/published.yml`` has no published history: the checks are off until
``lif permalinks --update`` creates the record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .loader import content_files
from .models import Brief, Item, Review
from .problems import Problem
from .publication import publication_date, why_unpublished
from .security import meta_policy
from .urls import relative_url

if TYPE_CHECKING:
    from .checker import CheckContext
    from .site import Site

#: The folder that holds the record of published addresses and the redirects.
LINKS_DIR = "links"
RECORD_FILE = f"{LINKS_DIR}/published.yml"
REDIRECTS_FILE = f"{LINKS_DIR}/redirects.yml"

#: Items with these statuses are (or, on their embargo date, will be) public: they are recorded
#: as soon as they have the status, so that a scheduled build on the embargo date never fails.
RECORDED_STATUSES = frozenset({"published", "withdrawn"})

#: Fixed section anchors of item pages that a redirect may point at.
SECTION_ANCHORS = {
    "review": ("key-learning", "recommendations", "documents", "briefings", "the-review"),
    "brief": ("source-reviews", "reflective-questions"),
}

#: The map of in-page anchor redirects the site's script reads, in the built site.
ANCHOR_MAP_FILE = "redirects.json"

#: The script that redirect pages and item pages load (a file of the site: the Content Security
#: Policy allows no inline script).
SCRIPT_PATH = "assets/trainers.js"

RECORD_HEADER = """\
# The record of every published address: ids, paths and learning-point anchors.
# Read by: the checker (`lif check` and every build), which refuses a change that would break a
# published link (a renamed or deleted id, a renamed learning point) unless links/redirects.yml
# says where it went; and by the build, which writes a redirect page at each old address.
# Written by: `lif permalinks --update` (run it after publishing, and commit the change). Entries
# are only ever added: never delete one, or links in course material could break unnoticed.
# Each entry: the item's id, its `path` on the site, the date it was first public (`since`) and
# the `anchors` of its learning points and recommendations. To add one by hand, copy the line the
# checker prints. See docs/for-trainers.md and the how-to-publish guide.
"""


def learning_anchor(point_id: str) -> str:
    """The anchor of a learning point on its review's page."""
    return f"learning-{point_id}"


def recommendation_anchor(rec_id: str) -> str:
    """The anchor of a recommendation on its review's page."""
    return f"recommendation-{rec_id}"


def recorded_anchors(item: Item) -> list[str]:
    """The anchors of an item that trainers link to and the record protects, in page order."""
    if not isinstance(item, Review):
        return []
    return [learning_anchor(p.id) for p in item.learning] + [
        recommendation_anchor(r.id) for r in item.recommendations
    ]


def page_anchors(item: Item, body: str) -> set[str]:
    """Every anchor a redirect may point at on the item's page."""
    from .checker import body_sections  # the checker imports this module for its rule

    anchors = set(recorded_anchors(item))
    anchors.update(SECTION_ANCHORS[item.collection])
    if isinstance(item, Brief) and item.kind == "seven-minute-briefing":
        anchors.update(f"section-{n}" for n in range(1, len(body_sections(body)) + 1))
    return anchors


def item_path(item: Item) -> str:
    """The permanent path of an item's page (see :func:`lif.site.item_path`)."""
    from .site import item_path as site_item_path  # lif.site imports the checker, which imports us

    return site_item_path(item)


def esc(value: Any) -> str:
    """Escape a value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


# --------------------------------------------------------------------------------------------
# The site's published address (mkdocs.yml read as plain YAML: this library never imports the
# generator).
# --------------------------------------------------------------------------------------------


#: The C parser when PyYAML has it: the record grows with the library.
_FastLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that reads ``!ENV`` tags and ignores the generator's Python tags."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names: list[Any]
    if isinstance(node, yaml.SequenceNode):
        names = loader.construct_sequence(node)
    elif isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    else:
        return None
    for name in names[:-1] if len(names) > 1 else names:
        value = os.environ.get(str(name))
        if value:
            return value
    return names[-1] if len(names) > 1 else None


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteSettings:
    """What the site's generator settings say about where and what the site is."""

    site_url: str | None
    site_name: str
    site_description: str = ""


def site_settings(root: Path) -> SiteSettings:
    """``site_url``, ``site_name`` and ``site_description`` from the project's ``mkdocs.yml``."""
    path = Path(root) / "mkdocs.yml"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _read_site_settings(str(path), stamp, tuple(sorted(os.environ.items())))


# Packs, feeds and print views all ask; the file is read again only when it (or the environment
# its ``!ENV`` tags read) has changed.
@lru_cache(maxsize=8)
def _read_site_settings(
    path: str, stamp: int, environment: tuple[tuple[str, str], ...]
) -> SiteSettings:
    try:
        text = Path(path).read_text(encoding="utf-8")
        raw = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506
    except (OSError, yaml.YAMLError):
        raw = None
    raw = raw if isinstance(raw, dict) else {}
    url = raw.get("site_url")
    return SiteSettings(
        site_url=str(url) if url else None,
        site_name=str(raw.get("site_name") or "Safeguarding learning"),
        site_description=str(raw.get("site_description") or ""),
    )


def absolute_url(base_url: str, path: str) -> str:
    """The absolute address of a site path (``reviews/x/#learning-y``) under ``base_url``."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def permanent_url(base_url: str, item: Item, anchor: str | None = None) -> str:
    """The permanent address of an item, or of one anchor on its page."""
    return absolute_url(base_url, item_path(item) + (f"#{anchor}" if anchor else ""))


# --------------------------------------------------------------------------------------------
# The record and the redirects
# --------------------------------------------------------------------------------------------


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


def _compose(path: Path, rel: str) -> tuple[yaml.Node | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(rel, 1, 1, "file", "is not UTF-8 text: save it as UTF-8")]
    try:
        return yaml.compose(text, Loader=_FastLoader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or "the YAML cannot be read"
        return None, [
            Problem(
                rel,
                line,
                column,
                "file",
                f"broken YAML: {reason}; check the indentation and colons on this line",
            )
        ]


def _scalar(node: yaml.Node, loader: Any) -> Any:
    return loader.construct_object(node, deep=True)


def _mapping_pairs(
    node: yaml.Node | None, rel: str, what: str
) -> tuple[list[tuple[yaml.Node, yaml.Node]], list[Problem]]:
    """The key/value nodes of a top-level mapping; duplicate keys are problems."""
    if node is None:
        return [], []
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1
        return [], [Problem(rel, line, 1, "file", f"must be a list of '{what}' lines")]
    seen: dict[str, int] = {}
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        line = key_node.start_mark.line + 1
        if key in seen:
            problems.append(
                Problem(
                    rel,
                    line,
                    1,
                    key,
                    f"'{key}' is listed twice (also on line {seen[key]}): keep one entry",
                )
            )
            continue
        seen[key] = line
        pairs.append((key_node, value_node))
    return pairs, problems


def _parse_record(node: yaml.Node | None, rel: str) -> tuple[dict[str, RecordEntry], list[Problem]]:
    pairs, problems = _mapping_pairs(node, rel, "id: {path: ..., since: ..., anchors: [...]}")
    record: dict[str, RecordEntry] = {}
    loader = _FastLoader("")
    for key_node, value_node in pairs:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        value = _scalar(value_node, loader)
        if not isinstance(value, dict) or not isinstance(value.get("path"), str):
            problems.append(
                Problem(
                    rel,
                    line,
                    1,
                    key,
                    "each entry needs a 'path' (like 'reviews/<id>/'): "
                    "run 'lif permalinks --update' to rewrite the record",
                )
            )
            continue
        since = value.get("since")
        if since is not None and not isinstance(since, dt.date):
            problems.append(
                Problem(rel, line, 1, f"{key}.since", f"'{since}' is not a date: write YYYY-MM-DD")
            )
            since = None
        anchors = value.get("anchors") or []
        if not isinstance(anchors, list) or not all(isinstance(a, str) for a in anchors):
            problems.append(
                Problem(
                    rel,
                    line,
                    1,
                    f"{key}.anchors",
                    "must be a list of anchors, like [learning-lp-1, recommendation-rec-1]",
                )
            )
            anchors = []
        record[key] = RecordEntry(key, value["path"], since, tuple(anchors), line)
    return record, problems


def _split(value: str) -> tuple[str, str | None]:
    item_id, sep, anchor = value.strip().partition("#")
    return item_id.strip(), (anchor.strip() or None) if sep else None


def _parse_redirects(node: yaml.Node | None, rel: str) -> tuple[list[Redirect], list[Problem]]:
    pairs, problems = _mapping_pairs(node, rel, "old-id: new-id")
    redirects: list[Redirect] = []
    loader = _FastLoader("")
    for key_node, value_node in pairs:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        value = _scalar(value_node, loader)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(
                    rel,
                    line,
                    1,
                    key,
                    "give the new id, like 'old-id: new-id' (or "
                    "'review-id#learning-old: review-id#learning-new' for a learning point)",
                )
            )
            continue
        source, source_anchor = _split(key)
        target, target_anchor = _split(value)
        redirects.append(Redirect(source, source_anchor, target, target_anchor, line))
    return redirects, problems


def load_link_data(root: Path) -> LinkData:
    """Read ``links/published.yml`` and ``links/redirects.yml`` (each may be absent)."""
    root = Path(root)
    record: dict[str, RecordEntry] | None = None
    redirects: list[Redirect] = []
    problems: list[Problem] = []
    record_path = root / RECORD_FILE
    if record_path.is_file():
        node, found = _compose(record_path, RECORD_FILE)
        problems += found
        record, found = _parse_record(node, RECORD_FILE)
        problems += found
    redirects_path = root / REDIRECTS_FILE
    if redirects_path.is_file():
        node, found = _compose(redirects_path, REDIRECTS_FILE)
        problems += found
        redirects, found = _parse_redirects(node, REDIRECTS_FILE)
        problems += found
    if any(p.field == "file" for p in problems):
        # A file that cannot be read at all: report that alone, not every link it would cover.
        return LinkData(record=None, redirects=[], problems=problems)
    return LinkData(record=record, redirects=redirects, problems=problems)


# --------------------------------------------------------------------------------------------
# Following redirects
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# The checker rule
# --------------------------------------------------------------------------------------------


def entry_line(item: Item, since: dt.date | None, anchors: Iterable[str]) -> str:
    """One line of YAML that records ``item`` (what the checker asks staff to paste)."""
    parts = [f"path: {item_path(item)}"]
    if since:
        parts.append(f"since: {since.isoformat()}")
    parts.append(f"anchors: [{', '.join(anchors)}]")
    return f"{item.id}: {{{', '.join(parts)}}}"


def rule_permanent_links(ctx: CheckContext) -> Iterator[Problem]:
    """No published address breaks: renames need a redirect, new items need recording."""
    if ctx.root is None:
        return
    links = load_link_data(ctx.root)
    yield from links.problems
    items = ctx.library.by_id()
    yield from _check_redirects(ctx, links, items)
    if links.record is None:
        return
    yield from _check_record_kept(ctx, links, items)
    yield from _check_items_recorded(ctx, links.record)


def _check_redirects(
    ctx: CheckContext, links: LinkData, items: Mapping[str, Item]
) -> Iterator[Problem]:
    for redirect in links.redirects:
        where = (REDIRECTS_FILE, redirect.line, 1, redirect.key)
        if redirect.source_anchor is None and redirect.source in items:
            path = ctx.library.sources[redirect.source].path
            yield Problem(
                *where,
                f"'{redirect.source}' is the id of {path}, so its address is in use: remove "
                "this redirect (or rename that item)",
            )
            continue
        final = resolve(links, items, redirect.target, redirect.target_anchor)
        if final is None:
            yield Problem(
                *where,
                f"no review or brief has the id '{redirect.target}' (and no redirect leads from "
                "it to one): give the current id of the item that replaces it",
            )
            continue
        body = ctx.library.sources[final.item.id].body
        if final.anchor is not None and final.anchor not in page_anchors(final.item, body):
            known = ", ".join(sorted(page_anchors(final.item, body)))
            yield Problem(
                *where,
                f"'{final.item.id}' has no anchor '{final.anchor}'; its anchors are: {known}",
            )
            continue
        reason = why_unpublished(final.item, ctx.today)
        if reason is not None:
            yield Problem(
                *where,
                f"'{final.item.id}' is not public ({reason}): this old address will not lead "
                "anywhere until it is",
                "warning",
            )


def _check_record_kept(
    ctx: CheckContext, links: LinkData, items: Mapping[str, Item]
) -> Iterator[Problem]:
    assert links.record is not None
    # A content file that failed to load is reported on its own; its id is not "missing".
    loaded = {Path(source.path).stem for source in ctx.library.sources.values()}
    unread = {p.stem for p in content_files(ctx.root)} - loaded if ctx.root else set()
    for entry in links.record.values():
        if entry.since is not None and entry.since > ctx.today:
            continue  # never public yet: renaming it breaks nothing
        where = (RECORD_FILE, entry.line, 1, entry.id)
        current = items.get(entry.id)
        if current is None:
            if entry.id in unread:
                continue
            if resolve(links, items, entry.id) is None:
                yield Problem(
                    *where,
                    f"'{entry.id}' was published at {entry.path} and is no longer in reviews/ or "
                    f"briefs/, so links to it would break. If it was renamed, add "
                    f"'{entry.id}: <new id>' to {REDIRECTS_FILE}. If it must come off the site, "
                    "keep the file and set 'status: withdrawn' (or add a publication hold) "
                    "instead of deleting it",
                )
                continue
        else:
            reason = why_unpublished(current, ctx.today)
            if reason is not None:
                yield ctx.problem(
                    current,
                    ("status",),
                    f"this item was published at {entry.path} and is no longer public "
                    f"({reason}): links to it will show 'page not found' until it is public again",
                    "warning",
                )
        for anchor in entry.anchors:
            final = resolve(links, items, entry.id, anchor)
            if final is not None and (
                final.anchor is None
                or final.anchor in page_anchors(final.item, ctx.library.sources[final.item.id].body)
            ):
                continue
            target = final.item if final is not None else current
            if target is not None:
                yield _missing_anchor(ctx, target, entry, anchor)
            else:
                yield Problem(*where, f"the anchor '{anchor}' of '{entry.id}' leads nowhere")


def _missing_anchor(ctx: CheckContext, item: Item, entry: RecordEntry, anchor: str) -> Problem:
    kind, _, old_id = anchor.partition("-")
    field_name = "learning" if kind == "learning" else "recommendations"
    noun = "learning point" if kind == "learning" else "recommendation"
    section = "key-learning" if kind == "learning" else "recommendations"
    return ctx.problem(
        item,
        (field_name,),
        f"the {noun} '{old_id}' was published at {entry.path}#{anchor} and trainers may link to "
        f"it: keep the id '{old_id}' (its text may change), or add "
        f"'{entry.id}#{anchor}: {item.id}#{kind}-<new id>' to {REDIRECTS_FILE} (or "
        f"'{entry.id}#{anchor}: {item.id}#{section}' if it was removed)",
        label=field_name,
    )


def _check_items_recorded(
    ctx: CheckContext, record: Mapping[str, RecordEntry]
) -> Iterator[Problem]:
    for item in ctx.library.items:
        if item.status not in RECORDED_STATUSES:
            continue
        entry = record.get(item.id)
        anchors = recorded_anchors(item)
        if entry is None:
            yield ctx.problem(
                item,
                ("id",),
                f"this item is published but its address is not in {RECORD_FILE}, so nothing "
                "would stop a later change from breaking links to it: run 'lif permalinks "
                f"--update', or add this line to {RECORD_FILE}: "
                f"{entry_line(item, publication_date(item), anchors)}",
            )
            continue
        missing = [a for a in anchors if a not in entry.anchors]
        if missing:
            yield ctx.problem(
                item,
                ("learning",) if missing[0].startswith("learning-") else ("recommendations",),
                f"new anchors {', '.join(missing)} are not in {RECORD_FILE}: run 'lif permalinks "
                f"--update', or add them to the anchors of '{item.id}' there",
            )


# --------------------------------------------------------------------------------------------
# Keeping the record: ``lif permalinks [--update]``
# --------------------------------------------------------------------------------------------


def updated_record(
    record: Mapping[str, RecordEntry], items: Iterable[Item], today: dt.date
) -> dict[str, RecordEntry]:
    """The record with every published item and anchor added; nothing published is dropped.

    Only an entry that was never public (its ``since`` is still in the future) and whose item is
    gone is dropped: no link to it can exist.
    """
    current = {i.id: i for i in items}
    out: dict[str, RecordEntry] = {}
    for entry in record.values():
        if entry.id not in current and entry.since is not None and entry.since > today:
            continue
        out[entry.id] = entry
    for item in current.values():
        if item.status not in RECORDED_STATUSES:
            continue
        anchors = recorded_anchors(item)
        old = out.get(item.id)
        if old is None:
            out[item.id] = RecordEntry(
                item.id, item_path(item), publication_date(item), tuple(anchors)
            )
            continue
        added = tuple(a for a in anchors if a not in old.anchors)
        since = old.since
        if since is not None and since > today:
            since = publication_date(item)  # an embargo moved before the item was ever public
        if added or since != old.since:
            out[item.id] = RecordEntry(old.id, old.path, since, old.anchors + added)
    return dict(sorted(out.items()))


def render_record(record: Mapping[str, RecordEntry]) -> str:
    """The text of ``links/published.yml``."""
    lines = [RECORD_HEADER]
    for entry in record.values():
        lines.append(f"{entry.id}:")
        lines.append(f"  path: {entry.path}")
        if entry.since:
            lines.append(f"  since: {entry.since.isoformat()}")
        if entry.anchors:
            lines.append("  anchors:")
            lines.extend(f"    - {a}" for a in entry.anchors)
        else:
            lines.append("  anchors: []")
    return "\n".join(lines) + "\n"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "permalinks",
        help="keep the record of published addresses (links/published.yml) up to date",
        description=(
            "Compare the record of published addresses with the content. Without --update, "
            "list what is missing from the record and exit 1 if anything is. With --update, "
            "add every published item and learning-point anchor to the record (nothing is ever "
            "removed) so that later renames cannot break links to them."
        ),
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder")
    parser.add_argument("--update", action="store_true", help="write the additions")
    parser.set_defaults(func=run_permalinks)


def run_permalinks(args: argparse.Namespace) -> int:
    from .site import load_site

    root: Path = args.root.resolve()
    site = load_site(root)
    links = load_link_data(root)
    if links.problems:
        for problem in links.problems:
            print(problem.format(), file=sys.stderr)
        print("lif permalinks: fix the problems above first; nothing was changed.", file=sys.stderr)
        return 1
    old = links.record or {}
    new = updated_record(old, site.library.items, site.today)
    changes = _describe_changes(old, new)
    if not changes:
        print(
            f"lif permalinks: {RECORD_FILE} is up to date ({len(new)} address(es)).",
            file=sys.stderr,
        )
        return 0
    for line in changes:
        print(line)
    if not args.update:
        print(
            f"lif permalinks: {RECORD_FILE} is missing the above; run "
            "'lif permalinks --update' to add them.",
            file=sys.stderr,
        )
        return 1
    (root / LINKS_DIR).mkdir(exist_ok=True)
    (root / RECORD_FILE).write_text(render_record(new), encoding="utf-8")
    print(f"lif permalinks: updated {RECORD_FILE}; commit it with your change.", file=sys.stderr)
    return 0


def _describe_changes(old: Mapping[str, RecordEntry], new: Mapping[str, RecordEntry]) -> list[str]:
    out: list[str] = []
    for key, entry in new.items():
        before = old.get(key)
        if before is None:
            out.append(f"+ {key} ({entry.path}, {len(entry.anchors)} anchor(s))")
        elif before != entry:
            added = [a for a in entry.anchors if a not in before.anchors]
            if added:
                out.append(f"+ {key}: {', '.join(added)}")
            if before.since != entry.since:
                out.append(f"~ {key}: first public on {entry.since}")
    out += [f"- {key} (never public, no longer in the content)" for key in old if key not in new]
    return out


# --------------------------------------------------------------------------------------------
# Redirect pages in the built site
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RedirectPage:
    """A page at an old address that sends readers to the item's permanent address."""

    path: str
    target: Item
    target_anchor: str | None
    anchors: Mapping[str, str]


def redirect_pages(site: Site, links: LinkData) -> list[RedirectPage]:
    """The redirect pages the site needs: old ids, and items whose collection changed."""
    items = site.library.by_id()
    public = site.by_id
    pages: dict[str, RedirectPage] = {}
    record = links.record or {}
    for redirect in links.item_redirects.values():
        final = resolve(links, items, redirect.source)
        if final is None or final.item.id not in public:
            continue
        entry = record.get(redirect.source)
        collection = item_path(final.item).split("/", 1)[0]
        path = entry.path if entry else f"{collection}/{redirect.source}/"
        pages[path] = RedirectPage(
            path, final.item, final.anchor, _anchor_map(links, items, redirect.source)
        )
    for entry in record.values():
        item = public.get(entry.id)
        if item is not None and item_path(item) != entry.path and entry.path not in pages:
            pages[entry.path] = RedirectPage(entry.path, item, None, {})
    return [pages[p] for p in sorted(pages)]


def _anchor_map(links: LinkData, items: Mapping[str, Item], source: str) -> dict[str, str]:
    """For the old id ``source``: where each redirected anchor of its page now is."""
    out: dict[str, str] = {}
    for (item_id, anchor), _ in sorted(links.anchor_redirects.items()):
        if item_id != source:
            continue
        final = resolve(links, items, item_id, anchor)
        if final is not None and final.anchor:
            out[anchor] = final.anchor
    return out


def anchor_redirect_map(site: Site, links: LinkData) -> dict[str, dict[str, str]]:
    """In-page redirects: for each public page, its renamed anchors and where they lead now."""
    items = site.library.by_id()
    out: dict[str, dict[str, str]] = {}
    for (item_id, anchor), _ in sorted(links.anchor_redirects.items()):
        page_item = site.by_id.get(item_id)
        if page_item is None:
            continue
        final = resolve(links, items, item_id, anchor)
        if final is None or final.item.id not in site.by_id:
            continue
        to_path = item_path(final.item) + (f"#{final.anchor}" if final.anchor else "")
        out.setdefault(item_path(page_item), {})[anchor] = to_path
    return out


def render_redirect_page(site: Site, page: RedirectPage, base_url: str | None) -> str:
    """The HTML of a redirect page: a script keeps the link's anchor; a plain link without it."""
    target_path = item_path(page.target)
    href = relative_url(page.path, target_path)
    fallback = relative_url(
        page.path, target_path + (f"#{page.target_anchor}" if page.target_anchor else "")
    )
    script = relative_url(page.path, SCRIPT_PATH)
    canonical = (
        f'<link rel="canonical" href="{esc(absolute_url(base_url, target_path))}">\n'
        if base_url
        else ""
    )
    anchors = json.dumps(dict(page.anchors), sort_keys=True)
    return (
        "<!doctype html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(meta_policy())}">\n'
        f"<title>Moved: {esc(page.target.title)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{canonical}"
        f'<script src="{esc(script)}" data-lif-redirect="{esc(href)}" '
        f'data-lif-anchor="{esc(page.target_anchor or "")}" '
        f'data-lif-anchors="{esc(anchors)}"></script>\n'
        f'<noscript><meta http-equiv="refresh" content="0; url={esc(fallback)}"></noscript>\n'
        '</head>\n<body>\n<main data-pagefind-ignore="all">\n'
        f'<p>This page has moved to <a href="{esc(fallback)}">{esc(page.target.title)}</a>.</p>\n'
        "</main>\n</body>\n</html>\n"
    )


def write_redirects(site: Site, site_dir: Path) -> None:
    """Write a redirect page at every old address, and the map of renamed anchors."""
    links = load_link_data(site.root)
    base_url = site_settings(site.root).site_url
    for page in redirect_pages(site, links):
        out = site_dir / page.path / "index.html"
        if out.exists():
            continue  # a real page is there; the checker reports the clash
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_redirect_page(site, page, base_url), encoding="utf-8")
    anchor_map = anchor_redirect_map(site, links)
    (site_dir / ANCHOR_MAP_FILE).write_text(
        json.dumps(anchor_map, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
