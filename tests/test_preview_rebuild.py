"""The preview renders again only what an edit changed (``lif serve`` runs ``mkdocs serve
--dirty``; ``macros/hooks.py`` and :mod:`lif.output.preview`), and what it shows stays right:
the edited page, the listings that show its title, search; an unrelated page is left alone; a
removed item's page goes. And what the preview keeps between builds (:mod:`lif.model.memo`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import build_env, copy_project, review_data, write_item

from lif.model import memo

#: Builds the project at argv[1] as the preview does (the preview's startup, then mkdocs's
#: dirty build, twice, into one site folder), with an edit in between: the review's title
#: and body changed and another review removed. Pages are marked after the first build, so a
#: page written again loses its mark. Then it waits for the search index and writes what it
#: found as JSON to argv[3].
PREVIEW_TWICE = r"""
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from lif.output.preview import PREVIEW

root, site_dir, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
URL = "http://127.0.0.1:8000/"
MARK = "<!-- written by the first build -->"

def preview_build():
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    config.site_url = URL
    return config

first = preview_build()
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url=URL, dirty=True)
pages = sorted(site_dir.rglob("*.html"))
for page in pages:
    page.write_text(page.read_text(encoding="utf-8") + MARK, encoding="utf-8")

edited = root / "reviews" / "sar-adult-z-2025.md"
text = edited.read_text(encoding="utf-8")
text = text.replace("Safeguarding adults review: Adult Z", "Safeguarding adults review: Adult Zed")
edited.write_text(text + "\nA sentence about marmalade, added in the preview.\n", encoding="utf-8")
(root / "reviews" / "sar-adult-q-2024.md").unlink()

second = preview_build()
build(second, serve_url=URL, dirty=True)
PREVIEW.search.wait()
second.plugins.on_shutdown()

from lif.output.search_index import indexed_pages
written = {
    p.relative_to(site_dir).as_posix(): MARK not in p.read_text(encoding="utf-8")
    for p in site_dir.rglob("*.html")
}
found = [p["url"] for p in indexed_pages(site_dir) if "marmalade" in p.get("content", "")]
out.write_text(json.dumps({"written": written, "found": found, "pages": len(pages)}))
"""

#: Builds the project at argv[1] once, as the preview's first build does (everything).
PREVIEW_ONCE = r"""
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

URL = "http://127.0.0.1:8000/"
config = load_config(sys.argv[1] + "/mkdocs.yml", site_dir=sys.argv[2])
config.site_url = URL
config.plugins.on_startup(command="serve", dirty=True)
build(config, serve_url=URL, dirty=True)
config.plugins.on_shutdown()
"""


def _run(script: str, *args: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def _project(root: Path) -> Path:
    copy_project(root)
    write_item(root, review_data(), "## What happened\n\nAdult Z lived alone.\n")
    other = review_data(
        id="sar-adult-y-2024",
        title="Safeguarding adults review: Adult Y",
        subject="Adult Y",
        published="2024-05-01",
        themes=["self-neglect"],
        summary="Adult Y was isolated from her family.",
    )
    write_item(root, other, "## What happened\n\nAdult Y was isolated.\n")
    write_item(root, review_data(id="sar-adult-q-2024", title="Safeguarding adults review: Q"))
    return root


@pytest.mark.build
def test_the_preview_renders_again_the_edited_page_and_what_shows_it_only(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path / "project")
    site_dir = tmp_path / "site"
    out = tmp_path / "found.json"
    _run(PREVIEW_TWICE, root, site_dir, out)
    found = json.loads(out.read_text())
    written: dict[str, bool] = found["written"]

    edited = "reviews/sar-adult-z-2025/index.html"
    assert written[edited]
    page = (site_dir / edited).read_text(encoding="utf-8")
    assert "Adult Zed" in page and "marmalade" in page
    # The listings that show the review's title were written again, and show the new one.
    listings = [
        name
        for name in written
        if name != edited and "Adult Zed" in (site_dir / name).read_text(encoding="utf-8")
    ]
    assert "reviews/by-year/2025/index.html" in listings
    assert all(written[name] for name in listings)
    # An unrelated page is left as it was.
    assert not written["reviews/sar-adult-y-2024/index.html"]
    assert not written["framework/principles/index.html"]
    assert sum(written.values()) < found["pages"] / 2
    # The removed review's page is gone; search finds the edited text.
    assert not (site_dir / "reviews/sar-adult-q-2024/index.html").exists()
    assert found["found"] == ["/reviews/sar-adult-z-2025/"]


@pytest.mark.build
def test_the_previews_second_build_shows_what_a_whole_build_shows(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    _run(PREVIEW_TWICE, root, tmp_path / "again", tmp_path / "found.json")
    _run(PREVIEW_ONCE, root, tmp_path / "whole")
    mark = "<!-- written by the first build -->"
    again = {
        p.relative_to(tmp_path / "again").as_posix(): p.read_text(encoding="utf-8")
        for p in (tmp_path / "again").rglob("*.html")
    }
    whole = {
        p.relative_to(tmp_path / "whole").as_posix(): p.read_text(encoding="utf-8")
        for p in (tmp_path / "whole").rglob("*.html")
    }
    assert sorted(again) == sorted(whole)
    differ = [name for name in whole if again[name].removesuffix(mark) != whole[name]]
    assert differ == []
    sitemap = "sitemap.xml"
    assert (tmp_path / "again" / sitemap).read_text() == (tmp_path / "whole" / sitemap).read_text()


def test_a_remembered_step_runs_once_per_argument_only_in_the_preview() -> None:
    calls: list[str] = []

    @memo.remembered
    def shout(text: str) -> list[str]:
        calls.append(text)
        return [text.upper()]

    try:
        assert shout("a") == ["A"] and shout("a") == ["A"]
        assert calls == ["a", "a"]  # nothing kept outside the preview
        memo.remember_between_builds()
        first = shout("a")
        assert shout("a") is first and calls == ["a", "a", "a"]
        memo.build_finished()
        shout("b")
        memo.build_finished()  # the build used "b" only: "a" is forgotten
        shout("a")
        assert calls == ["a", "a", "a", "b", "a"]
    finally:
        memo.forget_all()
    assert not memo.remembering()


def test_a_step_remembered_by_identity_tells_equal_objects_apart() -> None:
    calls: list[object] = []

    @memo.remembered_by(memo.Identity)
    def size(value: list[int]) -> int:
        calls.append(value)
        return len(value)

    try:
        memo.remember_between_builds()
        one, other = [1], [1]
        assert size(one) == size(one) == size(other) == 1
        assert calls == [one, other]
    finally:
        memo.forget_all()
