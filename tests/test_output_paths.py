"""Output stays inside its folder: every path a command writes is confined to its output folder,
and paths from ``links/`` and ``data/`` that would leave it are refused by the checker first."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from support import TODAY, copy_project, run_build
from trainers_project import write_trainers_content

from lif.cli.main import main as lif
from lif.index.site import load_site
from lif.model.links import RECORD_FILE, REDIRECTS_FILE
from lif.model.paths import unsafe_path_reason
from lif.model.vocab import parse_vocabulary
from lif.output.files import (
    OutputError,
    OutsideOutputError,
    confined,
    output_folder,
    site_folder,
    write_text,
)
from lif.output.redirects import write_redirects

#: Paths that would leave their folder, each with a word of the reason given for it.
ESCAPING = [
    ("", "empty"),
    ("/tmp/y/", "absolute"),
    ("../x", "up a folder"),
    ("reviews/../../x/", "up a folder"),
    ("reviews\\..\\x", "backslash"),
    ("C:/Windows/x", "colon"),
    ("c:x", "colon"),
    ("reviews/x\x00/", "control character"),
    ("reviews/x\n/", "control character"),
    ("reviews//x/", "empty segment"),
    ("./reviews/x/", "'.' segment"),
]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)


@pytest.fixture
def published(project: Path) -> Path:
    """The trainers' project with its record written."""
    write_trainers_content(project)
    assert lif(["permalinks", "--root", str(project), "--update"]) == 0
    return project


# --- The rule and the one function every writer joins paths with ----------------------------


@pytest.mark.parametrize(("path", "reason"), ESCAPING)
def test_a_path_that_leaves_its_folder_is_refused_with_the_reason(path: str, reason: str) -> None:
    assert reason in (unsafe_path_reason(path) or "")
    with pytest.raises(OutsideOutputError, match=re.escape(reason)):
        confined(Path("/srv/site"), path)


@pytest.mark.parametrize("path", ["reviews/sar-adult-d-2024/", "_headers", "feeds/all.xml", "a.b"])
def test_a_relative_path_inside_the_folder_is_joined(path: str) -> None:
    assert unsafe_path_reason(path) is None
    assert confined(Path("/srv/site"), path) == Path("/srv/site") / path


def test_a_folder_that_links_outside_is_refused(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    (site / "feeds").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutsideOutputError, match="links elsewhere"):
        write_text(site, "feeds/all.xml", "x")
    assert not (outside / "all.xml").exists()


# --- links/*.yml: refused by the checker, with file, line and field --------------------------


def test_a_redirect_from_a_path_that_leaves_the_site_is_an_error(published: Path) -> None:
    redirects = published / REDIRECTS_FILE
    redirects.write_text(
        "# renamed\nsar-adult-x-2024: sar-adult-q-2024\n"
        "../../../../../../tmp/x: sar-adult-q-2024\n",
        encoding="utf-8",
    )
    [error] = [p for p in load_site(published).errors if p.path == REDIRECTS_FILE]
    assert (error.line, error.field) == (3, "../../../../../../tmp/x")
    assert "is not an id" in error.message and "old-id: new-id" in error.message


def test_a_recorded_path_that_leaves_the_site_is_an_error(published: Path) -> None:
    record = published / RECORD_FILE
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace("path: reviews/sar-adult-q-2024/", "path: /tmp/y/"), encoding="utf-8"
    )
    line = next(
        n
        for n, row in enumerate(record.read_text(encoding="utf-8").splitlines(), 1)
        if row == "sar-adult-q-2024:"
    )
    [error] = [p for p in load_site(published).errors if p.path == RECORD_FILE]
    assert (error.line, error.field) == (line, "sar-adult-q-2024.path")
    assert "'/tmp/y/' is absolute" in error.message
    assert "like 'reviews/sar-adult-q-2024/'" in error.message
    # The command that rewrites the record refuses too, rather than keep the path.
    assert lif(["permalinks", "--root", str(published), "--update"]) == 1
    assert "path: /tmp/y/" in record.read_text(encoding="utf-8")


def test_the_redirect_writer_refuses_a_path_outside_the_site_even_unchecked(
    published: Path, tmp_path: Path
) -> None:
    (published / REDIRECTS_FILE).write_text("../../escaped: sar-adult-q-2024\n", encoding="utf-8")
    site_dir = tmp_path / "out" / "site"
    site_dir.mkdir(parents=True)
    with pytest.raises(OutsideOutputError, match="goes up a folder"):
        write_redirects(load_site(published), site_dir)
    assert not (tmp_path / "out" / "escaped").exists()


def test_the_build_stops_before_writing_outside_the_site(published: Path, tmp_path: Path) -> None:
    (published / REDIRECTS_FILE).write_text("../../escaped: sar-adult-q-2024\n", encoding="utf-8")
    result = run_build(published, tmp_path / "out" / "site")
    assert result.returncode != 0
    assert f"{REDIRECTS_FILE}:1:1: ../../escaped: '../../escaped' is not an id" in result.stderr
    assert not (tmp_path / "out" / "escaped").exists()
    assert "Traceback" not in result.stderr


def test_a_vocabulary_key_that_is_not_an_id_is_refused() -> None:
    vocabulary, problems = parse_vocabulary("theme", {"../x": {"label": "X"}}, "data/themes.yml")
    assert "../x" not in vocabulary
    [problem] = problems
    assert problem.path == "data/themes.yml"
    assert "term key '../x' must be lowercase words joined by hyphens" in problem.message


# --- Output folders given on the command line ------------------------------------------------


def test_an_output_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        output_folder(afile)
    with pytest.raises(OutputError, match="a file is in the way"):
        output_folder(afile / "sub")
    assert afile.read_text(encoding="utf-8") == "keep me"
    assert output_folder(tmp_path / "new" / "out").is_dir()


def test_a_site_folder_that_holds_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # hidden files are kept by the generator: they do not count
    assert site_folder(tmp_path) == tmp_path.resolve()
    (tmp_path / "notes.txt").write_text("not a site", encoding="utf-8")
    with pytest.raises(OutputError, match="holds files but no built site"):
        site_folder(tmp_path)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        site_folder(tmp_path / "afile")
    (tmp_path / "404.html").write_text("an earlier build", encoding="utf-8")
    assert site_folder(tmp_path) == tmp_path.resolve()
    assert site_folder(tmp_path / "new") == (tmp_path / "new").resolve()


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--out", "{file}"],
        ["export", "--digest", "--out", "{file}/sub"],
        ["action-plan", "--board", "adults", "--year", "2025", "--out", "{file}"],
        ["build", "--site-dir", "{file}"],
        ["build", "--site-dir", "{folder}"],
    ],
)
def test_an_output_option_that_is_not_a_usable_folder_is_a_clear_message(
    published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me too", encoding="utf-8")
    args = [a.format(file=afile, folder=folder) for a in command]
    assert lif([*args[:1], "--root", str(published), *args[1:]]) == 1
    err = capsys.readouterr().err
    option = "--site-dir" if args[0] == "build" else "--out"
    assert f"lif {args[0]}: {option}: " in err
    assert (
        "is a file, not a folder" in err or "a file is in the way" in err or "no built site" in err
    )
    assert "unexpected problem" not in err
    assert afile.read_text(encoding="utf-8") == "keep me"
    assert os.listdir(folder) == ["notes.txt"]


def test_a_root_that_is_not_a_folder_is_a_usage_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    for command in (["check"], ["schema"], ["permalinks"], ["new", "review"], ["export"]):
        with pytest.raises(SystemExit) as stop:
            lif([*command, "--root", str(afile)])
        assert stop.value.code == 2
        assert "is a file, not a folder: give the project folder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        lif(["check", "--root", str(tmp_path / "missing")])
    assert "does not exist" in capsys.readouterr().err


def test_a_file_in_the_way_of_a_written_file_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project")
    (root / "schema").write_text("not a folder", encoding="utf-8")
    assert lif(["schema", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("lif schema: cannot make the folder ") and "a file is in the way" in err
    (root / "reviews").rmdir()
    (root / "reviews").write_text("not a folder", encoding="utf-8")
    new = ["new", "review", "--type", "sar", "--title", "Safeguarding adults review: Adult K"]
    new += ["--board", "adults", "--themes", "neglect", "--subject", "Adult K"]
    new += ["--author", "Independent reviewer", "--root", str(root), "--no-input"]
    assert lif(new) == 1
    err = capsys.readouterr().err
    assert err.startswith("lif new: cannot make the folder ") and "a file is in the way" in err
    assert (root / "reviews").read_text(encoding="utf-8") == "not a folder"
