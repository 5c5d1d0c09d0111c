"""Links between items and pictures as authors write them (issue 14): by id, by source path as in
mkdocs, to a learning point; refused when the target is missing or not public, including as a
full site address; pictures need a description. The build and the check resolve them alike."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from support import brief_data, review_data, run_build, write_item

from lif.index.site import load_site
from lif.model.problems import Problem

TODAY = dt.date(2026, 11, 26)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def problems(root: Path) -> list[Problem]:
    return load_site(root, today=TODAY).problems


def errors(root: Path) -> list[Problem]:
    return [p for p in problems(root) if p.is_error]


def _brief_in_a_folder(root: Path, body: str) -> Path:
    """The executive summary kept in briefs/executive-summary/, as authors file them."""
    written = write_item(root, brief_data(), body=body)
    folder = root / "briefs/executive-summary"
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.move(written, folder / written.name))


def _review_in_a_year(root: Path, **changes: object) -> Path:
    written = write_item(root, review_data(**changes))
    folder = root / "reviews/2025"
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.move(written, folder / written.name))


@pytest.mark.parametrize(
    "link",
    [
        "id:sar-adult-z-2025",
        "id:sar-adult-z-2025#ask-twice",
        "id:sar-adult-z-2025#learning-ask-twice",
        "../../reviews/2025/sar-adult-z-2025.md",
        "../../reviews/2025/sar-adult-z-2025.md#learning-ask-twice",
        "../reviews/sar-adult-z-2025.md#learning-ask-twice",
    ],
)
def test_a_link_to_an_item_or_its_learning_point_is_accepted(project: Path, link: str) -> None:
    _review_in_a_year(project)
    _brief_in_a_folder(project, f"## Background\n\nSee [the review]({link}).\n")
    assert errors(project) == []


def test_the_build_publishes_links_by_id_and_by_source_path(project: Path) -> None:
    _review_in_a_year(project)
    _brief_in_a_folder(
        project,
        "## Background\n\nSee [the point](id:sar-adult-z-2025#ask-twice) and "
        "[the review](../../reviews/2025/sar-adult-z-2025.md).\n",
    )
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project / "site/briefs/es-adult-z/index.html").read_text(encoding="utf-8")
    assert 'href="../../reviews/sar-adult-z-2025/#learning-ask-twice"' in page
    assert 'href="../../reviews/sar-adult-z-2025/"' in page


@pytest.mark.parametrize(
    ("link", "says"),
    [
        ("id:no-such-review", "there is no item with the id 'no-such-review'"),
        ("id:sar-adult-z-2025#no-such-point", "has no anchor '#no-such-point'"),
        ("../../reviews/2025/no-such-review.md", "leads nowhere"),
        ("https://learning.example.org.uk/reviews/no-such-review/", "no review or brief"),
    ],
)
def test_a_link_to_a_missing_item_is_an_error_at_its_line(
    project: Path, link: str, says: str
) -> None:
    _review_in_a_year(project)
    path = _brief_in_a_folder(project, f"## Background\n\nFirst.\nSee [it]({link}).\n")
    [problem] = errors(project)
    assert problem.field == "body"
    assert says in problem.message
    assert link in path.read_text(encoding="utf-8").splitlines()[problem.line - 1]


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "draft"},
        {"publish_on": "2027-01-01", "status": "published"},
        {"hold": {"reason": "criminal-proceedings"}},
    ],
)
@pytest.mark.parametrize(
    "link",
    [
        "id:sar-adult-z-2025",
        "../../reviews/2025/sar-adult-z-2025.md",
        "https://learning.example.org.uk/reviews/sar-adult-z-2025/",
        "http://www.Learning.example.org.uk/reviews/sar-adult-z-2025",
    ],
)
def test_a_link_to_an_item_that_is_not_public_is_an_error(
    project: Path, changes: dict[str, object], link: str
) -> None:
    _review_in_a_year(project, **changes)
    _brief_in_a_folder(project, f"## Background\n\nSee [the review]({link}).\n")
    found = [p for p in errors(project) if p.field == "body"]
    assert len(found) == 1, found
    assert "not public" in found[0].message


def test_a_picture_beside_the_item_needs_a_description(project: Path) -> None:
    path = write_item(project, review_data(), body="## Background\n\n![](sar-adult-z-2025/a.png)\n")
    (path.parent / "sar-adult-z-2025").mkdir()
    (path.parent / "sar-adult-z-2025/a.png").write_bytes(PNG)
    [problem] = errors(project)
    assert "has no description (alt text)" in problem.message
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1] == "![](sar-adult-z-2025/a.png)"
    write_item(
        project,
        review_data(),
        body="## Background\n\n![The agencies' timeline](sar-adult-z-2025/a.png)\n",
    )
    assert errors(project) == []


def test_a_huge_picture_is_a_warning(project: Path) -> None:
    path = write_item(
        project, review_data(), body="## Background\n\n![Timeline](sar-adult-z-2025/a.png)\n"
    )
    (path.parent / "sar-adult-z-2025").mkdir()
    (path.parent / "sar-adult-z-2025/a.png").write_bytes(PNG + b"\0" * 2_500_000)
    found = problems(project)
    assert [p.is_error for p in found] == [False]
    assert "is 2.5 MB, slow to load on a phone" in found[0].message
