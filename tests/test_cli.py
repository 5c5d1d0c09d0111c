"""``lif check`` as board staff run it: messages, exit status, GitHub annotations, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import TODAY, brief_data, build_env, review_data, write_item
from test_yaml_reader import BILLION_LAUGHS


def lif(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lif.cli", *args],
        cwd=cwd,
        env=build_env(LIF_TODAY=TODAY),
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_passes_on_valid_content(project: Path) -> None:
    write_item(project, review_data())
    result = lif("check", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "0 error(s)" in result.stderr


def test_check_reports_every_problem_as_path_line_column_field(project: Path) -> None:
    write_item(project, review_data(themes=["neglet"]))
    (project / "briefs" / "broken.md").write_text("---\nid: [\n---\n", encoding="utf-8")
    result = lif("check", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("briefs/broken.md:")
    assert lines[1].startswith("reviews/sar-adult-z-2025.md:")
    assert ": themes: unknown theme 'neglet'; did you mean 'neglect'?" in lines[1]
    assert "Traceback" not in result.stdout + result.stderr


def test_check_with_root_and_only_named_paths(project: Path, tmp_path_factory) -> None:
    write_item(project, review_data(themes=["neglet"]))
    good = write_item(project, brief_data(reviews=[]), body="")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = lif("check", "--root", str(project), cwd=elsewhere)
    assert result.returncode == 1
    only_good = lif("check", "--root", str(project), str(good), cwd=elsewhere)
    assert "reviews/" not in only_good.stdout


def test_github_format_prints_annotations(project: Path) -> None:
    write_item(project, review_data(themes=["neglet"]))
    result = lif("check", "--format", "github", cwd=project)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("::error file=reviews/sar-adult-z-2025.md,line=")
    assert ",title=themes::unknown theme" in line


def test_broken_vocabulary_file_is_a_clear_error(project: Path) -> None:
    (project / "data" / "themes.yml").write_text("neglect: [\n", encoding="utf-8")
    result = lif("check", cwd=project)
    assert result.returncode == 1
    assert "themes.yml" in result.stderr and "Traceback" not in result.stderr


def test_checking_one_brief_resolves_its_review_from_the_whole_project(project: Path) -> None:
    write_item(project, review_data())
    brief = write_item(project, brief_data())
    result = lif("check", str(brief), cwd=project)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_check_refuses_billion_laughs_and_repeated_fields_with_a_message(project: Path) -> None:
    (project / "reviews").mkdir(exist_ok=True)
    (project / "reviews" / "lol.md").write_text(f"---\n{BILLION_LAUGHS}---\nBody\n")
    path = write_item(project, review_data(status="draft"))
    path.write_text(path.read_text().replace("\n---\n", "\nstatus: published\n---\n", 1))
    result = lif("check", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("reviews/lol.md:2:4: a: anchors ('&a') are not allowed")
    assert "status: 'status' is listed twice (also on line" in lines[1]
    assert "Traceback" not in result.stdout + result.stderr


def test_a_named_file_outside_the_project_is_an_error(project: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("x") / "broken.md"
    outside.write_text("---\nid: [\n---\n", encoding="utf-8")
    result = lif("check", str(outside), cwd=project)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{outside}:1:1: file: is not under reviews/ or briefs/ of the project")
    assert "1 error(s)" in result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("reviews/missing.md", "no such file: give a review or brief of the project"),
        ("docs/index.md", "is not under reviews/ or briefs/ of the project"),
        ("reviews/notes.txt", "is not a review or brief: they are the .md files"),
    ],
)
def test_a_named_path_that_is_not_a_review_or_brief_is_an_error(
    project: Path, name: str, expected: str
) -> None:
    (project / "reviews" / "notes.txt").write_text("notes", encoding="utf-8")
    result = lif("check", name, cwd=project)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{name}:1:1: file: {expected}")


def test_a_named_folder_checks_the_content_inside_it(project: Path) -> None:
    write_item(project, review_data(themes=["neglet"]))
    write_item(project, brief_data(reviews=["missing-review"]))
    result = lif("check", "reviews", cwd=project)
    assert result.returncode == 1
    assert [line.split(":", 1)[0] for line in result.stdout.splitlines()] == [
        "reviews/sar-adult-z-2025.md"
    ]
    everything = lif("check", ".", cwd=project)
    assert {line.split(":", 1)[0] for line in everything.stdout.splitlines()} == {
        "reviews/sar-adult-z-2025.md",
        "briefs/es-adult-z.md",
    }
