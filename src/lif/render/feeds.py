"""The list of the site's feeds, for the trainers' page."""

from __future__ import annotations

from lif.index.site import Site
from lif.model.paths import SITE_FEED_JSON, SITE_FEED_RSS, board_feed_path, relative_url
from lif.render.fragments import esc


def render_feed_list(site: Site, page: str) -> str:
    """The site's feeds as a table for the trainers' page: what each covers, RSS and JSON links."""
    rows = [("All new learning", SITE_FEED_RSS, SITE_FEED_JSON)]
    rows += [
        (term.label, board_feed_path(term.key, "xml"), board_feed_path(term.key, "json"))
        for term in site.vocab.boards
    ]
    body = "".join(
        f'<tr><th scope="row">{esc(label)}</th>'
        f'<td><a href="{esc(relative_url(page, rss))}">RSS<span class="lif-visually-hidden">: '
        f"{esc(label)}</span></a></td>"
        f'<td><a href="{esc(relative_url(page, jsn))}">JSON Feed<span '
        f'class="lif-visually-hidden">: {esc(label)}</span></a></td></tr>'
        for label, rss, jsn in rows
    )
    return (
        '<table class="lif-feeds"><thead><tr><th scope="col">Feed</th><th scope="col">RSS</th>'
        f'<th scope="col">JSON Feed</th></tr></thead><tbody>{body}</tbody></table>'
    )
