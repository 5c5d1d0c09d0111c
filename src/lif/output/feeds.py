"""Feeds written into the site: RSS 2.0 and JSON Feed 1.1, site-wide and per board."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from lif.index.feeds import Feed, last_changed, site_feeds
from lif.index.packs import kind_label, site_base_url
from lif.index.site import Site
from lif.model.content import Item, Review
from lif.model.paths import BOARD_FEEDS_DIR, permanent_url
from lif.model.publication import publication_date
from lif.output.files import write_text

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


ATOM_NS = "http://www.w3.org/2005/Atom"


JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def _datetime(value: dt.date) -> dt.datetime:
    """A date as midnight UTC: the feeds' timestamps are the front matter's dates."""
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def content_text(item: Item) -> str:
    """An entry's text: its summary, then its key learning, one point a line."""
    lines = [item.summary]
    if isinstance(item, Review) and item.learning:
        lines += ["", "Key learning:"]
        lines += [f"- {p.title + ': ' if p.title else ''}{p.text}" for p in item.learning]
    return "\n".join(lines)


def render_rss(site: Site, feed: Feed, base_url: str) -> str:
    """The feed as RSS 2.0 (with an atom:link to itself, as validators expect)."""
    ET.register_namespace("atom", ATOM_NS)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = feed.title
    ET.SubElement(channel, "link").text = feed.home_url
    ET.SubElement(channel, "description").text = feed.description
    ET.SubElement(channel, "language").text = "en-gb"
    ET.SubElement(
        channel,
        f"{{{ATOM_NS}}}link",
        {"href": feed.rss_url, "rel": "self", "type": "application/rss+xml"},
    )
    if feed.items:
        newest = _datetime(last_changed(feed.items[0]))
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(newest)
    for item in feed.items:
        url = permanent_url(base_url, item)
        entry = ET.SubElement(channel, "item")
        ET.SubElement(entry, "title").text = item.title
        ET.SubElement(entry, "link").text = url
        ET.SubElement(entry, "guid", {"isPermaLink": "true"}).text = url
        ET.SubElement(entry, "description").text = item.summary
        date = publication_date(item)
        if date is not None:
            ET.SubElement(entry, "pubDate").text = format_datetime(_datetime(date))
        ET.SubElement(entry, "category").text = kind_label(site, item)
        for theme in item.themes:
            ET.SubElement(entry, "category").text = site.vocab.themes.label(theme)
    ET.indent(rss)
    return ET.tostring(rss, encoding="unicode", xml_declaration=True) + "\n"


def render_json_feed(site: Site, feed: Feed, base_url: str) -> str:
    """The feed as JSON Feed 1.1."""
    items: list[dict[str, Any]] = []
    for item in feed.items:
        url = permanent_url(base_url, item)
        entry: dict[str, Any] = {
            "id": url,
            "url": url,
            "title": item.title,
            "summary": item.summary,
            "content_text": content_text(item),
        }
        date = publication_date(item)
        if date is not None:
            entry["date_published"] = _datetime(date).isoformat()
        if item.updated is not None:
            entry["date_modified"] = _datetime(item.updated).isoformat()
        entry["tags"] = [kind_label(site, item)] + [site.vocab.themes.label(t) for t in item.themes]
        items.append(entry)
    data = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.json_url,
        "description": feed.description,
        "language": "en-GB",
        "items": items,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_feeds_sitemap(feeds: Iterable[Feed]) -> str:
    """The sitemap of the feeds folder: each feed's two files, with the date of its newest entry.

    Material for MkDocs fetches ``sitemap.xml`` beside every ``<link rel="alternate">`` of a page
    (see :data:`lif.model.paths.BOARD_FEEDS_DIR`): this small file answers, in place of the
    site's own sitemap. It is a valid sitemap (sitemaps.org protocol 0.9: a ``urlset`` of at
    least one ``url``, each with an absolute ``loc``), and lists only addresses in its own
    folder, as the protocol asks of a sitemap that is not at the site's root.
    """
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for feed in feeds:
        for url in (feed.rss_url, feed.json_url):
            entry = ET.SubElement(urlset, "url")
            ET.SubElement(entry, "loc").text = url
            if feed.items:
                ET.SubElement(entry, "lastmod").text = last_changed(feed.items[0]).isoformat()
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="unicode", xml_declaration=True) + "\n"


def write_feeds(site: Site, site_dir: Path) -> None:
    """Write ``feeds/all.xml|json``, ``feeds/<board>.xml|json`` and the folder's sitemap."""
    base_url = site_base_url(site)
    feeds = site_feeds(site, base_url)
    write_text(site_dir, f"{BOARD_FEEDS_DIR}/sitemap.xml", render_feeds_sitemap(feeds.values()))
    for stem, feed in feeds.items():
        write_text(site_dir, f"{stem}.xml", render_rss(site, feed, base_url))
        write_text(site_dir, f"{stem}.json", render_json_feed(site, feed, base_url))
