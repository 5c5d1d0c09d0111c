"""What ``lif build`` prints, as a board officer reads it: no misleading lines, a closing line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from support import TODAY, brief_data, build_env, review_data, run_build, write_item

pytestmark = pytest.mark.build

#: Lines earlier builds printed that read like problems but were not.
MISLEADING = (
    "Found local Python module",
    "Found external Python module",
    "[macros] -",
    'not included in the "nav"',
)

OVERDUE = "was due on 2025-01-31"


def test_a_build_says_what_it_made_and_lists_no_noise(project: Path) -> None:
    write_item(
        project,
        review_data(
            recommendations=[
                {"id": "r1", "text": "Agree a pathway.", "stage": "identified", "due": "2025-01-31"}
            ]
        ),
    )
    write_item(project, brief_data())
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    for line in MISLEADING:
        assert line not in output, line

    # The content warning is counted once, with the command that lists it, not printed here.
    assert "lif: 1 warning in the content; run 'lif check' to list them" in output
    assert OVERDUE not in output
    check = subprocess.run(
        [sys.executable, "-m", "lif.cli", "check"],
        cwd=project,
        env=build_env(LIF_TODAY=TODAY),
        capture_output=True,
        text=True,
        check=False,
    )
    assert OVERDUE in check.stdout

    last = result.stderr.strip().splitlines()[-1]
    found = re.fullmatch(
        r"lif build: (\d+) pages \(2 reviews and briefs\) and \d+ redirects written to (.+); "
        r"search index built \((\d+) pages\)",
        last,
    )
    assert found, last
    site = project / "site"
    assert found.group(2) == "site/"
    # Every page the generator built is in its sitemap; the not-found page is the one more.
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    assert int(found.group(1)) == len(sitemap) + 1
    assert int(found.group(3)) >= 2, "both items are indexed for search"


def test_the_closing_line_counts_redirects_apart_and_names_the_folder(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    write_item(project, review_data(themes=["neglect"]))
    out = tmp_path_factory.mktemp("elsewhere") / "site"
    result = run_build(project, out)
    assert result.returncode == 0, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert "(1 review or brief)" in last
    assert f"written to {out.as_posix()}/;" in last
    redirects = sum('http-equiv="refresh"' in p.read_text() for p in out.rglob("*.html"))
    assert redirects, "theme aliases are redirect pages"
    assert f" and {redirects} redirects written to" in last
