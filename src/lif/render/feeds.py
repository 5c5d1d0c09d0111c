"""The list of the site's feeds, for the trainers' page (markup in ``feeds/feed_list.html``)."""

from __future__ import annotations

from lif.index.site import Site
from lif.model.paths import SITE_FEED_JSON, SITE_FEED_RSS, board_feed_path
from lif.render.templating import render_template


def render_feed_list(site: Site, page: str) -> str:
    """The site's feeds as a table for the trainers' page: what each covers, RSS and JSON links.

    ``page`` is the site path of the page the table goes on (links are relative to it). One
    row for the whole site, then one per board of the vocabulary.
    """
    feeds = [{"label": "All new learning", "rss": SITE_FEED_RSS, "json": SITE_FEED_JSON}]
    feeds += [
        {
            "label": term.label,
            "rss": board_feed_path(term.key, "xml"),
            "json": board_feed_path(term.key, "json"),
        }
        for term in site.vocab.boards
    ]
    return render_template("feeds/feed_list.html", page=page, feeds=feeds)
