"""Redirect pages written into the site: renamed items and theme aliases."""

from __future__ import annotations

import json
from pathlib import Path

from lif.index.redirects import anchor_redirect_map, redirect_pages
from lif.index.site import Site
from lif.index.themes import alias_redirects
from lif.load.links import load_link_data
from lif.load.settings import site_settings
from lif.model.links import ANCHOR_MAP_FILE
from lif.output.files import page_file, write_page, write_text
from lif.render.redirects import render_redirect_page, render_theme_alias_page


def write_redirects(site: Site, site_dir: Path) -> None:
    """Write a redirect page at every old address, and the map of renamed anchors."""
    links = load_link_data(site.root)
    base_url = site_settings(site.root).site_url
    for page in redirect_pages(site, links):
        if page_file(site_dir, page.path).exists():
            continue  # a real page is there; the checker reports the clash
        write_page(site_dir, page.path, render_redirect_page(site, page, base_url))
    anchor_map = anchor_redirect_map(site, links)
    write_text(site_dir, ANCHOR_MAP_FILE, json.dumps(anchor_map, indent=1, sort_keys=True) + "\n")


def write_theme_aliases(site: Site, site_dir: Path) -> None:
    """Write the alias pages into the built site, never over a page that is already there."""
    for path, target in alias_redirects(site).items():
        if page_file(site_dir, path).exists():
            continue
        write_page(site_dir, path, render_theme_alias_page(site, path, target))
