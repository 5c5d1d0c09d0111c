"""Every command that succeeds says what it did, in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lif.cli.main import main as lif
from lif.output.schema import SCHEMA_DIR, SCHEMAS

ALL_SCHEMAS = " and ".join(f"{SCHEMA_DIR}/{name}" for name, _ in SCHEMAS.values())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = lif(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_lif_schema_says_what_it_wrote_or_that_nothing_needed_writing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, _ in SCHEMAS.values():
        (project / SCHEMA_DIR / name).unlink(missing_ok=True)
    status, out, err = run(capsys, "schema", "--root", str(project))
    assert (status, out) == (0, "")
    assert err.splitlines() == [f"lif schema: wrote {ALL_SCHEMAS}."]
    status, out, err = run(capsys, "schema", "--root", str(project))
    assert (status, out) == (0, "")
    assert err.splitlines() == [f"lif schema: {ALL_SCHEMAS} were up to date; nothing written."]
    status, out, err = run(capsys, "schema", "--root", str(project), "--check")
    assert (status, out) == (0, "")
    assert err.splitlines() == [f"lif schema: {ALL_SCHEMAS} are up to date."]


def test_lif_schema_check_names_what_is_out_of_date(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "schema", "--root", str(project))[0] == 0
    first = next(iter(SCHEMAS.values()))[0]
    (project / SCHEMA_DIR / first).write_text("{}\n", encoding="utf-8")
    status, _, err = run(capsys, "schema", "--root", str(project), "--check")
    assert status == 1
    assert err.splitlines() == [
        f"{SCHEMA_DIR}/{first} is out of date: run 'lif schema' to regenerate it"
    ]
