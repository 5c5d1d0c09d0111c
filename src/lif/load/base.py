"""The base a change is compared with (``lif check --base REF``): its items and links, read
through git from the commit ``REF`` names, without checking it out."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from lif.load.content import collection_of, read_front_matter
from lif.load.git import files_at
from lif.load.links import parse_link_data
from lif.model.library import COLLECTIONS
from lif.model.links import (
    LINKS_DIR,
    RECORD_FILE,
    REDIRECTS_FILE,
    BaseItem,
    BaseSnapshot,
    base_item,
)


def load_base(root: Path, ref: str) -> BaseSnapshot:
    """The items and links of the project at ``root`` as they are at the commit ``ref``.

    Only what the permanent-link rules need is read of each item
    (:func:`lif.model.links.base_item`), so the base's addresses are known even where its files
    would not pass today's checks.
    Raises :class:`lif.load.git.GitError` if the commit cannot be read.
    """
    files = files_at(root, ref, [*COLLECTIONS, LINKS_DIR])
    links = parse_link_data(files.get(RECORD_FILE), files.get(REDIRECTS_FILE))
    items: dict[str, BaseItem] = {}
    for rel, raw in sorted(files.items()):
        folder = collection_of(rel)
        name = PurePosixPath(rel).name
        if folder is None or not name.endswith(".md") or name.lower() == "readme.md":
            continue
        data, _, _ = read_front_matter(raw, rel)
        item = base_item(data, rel, COLLECTIONS[folder].model_fields["collection"].default)
        if item is not None:
            items.setdefault(item.id, item)
    return BaseSnapshot(ref=ref, items=items, links=links)
