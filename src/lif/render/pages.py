"""Every page the site generates from content and data, as (source path, Markdown) pairs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable

from lif.index.site import Site
from lif.load.settings import site_settings
from lif.model.content import Item
from lif.model.memo import Identity, remembered_by
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
        yield GeneratedPage(item_source_uri(item), _item_page(site, item))


@remembered_by(Identity)
def _fields_of(item: Item) -> str:
    """Every field of an item's front matter, as text (what other items' pages may show)."""
    return item.model_dump_json()


def library_fields_digest(site: Site) -> bytes:
    """A digest of every item's file path and front matter, bodies aside: what an item's page
    shows of the other items (their titles, kinds, dates, addresses), computed once per site."""

    def digest() -> bytes:
        hashed = hashlib.blake2b(digest_size=20)
        for item in site.library.items:
            for part in (site.source_path(item), _fields_of(item)):
                hashed.update(part.encode("utf-8"))
                hashed.update(b"\0")
        return hashed.digest()

    return site.cached("library fields digest", digest)


def _item_page_key(site: Site, item: Item) -> Hashable:
    """Everything an item's page is made from: the item, its body and path, the vocabularies,
    the day, and the front matter of every item (never another item's body)."""
    source = site.library.sources[item.id]
    return (
        Identity(item),
        source.body,
        source.path,
        Identity(site.vocab),
        site.today,
        site.root,
        library_fields_digest(site),
    )


@remembered_by(_item_page_key)
def _item_page(site: Site, item: Item) -> str:
    """The Markdown of an item's page (:func:`lif.render.item.render_item_page`); the preview
    keeps it while nothing it is made from changes."""
    return render_item_page(site, item)


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


def _provided_key(site: Site, provider: Provider) -> Hashable:
    """Everything the pages of a provider other than :func:`item_pages` are made from: the
    vocabularies, the day, the site's settings and the front matter of every item (no provider
    but :func:`item_pages` shows a body)."""
    return (
        provider,
        Identity(site.vocab),
        site.today,
        site.root,
        site_settings(site.root),
        library_fields_digest(site),
    )


@remembered_by(_provided_key)
def _provided(site: Site, provider: Provider) -> list[GeneratedPage]:
    """The pages of ``provider``; the preview keeps them while nothing they are made from
    changes."""
    return list(provider(site))


def generated_pages(
    site: Site, made_elsewhere: Callable[[Item], str] | None = None
) -> list[GeneratedPage]:
    """Every generated page of the site; raises ValueError if two providers claim one path.

    With ``made_elsewhere``, the item pages' Markdown is asked of it (a second process makes
    them while this one makes the other pages: see ``macros/hooks.py``) once the other pages
    are made; the pages and their order are the same.
    """
    made: dict[Provider, Iterable[GeneratedPage]] = {}
    if made_elsewhere is not None:
        for provider in PROVIDERS:
            if provider is not item_pages:
                made[provider] = list(_provided(site, provider))
        made[item_pages] = [
            GeneratedPage(item_source_uri(item), made_elsewhere(item)) for item in site.public
        ]
    pages: dict[str, GeneratedPage] = {}
    for provider in PROVIDERS:
        if provider in made:
            provided = made[provider]
        else:
            provided = provider(site) if provider is item_pages else _provided(site, provider)
        for page in provided:
            if page.src_uri in pages:
                raise ValueError(f"two generated pages claim {page.src_uri}")
            pages[page.src_uri] = page
    return list(pages.values())
