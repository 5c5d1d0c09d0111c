"""The permanent-link record written back: ``links/published.yml`` with new addresses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from lif.model.content import Item
from lif.model.links import RECORD_FILE, RecordEntry, recorded_anchors
from lif.model.paths import item_path
from lif.model.publication import is_public, publication_date
from lif.output.files import write_text

RECORD_HEADER = """\
# The record of every address that has been public: ids, paths and learning-point anchors.
# Read by: the checker (`lif check` and every build), which refuses a change that would break a
# published link (a renamed or deleted id, a renamed learning point) unless links/redirects.yml
# says where it went; and by the build, which writes a redirect page at each old address.
# Written by: the site workflow after each deployment (`lif permalinks --update`, committed by
# the workflow), never by hand: a new item needs no line here. Until it is recorded, the
# pull-request check protects its address by comparing with the base branch (`lif check --base`).
# Entries are only ever added. Each entry: the item's id, its `path` on the site, the date it
# was first public (`since`) and the `anchors` of its learning points and recommendations.
# See docs/for-trainers.md and the how-to-publish guide.
"""


def updated_record(
    record: Mapping[str, RecordEntry], items: Iterable[Item], today: dt.date
) -> dict[str, RecordEntry]:
    """The record with every item public ``today`` and its anchors added; nothing that was
    public is dropped.

    An embargoed item, a draft, or an item whose publication hold is in force is not recorded
    before its day: its address may still change freely. Only an entry that was never public
    (its ``since`` is still in the future, as older records held) and whose item is gone is
    dropped: no link to it can exist.
    """
    current = {i.id: i for i in items}
    out: dict[str, RecordEntry] = {}
    for entry in record.values():
        if entry.id not in current and entry.since is not None and entry.since > today:
            continue
        out[entry.id] = entry
    for item in current.values():
        if not is_public(item, today):
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


def write_record(root: Path, record: Mapping[str, RecordEntry]) -> Path:
    """Write ``links/published.yml`` of the project at ``root``; returns its path.

    Raises :class:`lif.output.files.OutputError` if it cannot be written.
    """
    return write_text(root, RECORD_FILE, render_record(record))


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
