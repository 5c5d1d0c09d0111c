"""Writers run in a process of their own beside the build: they write what they would write in
the build's process, and a failure is reported with its message."""

from __future__ import annotations

import io
import pickle
import shutil
from pathlib import Path

import pytest
from support import TODAY, review_data, write_item

from lif.index.site import Site, load_site
from lif.output.background import main, start_writers
from lif.output.files import OutputError
from lif.output.packs import theme_packs, write_theme_packs


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.*")}


@pytest.fixture
def packed(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Site, Path]:
    """A site of one review in two themes, and its theme packs written by the build's own
    process into ``tmp_path/here``."""
    monkeypatch.setenv("LIF_TODAY", TODAY)
    write_item(project, review_data(themes=["neglect", "self-neglect"]))
    site = load_site(project)
    write_theme_packs(site, tmp_path / "here")
    return site, tmp_path / "here"


def test_the_background_process_writes_the_packs_the_build_would(
    packed: tuple[Site, Path], tmp_path: Path
) -> None:
    site, here = packed
    there = tmp_path / "there"
    writers = start_writers(site, there, ["theme packs"])
    writers.finish()
    written = _files(here)
    assert "packs/neglect.docx" in written
    assert _files(there) == written


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


def test_the_background_process_writes_from_what_it_is_given_without_the_content(
    project: Path, packed: tuple[Site, Path], tmp_path: Path
) -> None:
    site, here = packed
    there = tmp_path / "there"
    given = io.BytesIO(pickle.dumps([theme_packs(site)]))
    for part in ("reviews", "briefs", "data", "mkdocs.yml"):  # nothing is read again
        shutil.rmtree(project / part) if (project / part).is_dir() else (project / part).unlink()
    assert main([str(there), "theme packs"], given) == 0
    assert _files(there) == _files(here)
    assert "packs/self-neglect.docx" in _files(there)


def test_a_writer_failing_in_the_background_process_reports_its_own_message(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_item(project, review_data())
    site = load_site(project)
    blocked = tmp_path / "site"
    blocked.mkdir()
    (blocked / "packs").write_text("a file where the folder goes", encoding="utf-8")
    given = io.BytesIO(pickle.dumps([theme_packs(site)]))
    assert main([str(blocked), "theme packs"], given) == 1
    assert "packs" in capsys.readouterr().err


def test_packs_without_the_sites_address_are_refused_before_the_process_starts(
    project: Path, tmp_path: Path
) -> None:
    write_item(project, review_data())
    settings = project / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("site_url:")),
        encoding="utf-8",
    )
    site = load_site(project)
    with pytest.raises(OutputError, match=r"theme packs cannot be written: .*site_url"):
        start_writers(site, tmp_path / "site", ["theme packs"])
    assert not (tmp_path / "site").exists()
