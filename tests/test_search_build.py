"""The search index is part of every build: ``mkdocs build`` alone makes a site whose search
works, and the same content builds the same files, search index and sitemap included."""

from __future__ import annotations

import datetime as dt
import gzip
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from support import brief_data, build_env, files_in, review_data, write_item

from lif.output.search_index import BUNDLE_DIR, indexed_pages, load_browse_count, load_catalogue

pytestmark = pytest.mark.build


def mkdocs_build(root: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` as a user of mkdocs runs it: no ``lif`` command around it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def two_items(project: Path) -> Path:
    write_item(project, review_data(themes=["neglect", "self-neglect"]), "Zqunique body word.\n")
    write_item(project, brief_data())
    return project


def test_mkdocs_build_alone_writes_a_search_index_that_answers(two_items: Path) -> None:
    site = two_items / "site"
    result = mkdocs_build(two_items, site)
    assert result.returncode == 0, result.stderr
    assert (site / BUNDLE_DIR / "pagefind.js").is_file()
    assert (site / BUNDLE_DIR / "pagefind-entry.json").is_file()
    items = [entry["url"] for entry in load_catalogue(site)["items"]]
    assert items == ["briefs/es-adult-z/", "reviews/sar-adult-z-2025/"]
    pages = {page["url"]: page for page in indexed_pages(site)}
    assert {f"/{url}" for url in items} <= set(pages)
    review = pages["/reviews/sar-adult-z-2025/"]
    assert "Zqunique" in review["content"]
    assert review["filters"]["theme"] == ["neglect", "self-neglect"]
    assert load_browse_count(site) == len(pages)


def test_the_same_content_builds_the_same_files(two_items: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for site in (first, second):
        result = mkdocs_build(two_items, site)
        assert result.returncode == 0, result.stderr
    one, two = files_in(first), files_in(second)
    assert sorted(one) == sorted(two)
    assert [name for name in one if name.startswith(f"{BUNDLE_DIR}/filter/")]
    assert [name for name in one if one[name] != two[name]] == []


def test_the_sitemap_dates_come_from_the_content(two_items: Path) -> None:
    site = two_items / "site"
    result = mkdocs_build(two_items, site)
    assert result.returncode == 0, result.stderr
    space = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = {
        url.findtext("s:loc", namespaces=space): url.findtext("s:lastmod", namespaces=space)
        for url in ET.parse(site / "sitemap.xml").getroot()
    }
    review = next(loc for loc in dates if loc and loc.endswith("/reviews/sar-adult-z-2025/"))
    assert dates[review] == "2025-03-01"
    # Every other page changed when the newest item did (the brief, published a day later).
    assert set(dates.values()) == {"2025-03-01", "2025-03-02"}
    # The compressed copy's header carries the newest of those dates, not the time of the build.
    header = (site / "sitemap.xml.gz").read_bytes()[:8]
    newest = dt.datetime(2025, 3, 2, tzinfo=dt.UTC)
    assert int.from_bytes(header[4:8], "little") == int(newest.timestamp())
    assert (
        gzip.decompress((site / "sitemap.xml.gz").read_bytes())
        == (site / "sitemap.xml").read_bytes()
    )
