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


#: The page providers, in order. Each returns pages that no other provider returns.
PROVIDERS: list[Provider] = [item_pages]


def generated_pages(site: Site) -> list[GeneratedPage]:
    """Every generated page of the site; raises ValueError if two providers claim one path."""
    pages: dict[str, GeneratedPage] = {}
    for provider in PROVIDERS:
        for page in provider(site):
            if page.src_uri in pages:
                raise ValueError(f"two generated pages claim {page.src_uri}")
            pages[page.src_uri] = page
    return list(pages.values())
