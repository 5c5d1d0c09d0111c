"""Permanent-link rules: every recorded public address stays reachable, or is redirected."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from lif.load.content import content_files
from lif.load.links import load_link_data
from lif.model.content import Item
from lif.model.library import CheckContext
from lif.model.links import (
    RECORD_FILE,
    RECORDED_STATUSES,
    REDIRECTS_FILE,
    LinkData,
    RecordEntry,
    entry_line,
    page_anchors,
    recorded_anchors,
    resolve,
    unsafe_link_problems,
)
from lif.model.problems import Problem
from lif.model.publication import publication_date, why_unpublished


def rule_permanent_links(ctx: CheckContext) -> Iterator[Problem]:
    """No published address breaks: renames need a redirect, new items need recording."""
    if ctx.root is None:
        return
    links = load_link_data(ctx.root)
    yield from links.problems
    yield from unsafe_link_problems(links)
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
