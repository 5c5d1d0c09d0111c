"""Files written into the built site besides its pages: feeds, packs, catalogues.

Each writer in :data:`WRITERS` is a pure function of the site and the output folder; the build's
glue calls :func:`write_outputs` once, after the pages are written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .export import write_theme_packs
from .feeds import write_feeds
from .permalinks import write_redirects
from .search import write_catalogue
from .security import write_headers
from .themes import write_theme_aliases

if TYPE_CHECKING:
    from .site import Site

Writer = Callable[["Site", Path], None]

#: The output writers, in order.
WRITERS: list[Writer] = [
    write_headers,
    write_theme_aliases,
    write_redirects,
    write_theme_packs,
    write_feeds,
    write_catalogue,
]


def write_outputs(site: Site, site_dir: Path) -> None:
    """Run every writer over the built site folder."""
    for writer in WRITERS:
        writer(site, site_dir)
