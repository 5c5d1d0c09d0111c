"""The dashboard in a real build: its figures follow the review files with no other edit."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import brief_data, build_env, review_data, run_build, write_item

pytestmark = pytest.mark.build

LABELS = ["Identified", "Disseminated", "Embedded", "Evaluated", "Not taken forward"]


def stage_figures(page: str, figure_id: str = "lip-overall-figure") -> dict[str, int]:
    """The figures of the "each stage" table of a built dashboard page."""
    match = re.search(rf'<figure class="lif-chart" id="{figure_id}">.*?</figure>', page, re.S)
    assert match, f"no figure {figure_id}"
    figure = ET.fromstring(match.group(0))
    body = figure.find(".//table/tbody")
    assert body is not None
    out = {}
    for tr in body.findall("tr"):
        th, td = tr.find("th"), tr.find("td")
        assert th is not None and td is not None
        out["".join(th.itertext())] = int(td.text or "")
    return out


def test_a_change_of_stage_in_one_file_changes_the_next_build(project: Path) -> None:
    recs = [
        {"id": "r1", "text": "Train staff on executive capacity.", "stage": "identified"},
        {
            "id": "r2",
            "text": "Relaunch the self-neglect procedure.",
            "stage": "embedded",
            "updates": [{"date": "2025-09-01", "note": "Audit done.", "stage": "embedded"}],
        },
        {"id": "r3", "text": "Fund a befriending scheme.", "not_taken_forward": "No funding."},
    ]
    path = write_item(project, review_data(recommendations=recs))
    write_item(project, brief_data(disseminates=["sar-adult-z-2025#r2"]))
    child_rec = {"id": "r1", "text": "Share school records.", "due": "2026-01-31"}
    write_item(
        project,
        review_data(
            id="cspr-child-t-2025",
            board="children",
            review_type="child-safeguarding-practice-review",
            subject="Child T",
            recommendations=[child_rec],
        ),
    )
    write_item(
        project,
        brief_data(
            id="es-child-t",
            board="children",
            published="2025-04-10",
            reviews=["cspr-child-t-2025"],
            disseminates=["cspr-child-t-2025#r1"],
        ),
    )
    site_dir = project / "site"

    first = run_build(project, site_dir)
    assert first.returncode == 0, first.stderr
    page = (site_dir / "learning-in-practice/index.html").read_text()
    # The child review's recommendation is typed identified; its briefing makes it disseminated.
    assert stage_figures(page) == dict(zip(LABELS, [1, 1, 1, 0, 1], strict=True))
    adults = (site_dir / "learning-in-practice/adults/index.html").read_text()
    assert stage_figures(adults, "lip-adults-overall-figure") == dict(
        zip(LABELS, [1, 0, 1, 0, 1], strict=True)
    )
    # Due 31 January 2026 and only disseminated: overdue on the build's day.
    assert "#recommendation-r1" in page.split('id="overdue"', 1)[1].split('id="red-amber"', 1)[0]

    home = (site_dir / "index.html").read_text()
    assert re.search(r'href="learning-in-practice/"[^>]*>\s*Learning in practice', home)
    review = (site_dir / "reviews/cspr-child-t-2025/index.html").read_text()
    line = re.search(r'<div class="lif-cycle">.*?</div>', review, re.S)
    assert line, "the review page has the learning-cycle line"
    cycle = ET.fromstring(line.group(0))
    current = [li for li in cycle.iter("li") if li.get("aria-current") == "step"]
    assert ["".join(li.itertext()).split(" (")[0] for li in current] == ["Disseminated"]
    assert [t.get("datetime") for t in cycle.iter("time")] == ["2025-03-01", "2025-04-10"]
    assert 'href="../../briefs/es-child-t/"' in line.group(0)

    text = path.read_text()
    assert text.count("stage: identified") == 1
    path.write_text(text.replace("stage: identified", "stage: disseminated"))
    second = run_build(project, site_dir)
    assert second.returncode == 0, second.stderr
    page = (site_dir / "learning-in-practice/index.html").read_text()
    assert stage_figures(page) == dict(zip(LABELS, [0, 2, 1, 0, 1], strict=True))
    # The typed stage has no record of how it was shared: reported, not blocking. The build
    # counts the warning; `lif check` lists it.
    assert "warnings in the content; run 'lif check' to list them" in second.stderr
    check = subprocess.run(
        [sys.executable, "-m", "lif.cli", "check"],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert "nothing records how it was shared" in check.stdout


def test_the_public_dashboard_has_no_command_lines_and_explains_rag(built_site: Path) -> None:
    """Board office commands belong in the project's README, not on a public page; the rating
    that practitioners meet is explained where it is used."""
    for path in ("learning-in-practice", "learning-in-practice/adults"):
        page = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert "lif action-plan" not in page and "<code>lif " not in page, path
        assert re.search(r"RAG(</abbr>)? rating \(red, amber or green\)", page), path
