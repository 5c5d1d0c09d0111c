"""Files written into the built site besides its pages: feeds, packs, catalogues.

Each writer in :data:`WRITERS` is a pure function of the site and the output folder; the build's
glue calls :func:`write_outputs` once, after the pages are written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .site import Site

Writer = Callable[["Site", Path], None]

#: The output writers, in order.
WRITERS: list[Writer] = []


def write_outputs(site: Site, site_dir: Path) -> None:
    """Run every writer over the built site folder."""
    for writer in WRITERS:
        writer(site, site_dir)
