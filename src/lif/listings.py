"""Listings of items: the newest learning, by year, by type, by kind (Markdown/HTML fragments)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Brief, Item, Review
from .publication import publication_date
from .render import esc, link, time_tag
from .site import item_path

if TYPE_CHECKING:
    from .site import Site


def item_kind_label(site: Site, item: Item) -> str:
    """What an item is, in words: its review type or its kind of brief."""
    if isinstance(item, Review):
        return site.vocab.review_types.label(item.review_type)
    assert isinstance(item, Brief)
    return site.vocab.kinds.label(item.kind)


def render_item_card(site: Site, page: str, item: Item, heading_level: int = 3) -> str:
    """One item in a listing: title link, what it is, board, date and summary."""
    h = f"h{heading_level}"
    return (
        f'<li class="lif-card">'
        f'<{h} class="lif-card-title">{link(page, item_path(item), item.title)}</{h}>'
        f'<p class="lif-card-meta">{esc(item_kind_label(site, item))} · '
        f"{esc(site.vocab.boards.label(item.board))} · {time_tag(publication_date(item))}</p>"
        f'<p class="lif-card-summary">{esc(item.summary)}</p></li>'
    )


def render_cards(site: Site, page: str, items: list[Item], heading_level: int = 3) -> str:
    if not items:
        return '<p class="lif-empty">Nothing published here yet.</p>'
    cards = "".join(render_item_card(site, page, i, heading_level) for i in items)
    return f'<ul class="lif-cards">{cards}</ul>'


def render_latest(site: Site, page: str, count: int = 6) -> str:
    """The newest ``count`` public items."""
    return render_cards(site, page, site.public[:count])
