"""Every page the site generates from content and data, as (source path, Markdown) pairs."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from lif.index.site import Site
from lif.model.pages import GeneratedPage
from lif.model.paths import item_source_uri
from lif.render.dashboard import dashboard_pages
from lif.render.framework import framework_pages
from lif.render.glossary import glossary_pages
from lif.render.item import render_item_page
from lif.render.listings import briefing_listing_pages, review_listing_pages
from lif.render.packs import theme_print_pages
from lif.render.search import search_pages
from lif.render.themes import theme_pages as _theme_pages

Provider = Callable[["Site"], Iterable[GeneratedPage]]


def item_pages(site: Site) -> Iterable[GeneratedPage]:
    """One page per public review and brief, at the permanent address built from its id."""

    for item in site.public:
        yield GeneratedPage(item_source_uri(item), render_item_page(site, item))


def framework_guide_pages(site: Site) -> Iterable[GeneratedPage]:
    """One guide per review type and per methodology of the data (see :mod:`lif.framework`)."""

    return framework_pages(site)


def library_listing_pages(site: Site) -> Iterable[GeneratedPage]:
    """Reviews by year and type, briefs by kind and audience (see :mod:`lif.listings`)."""

    return [*review_listing_pages(site), *briefing_listing_pages(site)]


def theme_pages(site: Site) -> Iterable[GeneratedPage]:
    """A page per theme of the vocabulary (see :mod:`lif.themes`)."""

    return _theme_pages(site)


def learning_in_practice_pages(site: Site) -> Iterable[GeneratedPage]:
    """The learning-cycle dashboard: overview and one page per board (see :mod:`lif.dashboard`)."""

    return dashboard_pages(site)


def theme_print_views(site: Site) -> Iterable[GeneratedPage]:
    """A one-document print view of each theme's learning, for handouts (see :mod:`lif.export`)."""

    return theme_print_pages(site)


def search_page(site: Site) -> Iterable[GeneratedPage]:
    """The search page with its facets (see :mod:`lif.render.search`)."""

    return search_pages(site)


def glossary_page(site: Site) -> Iterable[GeneratedPage]:
    """The glossary of abbreviations (see :mod:`lif.render.glossary`)."""

    return glossary_pages(site)


#: The page providers, in order. Each returns pages that no other provider returns.
PROVIDERS: list[Provider] = [
    item_pages,
    framework_guide_pages,
    library_listing_pages,
    theme_pages,
    learning_in_practice_pages,
    theme_print_views,
    search_page,
    glossary_page,
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
