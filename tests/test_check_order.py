"""``lif check`` in a git repository: the files changed on the branch first, and older warnings
about files nobody touched counted in one line unless asked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import TODAY, copy_project, review_data, write_item
from test_base_links import git

from lif.cli.main import arrange
from lif.cli.main import main as lif
from lif.model.problems import Problem

#: A review published long ago: its retention review is past, a warning.
OLD = review_data(id="sar-adult-old-2015", published="2015-03-01")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project on 'main' holding one old review with a warning, checked out on a branch."""
    root = copy_project(tmp_path / "project")
    write_item(root, OLD)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Old content")
    git(root, "checkout", "-q", "-b", "new-review")
    return root


def run(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str], str]:
    capsys.readouterr()
    status = lif(["check", "--root", str(root), *extra])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_warnings_about_untouched_files_are_counted_in_one_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_item(repo, review_data(id="sar-adult-new-2026", themes=["nelgect"]))
    status, lines, err = run(repo, capsys)
    assert status == 1
    assert [line.split(":", 1)[0] for line in lines] == ["reviews/sar-adult-new-2026.md"]
    assert (
        "lif check: 1 older warning(s) in 1 file(s) not changed on this branch (since main) are "
        "not listed; add --all-warnings to list them"
    ) in err
    assert "1 error(s), 0 warning(s)" in err
    status, lines, err = run(repo, capsys, "--all-warnings")
    assert [line.split(":", 1)[0] for line in lines] == [
        "reviews/sar-adult-new-2026.md",
        "reviews/sar-adult-old-2015.md",
    ]
    assert "retention review was due" in lines[1] and "not listed" not in err


def test_the_changed_files_come_first_and_errors_elsewhere_are_always_listed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "checkout", "-q", "main")
    write_item(repo, review_data(id="aaa-broken-on-main-2020", board="adult"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "An error on main")
    git(repo, "checkout", "-q", "-b", "another")
    write_item(repo, review_data(id="zzz-new-2026", themes=["nelgect"]))
    status, lines, _ = run(repo, capsys)
    assert status == 1
    # By name the error on main comes first; the file changed on this branch is listed first.
    assert [line.split(":", 1)[0] for line in lines] == [
        "reviews/zzz-new-2026.md",
        "reviews/aaa-broken-on-main-2020.md",
    ]


def test_outside_git_every_problem_is_listed_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "plain")
    write_item(root, OLD)
    status, lines, err = run(root, capsys)
    assert status == 0
    assert len(lines) == 1 and "retention review was due" in lines[0]
    assert "not listed" not in err


def test_arrange_orders_and_holds_back() -> None:
    changed_warning = Problem("b.md", 1, 1, "f", "w", "warning")
    other_error = Problem("a.md", 1, 1, "f", "e")
    other_warning = Problem("a.md", 2, 1, "f", "w", "warning")
    problems = [other_error, other_warning, changed_warning]
    assert arrange(problems, {"b.md"}) == ([changed_warning, other_error], [other_warning])
    assert arrange(problems, {"b.md"}, all_warnings=True) == (
        [changed_warning, other_error, other_warning],
        [],
    )
    assert arrange(problems, None) == (problems, [])
