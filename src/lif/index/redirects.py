"""Redirects: the old addresses of renamed items and the anchors they map to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lif.index.site import Site
from lif.model.content import Item
from lif.model.links import LinkData, resolve
from lif.model.paths import item_path


@dataclass(frozen=True)
class RedirectPage:
    """A page at an old address that sends readers to the item's permanent address."""

    path: str
    target: Item
    target_anchor: str | None
    anchors: Mapping[str, str]


def redirect_pages(site: Site, links: LinkData) -> list[RedirectPage]:
    """The redirect pages the site needs: old ids, and items whose collection changed."""
    items = site.library.by_id()
    public = site.by_id
    pages: dict[str, RedirectPage] = {}
    record = links.record or {}
    for redirect in links.item_redirects.values():
        final = resolve(links, items, redirect.source)
        if final is None or final.item.id not in public:
            continue
        entry = record.get(redirect.source)
        collection = item_path(final.item).split("/", 1)[0]
        path = entry.path if entry else f"{collection}/{redirect.source}/"
        pages[path] = RedirectPage(
            path, final.item, final.anchor, _anchor_map(links, items, redirect.source)
        )
    for entry in record.values():
        item = public.get(entry.id)
        if item is not None and item_path(item) != entry.path and entry.path not in pages:
            pages[entry.path] = RedirectPage(entry.path, item, None, {})
    return [pages[p] for p in sorted(pages)]


def _anchor_map(links: LinkData, items: Mapping[str, Item], source: str) -> dict[str, str]:
    """For the old id ``source``: where each redirected anchor of its page now is."""
    out: dict[str, str] = {}
    for (item_id, anchor), _ in sorted(links.anchor_redirects.items()):
        if item_id != source:
            continue
        final = resolve(links, items, item_id, anchor)
        if final is not None and final.anchor:
            out[anchor] = final.anchor
    return out


def anchor_redirect_map(site: Site, links: LinkData) -> dict[str, dict[str, str]]:
    """In-page redirects: for each public page, its renamed anchors and where they lead now."""
    items = site.library.by_id()
    out: dict[str, dict[str, str]] = {}
    for (item_id, anchor), _ in sorted(links.anchor_redirects.items()):
        page_item = site.by_id.get(item_id)
        if page_item is None:
            continue
        final = resolve(links, items, item_id, anchor)
        if final is None or final.item.id not in site.by_id:
            continue
        to_path = item_path(final.item) + (f"#{final.anchor}" if final.anchor else "")
        out.setdefault(item_path(page_item), {})[anchor] = to_path
    return out
