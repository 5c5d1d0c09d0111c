"""Writers run in a process of their own beside the build: they write what they would write in
the build's process, and a failure is reported with its message."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import TODAY, review_data, write_item

from lif.index.site import load_site
from lif.output.background import main, start_writers
from lif.output.files import OutputError
from lif.output.packs import write_theme_packs


def test_the_background_process_writes_the_packs_the_build_would(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)
    write_item(project, review_data(themes=["neglect", "self-neglect"]))
    site = load_site(project)
    here, there = tmp_path / "here", tmp_path / "there"
    write_theme_packs(site, here)
    writers = start_writers(site, there, ["theme packs"])
    writers.finish()
    written = {p.relative_to(here).as_posix(): p.read_bytes() for p in here.rglob("*.*")}
    assert "packs/neglect.docx" in written
    assert {p.relative_to(there).as_posix(): p.read_bytes() for p in there.rglob("*.*")} == written


def test_a_failed_background_writer_says_why(project: Path, tmp_path: Path) -> None:
    write_item(project, review_data())
    site = load_site(project)
    blocked = tmp_path / "site"
    blocked.mkdir()
    (blocked / "packs").write_text("a file where the folder goes", encoding="utf-8")
    writers = start_writers(site, blocked, ["theme packs"])
    with pytest.raises(OutputError, match=r"writing the theme packs failed .*packs"):
        writers.finish()


def test_an_unknown_writer_is_refused(project: Path, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="no background writer is called tea"):
        start_writers(load_site(project), tmp_path, ["tea"])


def test_content_with_errors_writes_nothing(project: Path, tmp_path: Path) -> None:
    write_item(project, review_data(themes=["no-such-theme"]))
    status = main([str(project), str(tmp_path / "site"), TODAY, "theme packs"])
    assert status == 1
    assert not (tmp_path / "site").exists()
