"""Redirect pages for renamed items: a page that sends the reader to the new address."""

from __future__ import annotations

import json

from lif.index.redirects import RedirectPage
from lif.index.site import Site
from lif.model.links import SCRIPT_PATH
from lif.model.paths import absolute_url, item_path, relative_url
from lif.model.policy import meta_policy
from lif.render.fragments import esc


def render_redirect_page(site: Site, page: RedirectPage, base_url: str | None) -> str:
    """The HTML of a redirect page: a script keeps the link's anchor; a plain link without it."""
    target_path = item_path(page.target)
    href = relative_url(page.path, target_path)
    fallback = relative_url(
        page.path, target_path + (f"#{page.target_anchor}" if page.target_anchor else "")
    )
    script = relative_url(page.path, SCRIPT_PATH)
    canonical = (
        f'<link rel="canonical" href="{esc(absolute_url(base_url, target_path))}">\n'
        if base_url
        else ""
    )
    anchors = json.dumps(dict(page.anchors), sort_keys=True)
    return (
        "<!doctype html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(meta_policy())}">\n'
        f"<title>Moved: {esc(page.target.title)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{canonical}"
        f'<script src="{esc(script)}" data-lif-redirect="{esc(href)}" '
        f'data-lif-anchor="{esc(page.target_anchor or "")}" '
        f'data-lif-anchors="{esc(anchors)}"></script>\n'
        f'<noscript><meta http-equiv="refresh" content="0; url={esc(fallback)}"></noscript>\n'
        '</head>\n<body>\n<main data-pagefind-ignore="all">\n'
        f'<p>This page has moved to <a href="{esc(fallback)}">{esc(page.target.title)}</a>.</p>\n'
        "</main>\n</body>\n</html>\n"
    )
