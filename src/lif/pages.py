"""Every page the site generates from content and data, as (source path, Markdown) pairs.

A site generator's glue mounts what :func:`generated_pages` returns and nothing else, so moving
to another generator means moving one small loop. Each provider in :data:`PROVIDERS` is a pure
function of the :class:`~lif.site.Site`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .render import render_item_page

if TYPE_CHECKING:
    from .site import Site


@dataclass(frozen=True)
class GeneratedPage:
    """One generated page: its Markdown source path (``reviews/x.md``) and its content."""

    src_uri: str
    content: str


Provider = Callable[["Site"], Iterable[GeneratedPage]]


def item_pages(site: Site) -> Iterable[GeneratedPage]:
    """One page per public review and brief, at the permanent address built from its id."""
    from .site import item_source_uri

    for item in site.public:
        yield GeneratedPage(item_source_uri(item), render_item_page(site, item))


def framework_guide_pages(site: Site) -> Iterable[GeneratedPage]:
    """One guide per review type and per methodology of the data (see :mod:`lif.framework`)."""
    from .framework import framework_pages  # imported here: lif.framework imports this module

    return framework_pages(site)


def library_listing_pages(site: Site) -> Iterable[GeneratedPage]:
    """Reviews by year and type, briefs by kind and audience (see :mod:`lif.listings`)."""
    from .listings import briefing_listing_pages, review_listing_pages  # they import this module

    return [*review_listing_pages(site), *briefing_listing_pages(site)]


def theme_pages(site: Site) -> Iterable[GeneratedPage]:
    """A page per theme of the vocabulary (see :mod:`lif.themes`)."""
    from .themes import theme_pages as _theme_pages  # lif.themes imports this module

    return _theme_pages(site)


def learning_in_practice_pages(site: Site) -> Iterable[GeneratedPage]:
    """The learning-cycle dashboard: overview and one page per board (see :mod:`lif.dashboard`)."""
    from .dashboard import dashboard_pages  # lif.dashboard imports this module

    return dashboard_pages(site)


def theme_print_views(site: Site) -> Iterable[GeneratedPage]:
    """A one-document print view of each theme's learning, for handouts (see :mod:`lif.export`)."""
    from .export import theme_print_pages  # lif.export imports this module

    return theme_print_pages(site)


def search_page(site: Site) -> Iterable[GeneratedPage]:
    """The search page with its facets (see :mod:`lif.search`)."""
    from .search import search_pages  # lif.search imports this module

    return search_pages(site)


#: The page providers, in order. Each returns pages that no other provider returns.
PROVIDERS: list[Provider] = [
    item_pages,
    framework_guide_pages,
    library_listing_pages,
    theme_pages,
    learning_in_practice_pages,
    theme_print_views,
    search_page,
]


def generated_pages(site: Site) -> list[GeneratedPage]:
    """Every generated page of the site; raises ValueError if two providers claim one path."""
    pages: dict[str, GeneratedPage] = {}
    for provider in PROVIDERS:
        for page in provider(site):
            if page.src_uri in pages:
                raise ValueError(f"two generated pages claim {page.src_uri}")
            pages[page.src_uri] = page
    return list(pages.values())
