"""The dates of the sitemap: when each page last changed, from the content, never the clock.

The sitemap's ``<lastmod>`` of a page (and the time in the header of ``sitemap.xml.gz``) would
otherwise be the day of the build, so that the same content built on another day gives other
files, and every page would claim to have changed on every build. An item's page changed when
the item was last published, updated or withdrawn; every other page (listings, themes, the
framework) when the newest of those happened.
"""

from __future__ import annotations

import datetime as dt

from lif.index.feeds import last_changed
from lif.index.site import Site
from lif.model.content import Item
from lif.model.paths import item_source_uri


def item_changed(item: Item) -> dt.date:
    """When an item last changed: its publication, update or withdrawal date, the latest."""
    withdrawn = item.withdrawn_on if item.status == "withdrawn" else None
    return max(d for d in (last_changed(item), withdrawn) if d is not None)


def page_changes(site: Site) -> dict[str, dt.date]:
    """When the page of each public item last changed, by its source path (``reviews/x.md``)."""
    return site.cached(
        "page changes", lambda: {item_source_uri(i): item_changed(i) for i in site.public}
    )


def page_changed(site: Site, src_uri: str) -> dt.date | None:
    """When the page with the source path ``src_uri`` last changed; None for a site with no
    public item (no date comes from the content)."""
    changes = page_changes(site)
    if src_uri in changes:
        return changes[src_uri]
    return site.cached("site changed", lambda: max(changes.values(), default=None))
