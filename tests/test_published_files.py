"""Every file the site publishes is valid for its kind: sitemaps, feeds, JSON (no network)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import feedparser
import pytest
from support import REPO, TODAY

from lif.index.feeds import site_feeds
from lif.index.site import load_site
from lif.load.settings import site_settings
from lif.output.feeds import render_feeds_sitemap

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

#: What a ``url`` of a sitemap may hold (sitemaps.org protocol 0.9, XML tag definitions).
URL_CHILDREN = {"loc", "lastmod", "changefreq", "priority"}

CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}

#: W3C Datetime, as the protocol asks of ``lastmod``: a date, or a date and time with a zone.
W3C_DATETIME = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?"
)


def sitemap_problems(data: bytes, address: str) -> list[str]:
    """What keeps ``data``, published at ``address``, from being a valid urlset sitemap.

    The rules of the sitemaps.org protocol 0.9: a ``urlset`` in its namespace with 1 to 50,000
    ``url`` entries, each with one ``loc`` (an absolute address of at most 2,048 characters, in
    the sitemap's own folder or below), an optional W3C ``lastmod``, ``changefreq`` from the
    protocol's list and ``priority`` from 0.0 to 1.0; at most 50 MB uncompressed.
    """
    problems = []
    if len(data) > 50 * 1024 * 1024:
        problems.append("larger than 50 MB")
    root = ET.fromstring(data)
    if root.tag != f"{SITEMAP_NS}urlset":
        return [f"the root is {root.tag}, not a sitemaps.org urlset"]
    if not 1 <= len(root) <= 50_000:
        problems.append(f"{len(root)} url entries (1 to 50,000 allowed)")
    folder = address.rsplit("/", 1)[0] + "/"
    for number, url in enumerate(root, start=1):
        where = f"url {number}"
        if url.tag != f"{SITEMAP_NS}url":
            problems.append(f"{where}: {url.tag} is not a url")
            continue
        tags = [child.tag.removeprefix(SITEMAP_NS) for child in url]
        if unknown := set(tags) - URL_CHILDREN:
            problems.append(f"{where}: unknown {sorted(unknown)}")
        if tags.count("loc") != 1 or any(tags.count(t) > 1 for t in URL_CHILDREN):
            problems.append(f"{where}: needs exactly one loc and at most one of the others")
            continue
        loc = (url.findtext(f"{SITEMAP_NS}loc") or "").strip()
        parts = urlsplit(loc)
        if parts.scheme not in {"http", "https"} or not parts.netloc or len(loc) > 2048:
            problems.append(f"{where}: loc {loc!r} is not an absolute address")
        elif not loc.startswith(folder):
            problems.append(f"{where}: loc {loc} is outside the sitemap's folder {folder}")
        lastmod = url.findtext(f"{SITEMAP_NS}lastmod")
        if lastmod is not None and not W3C_DATETIME.fullmatch(lastmod.strip()):
            problems.append(f"{where}: lastmod {lastmod!r} is not a W3C datetime")
        changefreq = url.findtext(f"{SITEMAP_NS}changefreq")
        if changefreq is not None and changefreq.strip() not in CHANGEFREQ:
            problems.append(f"{where}: changefreq {changefreq!r}")
        priority = url.findtext(f"{SITEMAP_NS}priority")
        if priority is not None and not 0 <= float(priority) <= 1:
            problems.append(f"{where}: priority {priority!r}")
    return problems


def test_the_checker_refuses_an_empty_urlset_and_a_relative_address() -> None:
    empty = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
    assert sitemap_problems(empty, "https://x.org/feeds/sitemap.xml") == [
        "0 url entries (1 to 50,000 allowed)"
    ]
    relative = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>/feeds/all.xml</loc></url></urlset>"
    )
    assert sitemap_problems(relative, "https://x.org/feeds/sitemap.xml") == [
        "url 1: loc '/feeds/all.xml' is not an absolute address"
    ]


def published(site_dir: Path, suffix: str) -> list[Path]:
    return sorted(p for p in site_dir.rglob(f"*{suffix}") if p.is_file())


def test_every_sitemap_of_the_site_is_valid(built_site: Path) -> None:
    base = site_settings(REPO).site_url
    assert base
    sitemaps = published(built_site, "sitemap.xml") + published(built_site, "sitemap.xml.gz")
    names = {p.relative_to(built_site).as_posix() for p in sitemaps}
    assert {"sitemap.xml", "sitemap.xml.gz", "feeds/sitemap.xml"} <= names
    for path in sitemaps:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        name = path.relative_to(built_site).as_posix().removesuffix(".gz")
        assert sitemap_problems(data, base.rstrip("/") + "/" + name) == [], name


def test_the_feeds_folders_sitemap_is_valid_on_a_site_with_nothing_published(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)
    site = load_site(project)
    base = "https://learning.example.org.uk/"
    text = render_feeds_sitemap(site_feeds(site, base).values())
    assert sitemap_problems(text.encode("utf-8"), base + "feeds/sitemap.xml") == []


def test_every_feed_parses_as_its_format(built_site: Path) -> None:
    rss = published(built_site / "feeds", ".xml")
    rss = [p for p in rss if p.name != "sitemap.xml"]
    assert len(rss) >= 4
    for path in rss:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path.name, parsed.get("bozo_exception"))
        assert parsed.version.startswith("rss"), path.name
        assert parsed.feed.title and parsed.entries, path.name
    for path in published(built_site / "feeds", ".json"):
        feed = json.loads(path.read_text(encoding="utf-8"))
        assert feed["version"] == "https://jsonfeed.org/version/1.1", path.name
        assert feed["title"] and isinstance(feed["items"], list), path.name
        assert all(item["id"] and item["url"] for item in feed["items"]), path.name


def test_every_json_and_xml_file_of_the_site_parses(built_site: Path) -> None:
    json_files = published(built_site, ".json")
    assert len(json_files) > 5
    for path in json_files:
        json.loads(path.read_text(encoding="utf-8"))  # raises on a file that is not JSON
    for path in published(built_site, ".xml"):
        ET.fromstring(path.read_bytes())
