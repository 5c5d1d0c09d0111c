"""What a built site holds, counted from its files: pages, redirect pages, reviews and briefs,
and the pages of its search index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lif.model.paths import EDITOR_FOLDER
from lif.output.search_index import load_browse_count, load_catalogue

#: What marks a redirect page (renamed items and theme aliases both carry it, in its head).
REDIRECT_MARK = 'http-equiv="refresh"'


@dataclass(frozen=True)
class BuiltSite:
    """Counts of a built site's files, for the build's closing line."""

    #: HTML pages that are not redirects: the generator's pages, with the not-found page (not
    #: the editor's page at /admin/).
    pages: int
    #: Redirect pages, from old addresses of renamed items and theme aliases.
    redirects: int
    #: Published reviews and briefs: the items of the site's catalogue.
    items: int
    #: Pages in the search index: the items and the framework's guides.
    searchable: int


def survey(site_dir: Path) -> BuiltSite:
    """Count the pages, redirect pages and items of the site built into ``site_dir``.

    Raises :class:`lif.output.search_index.SearchIndexError` if the build wrote no catalogue
    or no search index.
    """
    pages = redirects = 0
    mark = REDIRECT_MARK.encode("ascii")
    for path in Path(site_dir).rglob("*.html"):
        if path.relative_to(site_dir).parts[0] == EDITOR_FOLDER:
            continue  # the editor's page is not one of the site's pages
        head = path.read_bytes().partition(b"</head>")[0]
        if mark in head:
            redirects += 1
        else:
            pages += 1
    items = len(load_catalogue(site_dir)["items"])
    searchable = load_browse_count(site_dir)
    return BuiltSite(pages=pages, redirects=redirects, items=items, searchable=searchable)
