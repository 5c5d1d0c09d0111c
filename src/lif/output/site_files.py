"""Files written into the built site besides its pages: feeds, packs, catalogues, headers, and
the editor at ``/admin/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lif.index.site import Site
from lif.output.cms import write_editor
from lif.output.feeds import write_feeds
from lif.output.headers import write_headers
from lif.output.packs import write_theme_packs
from lif.output.redirects import write_redirects, write_theme_aliases
from lif.output.search_index import write_catalogue

Writer = Callable[["Site", Path], None]


#: The output writers, in order.
WRITERS: list[Writer] = [
    write_headers,
    write_theme_aliases,
    write_redirects,
    write_theme_packs,
    write_feeds,
    write_catalogue,
    write_editor,
]


def write_outputs(site: Site, site_dir: Path) -> None:
    """Run every writer over the built site folder."""
    for writer in WRITERS:
        writer(site, site_dir)
