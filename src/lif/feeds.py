"""Feeds of new and updated learning: RSS 2.0 and JSON Feed 1.1, site-wide and per board.

Trainers and practitioners subscribe in a feed reader (or an e-mail service that reads feeds) to
hear of new reviews and briefings. Each entry has the item's permanent address as its link and
id, its summary as plain text, its key learning, and the real dates from its front matter.
Entries are newest first by the later of their publication and update dates. Only public items
appear: the feeds are built from :attr:`lif.site.Site.public`; withdrawn items are not news.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from .export import board_includes, kind_label, site_base_url
from .models import Item, Review
from .permalinks import absolute_url, permanent_url, site_settings
from .publication import publication_date
from .render import esc
from .urls import relative_url

if TYPE_CHECKING:
    from .site import Site

#: How many entries a feed holds: the newest ones. Readers only show recent entries anyway.
FEED_SIZE = 50

#: Where the feeds are, below the site root. They live in a folder of their own because Material
#: for MkDocs fetches ``sitemap.xml`` beside every ``<link rel="alternate">`` of a page (it reads
#: them as translations): the folder gets a tiny, empty sitemap of its own, so the theme does not
#: fetch the site's sitemap (hundreds of kilobytes in a large library) on every page.
BOARD_FEEDS_DIR = "feeds"
SITE_FEED_STEM = f"{BOARD_FEEDS_DIR}/all"
SITE_FEED_RSS = f"{SITE_FEED_STEM}.xml"
SITE_FEED_JSON = f"{SITE_FEED_STEM}.json"
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def board_feed_path(board: str, fmt: str) -> str:
    """``feeds/<board>.xml`` or ``feeds/<board>.json``."""
    return f"{BOARD_FEEDS_DIR}/{board}.{fmt}"


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


def _datetime(value: dt.date) -> dt.datetime:
    """A date as midnight UTC: the feeds' timestamps are the front matter's dates."""
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Feed:
    """What a feed is about and where it lives."""

    title: str
    description: str
    home_url: str
    rss_url: str
    json_url: str
    items: list[Item]


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


def write_feeds(site: Site, site_dir: Path) -> None:
    """Write ``feeds/all.xml|json`` and ``feeds/<board>.xml|json`` into the built site."""
    base_url = site_base_url(site)
    (site_dir / BOARD_FEEDS_DIR).mkdir(parents=True, exist_ok=True)
    (site_dir / BOARD_FEEDS_DIR / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")
    for stem, feed in site_feeds(site, base_url).items():
        rss = site_dir / f"{stem}.xml"
        rss.parent.mkdir(parents=True, exist_ok=True)
        rss.write_text(render_rss(site, feed, base_url), encoding="utf-8")
        (site_dir / f"{stem}.json").write_text(
            render_json_feed(site, feed, base_url), encoding="utf-8"
        )


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
