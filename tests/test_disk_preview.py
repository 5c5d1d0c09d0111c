"""The pull request's preview reads from disk: its links between pages name each page's
index.html (lif.output.disk_preview), and the workflow and the guide say the same thing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import REPO

from lif.output.disk_preview import readable_from_disk, write_disk_preview
from lif.output.files import OutputError


def small_site(root: Path) -> Path:
    for folder in ("", "reviews/", "reviews/a/", "assets/"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for folder in ("", "reviews/", "reviews/a/"):
        (root / folder / "index.html").write_text("<h1>x</h1>", encoding="utf-8")
    (root / "assets/site.css").write_text("", encoding="utf-8")
    return root


def test_links_to_folders_name_their_index_and_nothing_else_changes(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    page = site / "reviews/a/index.html"
    html = (
        '<a href="../../">Home</a> <a href="../..">Home</a> <a href=".">Here</a>'
        '<a class="x" href="../#top">Reviews</a> <form action="../" method="get"></form>'
        '<link href="../../assets/site.css"> <a href="https://example.org/">Off</a>'
        '<a href="#learning">Anchor</a> <a href="../missing/">Missing</a> <a href="/">Root</a>'
    )
    assert readable_from_disk(html, page, site) == (
        '<a href="../../index.html">Home</a> <a href="../../index.html">Home</a> '
        '<a href="./index.html">Here</a><a class="x" href="../index.html#top">Reviews</a> '
        '<form action="../index.html" method="get"></form>'
        '<link href="../../assets/site.css"> <a href="https://example.org/">Off</a>'
        '<a href="#learning">Anchor</a> <a href="../missing/">Missing</a> <a href="/">Root</a>'
    )


def test_a_link_that_leaves_the_site_is_left_alone(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    (tmp_path / "index.html").write_text("outside", encoding="utf-8")
    html = '<a href="../">Up</a>'
    assert readable_from_disk(html, site / "index.html", site) == html


def test_the_preview_is_a_copy_and_a_folder_that_is_no_site_is_refused(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    (site / "reviews/index.html").write_text('<a href="a/">A</a>', encoding="utf-8")
    assert write_disk_preview(site, tmp_path / "preview") == 1
    assert (tmp_path / "preview/reviews/index.html").read_text() == '<a href="a/index.html">A</a>'
    assert (site / "reviews/index.html").read_text() == '<a href="a/">A</a>'
    with pytest.raises(OutputError, match="not a built site"):
        write_disk_preview(tmp_path / "preview/assets", tmp_path / "other")
    script = subprocess.run(
        [sys.executable, str(REPO / "scripts/disk_preview.py"), str(tmp_path / "no"), "out"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert script.returncode == 1 and "not a built site" in script.stderr


def test_the_workflow_keeps_the_disk_preview_that_the_guide_describes() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    made = next(s for s in steps if "disk_preview.py" in s.get("run", ""))
    kept = next(s for s in steps if s.get("with", {}).get("name") == "site-preview")
    assert made["run"].split()[-1] == kept["with"]["path"]
    assert steps.index(made) < steps.index(kept)
    guide = (REPO / "docs/how-to-publish.md").read_text(encoding="utf-8")
    section = guide[guide.index("### 5. Look at the page") :]
    section = section[: section.index("\n### ")]
    assert "**site-preview**" in section and "`index.html`" in section
    assert "search does not" in section
