"""Feeds of new and updated learning: which public items each feed holds, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lif.index.packs import board_includes
from lif.index.site import Site
from lif.load.settings import site_settings
from lif.model.content import Item
from lif.model.paths import (
    BOARD_FEEDS_DIR,
    SITE_FEED_JSON,
    SITE_FEED_RSS,
    SITE_FEED_STEM,
    absolute_url,
    board_feed_path,
)
from lif.model.publication import publication_date

#: How many entries a feed holds: the newest ones. Readers only show recent entries anyway.
FEED_SIZE = 50


def last_changed(item: Item) -> dt.date:
    """The later of an item's publication and update dates."""
    dates = [d for d in (publication_date(item), item.updated) if d is not None]
    return max(dates) if dates else dt.date.min


def feed_items(site: Site, board: str | None = None, size: int = FEED_SIZE) -> list[Item]:
    """The public items of a feed, newest change first (then by id, for equal dates)."""
    items = [
        i
        for i in site.public
        if i.status != "withdrawn" and (board is None or board_includes(i.board, board))
    ]
    items.sort(key=lambda i: (-last_changed(i).toordinal(), i.id))
    return items[:size]


@dataclass(frozen=True)
class Feed:
    """What a feed is about and where it lives."""

    title: str
    description: str
    home_url: str
    rss_url: str
    json_url: str
    items: list[Item]


def site_feeds(site: Site, base_url: str) -> dict[str, Feed]:
    """Every feed of the site, by the stem of its files (``feeds/all``, ``feeds/<board>``)."""
    settings = site_settings(site.root)
    feeds = {
        SITE_FEED_STEM: Feed(
            title=f"{settings.site_name}: new learning",
            description=settings.site_description or "New and updated learning from reviews.",
            home_url=absolute_url(base_url, ""),
            rss_url=absolute_url(base_url, SITE_FEED_RSS),
            json_url=absolute_url(base_url, SITE_FEED_JSON),
            items=feed_items(site),
        )
    }
    for term in site.vocab.boards:
        feeds[f"{BOARD_FEEDS_DIR}/{term.key}"] = Feed(
            title=f"{settings.site_name}: {term.label}",
            description=term.description or f"New and updated learning: {term.label}.",
            home_url=absolute_url(base_url, ""),
            rss_url=absolute_url(base_url, board_feed_path(term.key, "xml")),
            json_url=absolute_url(base_url, board_feed_path(term.key, "json")),
            items=feed_items(site, term.key),
        )
    return feeds
