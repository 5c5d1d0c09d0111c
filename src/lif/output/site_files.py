"""Files written into the built site besides its pages: feeds, packs, catalogues, headers, and
the editor at ``/admin/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lif.index.site import Site
from lif.output.background import BackgroundWriters, start_writers
from lif.output.cms import write_editor
from lif.output.feeds import write_feeds
from lif.output.headers import write_headers
from lif.output.redirects import write_redirects, write_theme_aliases
from lif.output.search_index import write_catalogue

Writer = Callable[["Site", Path], None]


#: The output writers run after the pages, in order.
WRITERS: list[Writer] = [
    write_headers,
    write_theme_aliases,
    write_redirects,
    write_feeds,
    write_catalogue,
    write_editor,
]


#: The output writers run in a process of their own while the pages are written (the theme
#: packs: :mod:`lif.output.background`), by name.
BACKGROUND_WRITERS = ["theme packs"]


def start_background_outputs(site: Site, site_dir: Path) -> BackgroundWriters:
    """Start the writers of :data:`BACKGROUND_WRITERS` over the site folder; the caller waits
    for them with :meth:`~lif.output.background.BackgroundWriters.finish`."""
    return start_writers(site, site_dir, BACKGROUND_WRITERS)


def write_outputs(site: Site, site_dir: Path) -> None:
    """Run every writer of :data:`WRITERS` over the built site folder."""
    for writer in WRITERS:
        writer(site, site_dir)
