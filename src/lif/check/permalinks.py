"""Permanent-link rules: every public address stays reachable, or is redirected.

The addresses that must stay are those of the record (``links/published.yml``: every address
that was ever public, written by the site workflow after each deployment) and, when a change is
compared with its base (``lif check --base REF``, as the pull-request check does), every address
public on that base. A new item needs nothing else: its address is protected from the moment it
is public on the base branch, and recorded by the next deployment.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from lif.load.content import content_files
from lif.load.links import load_link_data
from lif.model.content import Item
from lif.model.library import CheckContext
from lif.model.links import (
    RECORD_FILE,
    REDIRECTS_FILE,
    LinkData,
    RecordEntry,
    base_addresses,
    page_anchors,
    resolve,
    unsafe_link_problems,
)
from lif.model.problems import Problem
from lif.model.publication import why_unpublished


def rule_permanent_links(ctx: CheckContext) -> Iterator[Problem]:
    """No public address breaks: a renamed or deleted item, learning point or recommendation
    needs a redirect, so that links in course material keep leading to the learning."""
    if ctx.root is None:
        return
    links = load_link_data(ctx.root)
    yield from links.problems
    yield from unsafe_link_problems(links)
    items = ctx.library.by_id()
    yield from _check_redirects(ctx, links, items)
    if not links.readable:
        return  # nothing is known of the redirects: every old address would seem broken
    record = links.record or {}
    for entry in record.values():
        if entry.since is not None and entry.since > ctx.today:
            continue  # never public yet: renaming it breaks nothing
        yield from _check_kept(ctx, links, items, entry)
    if ctx.base is None:
        return
    for entry in base_addresses(ctx.base, ctx.today).values():
        recorded = record.get(entry.id)
        if recorded is not None and (recorded.since is None or recorded.since <= ctx.today):
            extra = tuple(a for a in entry.anchors if a not in recorded.anchors)
            if extra:
                yield from _check_anchors(ctx, links, items, entry, extra)
            continue
        yield from _check_kept(ctx, links, items, entry)


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


def _where(entry: RecordEntry) -> tuple[str, int, int, str]:
    """Where a problem with a protected address is reported: its line of the record, or for an
    address public on the base, the file that held it there."""
    if entry.base is None:
        return (RECORD_FILE, entry.line, 1, entry.id)
    return (entry.base_file or REDIRECTS_FILE, 1, 1, entry.id)


def _public_at(entry: RecordEntry, anchor: str | None = None) -> str:
    """'was published at <address>' (the record), or 'is public at <address> on <base>'."""
    address = entry.path + (f"#{anchor}" if anchor else "")
    if entry.base is None:
        return f"was published at {address}"
    return f"is public at {address} on {entry.base} (the branch this change goes into)"


def _check_kept(
    ctx: CheckContext, links: LinkData, items: Mapping[str, Item], entry: RecordEntry
) -> Iterator[Problem]:
    current = items.get(entry.id)
    if current is None:
        if entry.id in _unread_ids(ctx):
            return  # a content file that failed to load is reported on its own
        if resolve(links, items, entry.id) is None:
            yield Problem(
                *_where(entry),
                f"'{entry.id}' {_public_at(entry)} and is no longer in reviews/ or "
                f"briefs/, so links to it would break. If it was renamed, add "
                f"'{entry.id}: <new id>' to {REDIRECTS_FILE}. If it must come off the site, "
                "keep the file and set 'status: withdrawn' (or add a publication hold) "
                "instead of deleting it",
            )
            return
    else:
        reason = why_unpublished(current, ctx.today)
        if reason is not None:
            yield ctx.problem(
                current,
                ("status",),
                f"this item {_public_at(entry)} and is no longer public "
                f"({reason}): links to it will show 'page not found' until it is public again",
                "warning",
            )
    yield from _check_anchors(ctx, links, items, entry, entry.anchors)


def _unread_ids(ctx: CheckContext) -> set[str]:
    """The ids (file names) of content files that failed to load."""
    loaded = {Path(source.path).stem for source in ctx.library.sources.values()}
    return {p.stem for p in content_files(ctx.root)} - loaded if ctx.root else set()


def _check_anchors(
    ctx: CheckContext,
    links: LinkData,
    items: Mapping[str, Item],
    entry: RecordEntry,
    anchors: tuple[str, ...],
) -> Iterator[Problem]:
    current = items.get(entry.id)
    for anchor in anchors:
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
            yield Problem(*_where(entry), f"the anchor '{anchor}' of '{entry.id}' leads nowhere")


def _missing_anchor(ctx: CheckContext, item: Item, entry: RecordEntry, anchor: str) -> Problem:
    kind, _, old_id = anchor.partition("-")
    field_name = "learning" if kind == "learning" else "recommendations"
    noun = "learning point" if kind == "learning" else "recommendation"
    section = "key-learning" if kind == "learning" else "recommendations"
    return ctx.problem(
        item,
        (field_name,),
        f"the {noun} '{old_id}' {_public_at(entry, anchor)} "
        f"and trainers may link to it: keep the id '{old_id}' (its text may change), or add "
        f"'{entry.id}#{anchor}: {item.id}#{kind}-<new id>' to {REDIRECTS_FILE} (or "
        f"'{entry.id}#{anchor}: {item.id}#{section}' if it was removed)",
        label=field_name,
    )
