"""Feeds: RSS 2.0 and JSON Feed 1.1 that real parsers read, newest first, published items only."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import jsonschema
import pytest
from support import REPO, TODAY, review_data, write_item
from trainers_project import UNPUBLISHED, write_trainers_content

from lif.index.feeds import FEED_SIZE, Feed, site_feeds
from lif.index.packs import board_includes
from lif.index.site import Site, load_site
from lif.model.content import Item
from lif.model.paths import SITE_FEED_STEM, item_path
from lif.model.publication import publication_date
from lif.output.feeds import render_json_feed, render_rss

BASE = "https://learning.example.org.uk/"

#: JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the required fields and the types of
#: the fields the site writes.
JSON_FEED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https://"},
        "feed_url": {"type": "string", "pattern": "^https://"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_text"]}, {"required": ["content_html"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https://"},
                    "title": {"type": "string"},
                    "summary": {"type": "string"},
                    "content_text": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def expected_order(items: list[Item], board: str | None = None) -> list[str]:
    """The permanent addresses a feed should list: public, not withdrawn, newest change first."""
    chosen = [
        i
        for i in items
        if i.status != "withdrawn" and (board is None or board_includes(i.board, board))
    ]

    def changed(item: Item) -> dt.date:
        return max(d for d in (publication_date(item), item.updated) if d is not None)

    chosen.sort(key=lambda i: (-changed(i).toordinal(), i.id))
    return [BASE + item_path(i) for i in chosen[:FEED_SIZE]]


def parse_rss(path: Path) -> Any:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    return parsed


def entry_date(entry: Any) -> dt.date:
    return dt.date(*entry.published_parsed[:3])


# --- The example site's feeds -------------------------------------------------------------------


def test_the_site_feed_parses_and_lists_the_published_items_newest_first(built_site: Path) -> None:
    site = load_site(REPO)
    parsed = parse_rss(built_site / "feeds/all.xml")
    links = [e.link for e in parsed.entries]
    assert links == expected_order(site.public)
    assert len(links) >= 3
    for entry in parsed.entries:
        assert entry.id == entry.link
        assert entry.summary
        assert entry_date(entry) <= dt.date.fromisoformat(TODAY)
    assert parsed.feed.title and parsed.feed.link == BASE


def test_the_json_feed_is_valid_and_matches_the_rss_feed(built_site: Path) -> None:
    data = json.loads((built_site / "feeds/all.json").read_text(encoding="utf-8"))
    jsonschema.validate(
        data, JSON_FEED_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    rss = parse_rss(built_site / "feeds/all.xml")
    assert [i["url"] for i in data["items"]] == [e.link for e in rss.entries]
    assert data["feed_url"] == BASE + "feeds/all.json"


def test_board_feeds_list_their_boards_learning(built_site: Path) -> None:
    site = load_site(REPO)
    for term in site.vocab.boards:
        parsed = parse_rss(built_site / "feeds" / f"{term.key}.xml")
        assert [e.link for e in parsed.entries] == expected_order(site.public, term.key)
        data = json.loads((built_site / "feeds" / f"{term.key}.json").read_text("utf-8"))
        assert [i["url"] for i in data["items"]] == [e.link for e in parsed.entries]


def test_no_feed_mentions_an_unpublished_item(built_site: Path) -> None:
    site = load_site(REPO)
    hidden = [i for i in site.library.items if i.id not in site.public_ids]
    assert hidden, "the example content has a draft and an embargoed item"
    for path in [
        built_site / "feeds/all.xml",
        built_site / "feeds/all.json",
        *(built_site / "feeds").iterdir(),
    ]:
        text = path.read_text(encoding="utf-8")
        for item in hidden:
            assert item.id not in text and item.title not in text, (item.id, path.name)


def test_every_page_points_feed_readers_to_the_feeds(built_site: Path) -> None:
    for page in ("index.html", "for-trainers/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        prefix = "" if page == "index.html" else "../"
        assert 'type="application/rss+xml"' in html
        assert f'href="{prefix}feeds/all.xml"' in html
        assert f'href="{prefix}feeds/all.json"' in html
    trainers = (built_site / "for-trainers/index.html").read_text(encoding="utf-8")
    assert 'href="../feeds/children.xml"' in trainers


# --- Order and content, on a small project --------------------------------------------------------


@pytest.fixture
def site(project: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.setenv("LIF_TODAY", TODAY)
    write_trainers_content(project)
    return load_site(project)


def feeds_of(site: Site) -> dict[str, Feed]:
    return site_feeds(site, BASE)


def test_an_updated_item_comes_first_with_its_real_dates(site: Site) -> None:
    feed = feeds_of(site)[SITE_FEED_STEM]
    parsed = feedparser.parse(render_rss(site, feed, BASE))
    assert not parsed.bozo
    assert [e.link for e in parsed.entries] == [
        BASE + "reviews/lcspr-child-v-2025/",  # published 2025-02-10, updated 2026-10-01
        BASE + "reviews/malr-joint-w-2025/",
        BASE + "briefs/7mb-neglect-adult-q/",
        BASE + "reviews/sar-adult-q-2024/",
    ]
    assert entry_date(parsed.entries[0]) == dt.date(2025, 2, 10)
    data = json.loads(render_json_feed(site, feed, BASE))
    assert data["items"][0]["date_published"] == "2025-02-10T00:00:00+00:00"
    assert data["items"][0]["date_modified"] == "2026-10-01T00:00:00+00:00"
    assert "date_modified" not in data["items"][1]


def test_feeds_leave_out_drafts_embargoed_and_withdrawn_items(site: Site) -> None:
    for feed in feeds_of(site).values():
        text = render_rss(site, feed, BASE) + render_json_feed(site, feed, BASE)
        for marker in (*UNPUBLISHED, "sar-adult-old-2019"):
            assert marker not in text


def test_summaries_are_text_and_learning_is_in_the_json_content(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)
    write_item(project, review_data(summary='Risks & benefits (3 < 5) were "weighed".'))
    site = load_site(project)
    feed = feeds_of(site)[SITE_FEED_STEM]
    parsed = feedparser.parse(render_rss(site, feed, BASE))
    assert not parsed.bozo
    assert parsed.entries[0].summary == 'Risks & benefits (3 < 5) were "weighed".'
    item = json.loads(render_json_feed(site, feed, BASE))["items"][0]
    assert item["summary"] == 'Risks & benefits (3 < 5) were "weighed".'
    assert "Key learning:\n- Ask a second time when someone says no." in item["content_text"]


def test_a_feed_holds_the_newest_entries_only(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)
    start = dt.date(2020, 1, 1)
    for n in range(FEED_SIZE + 3):
        day = (start + dt.timedelta(days=n)).isoformat()
        write_item(project, review_data(id=f"sar-adult-z-{n:03d}", published=day))
    site = load_site(project)
    entries = feedparser.parse(render_rss(site, feeds_of(site)[SITE_FEED_STEM], BASE)).entries
    assert len(entries) == FEED_SIZE
    assert entries[0].link.endswith(f"sar-adult-z-{FEED_SIZE + 2:03d}/")
    dates = [entry_date(e) for e in entries]
    assert dates == sorted(dates, reverse=True)


def test_the_themes_sitemap_lookup_beside_feed_links_stays_tiny(built_site: Path) -> None:
    """Material fetches sitemap.xml beside every rel=alternate link: it must be a small file
    (it lists only the feeds, so it does not grow with the library)."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="alternate"[^>]*href="([^"]+)"', home)
    assert len(links) == 2
    for href in links:
        sitemap = urljoin(urljoin("http://site/", href), "sitemap.xml")
        path = built_site / sitemap.removeprefix("http://site/")
        assert path.is_file(), sitemap
        assert path.stat().st_size < 2048
        assert "/reviews/" not in path.read_text(encoding="utf-8")
