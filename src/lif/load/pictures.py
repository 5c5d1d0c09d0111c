"""The pictures of an item: files in a folder named by its id, beside its Markdown file.

``lif import`` saves a Word document's pictures there (``briefs/<kind>/<id>/image1.png`` beside
``briefs/<kind>/<id>.md``), and the body links to them as ``<id>/image1.png``. The site mounts a
public item's pictures beside its page (``briefs/<id>/image1.png``), where the same link leads.
"""

from __future__ import annotations

from pathlib import Path

#: The picture formats every browser shows and that cannot hold a script (SVG can, so it is not
#: one). Word may hold others (EMF and WMF drawings, SVG), to be saved again as one of these.
WEB_PICTURES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})


def item_pictures(root: Path, source_path: str, item_id: str) -> list[Path]:
    """The pictures beside the item whose file is ``source_path`` (relative to ``root``), in
    the folder named ``item_id`` next to it, sorted; none if there is no such folder."""
    folder = (root / source_path).parent / item_id
    if not folder.is_dir():
        return []
    return sorted(
        path for path in folder.iterdir() if path.is_file() and path.suffix.lower() in WEB_PICTURES
    )
