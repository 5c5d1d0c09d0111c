"""Redirect pages: a page at an old address that sends the reader to the new one.

Two kinds share one template, ``redirects/redirect.html``: the old address of a renamed item
(a script keeps the link's anchor, renamed if need be; without it, a plain refresh) and a
theme's alias (a plain refresh: it works everywhere).
"""

from __future__ import annotations

import json

from lif.index.redirects import RedirectPage
from lif.index.site import Site
from lif.model.links import SCRIPT_PATH
from lif.model.paths import absolute_url, item_path, relative_url
from lif.model.policy import meta_policy
from lif.render.templating import render_template


def render_redirect_page(site: Site, page: RedirectPage, base_url: str | None) -> str:
    """The HTML of a renamed item's redirect page, at ``page.path``.

    The site's script sends the reader to the item, with the anchor of the old link (renamed
    through ``page.anchors``); without the script, a refresh goes to the item at
    ``page.target_anchor``. The canonical link is the item's absolute address when the site's
    ``base_url`` is known. Returns a whole HTML document.
    """
    target_path = item_path(page.target)
    anchor = f"#{page.target_anchor}" if page.target_anchor else ""
    return render_template(
        "redirects/redirect.html",
        policy=meta_policy(),
        title=f"Moved: {page.target.title}",
        canonical=absolute_url(base_url, target_path) if base_url else "",
        script={
            "src": relative_url(page.path, SCRIPT_PATH),
            "redirect": relative_url(page.path, target_path),
            "anchor": page.target_anchor or "",
            "anchors": json.dumps(dict(page.anchors), sort_keys=True),
        },
        href=relative_url(page.path, target_path + anchor),
        message="This page has moved to",
        link_text=page.target.title,
    )


def render_theme_alias_page(site: Site, path: str, target: str) -> str:
    """The HTML of a page at a theme's alias ``path`` that sends the reader on to ``target``.

    No script: a refresh and a link, so it works everywhere. Returns a whole HTML document.
    """
    href = relative_url(path, target)
    label = site.vocab.themes.label(target.strip("/").rsplit("/", 1)[-1])
    return render_template(
        "redirects/redirect.html",
        policy=meta_policy(),
        title=label,
        canonical=href,
        script=None,
        href=href,
        message="This theme is called",
        link_text=label,
    )
