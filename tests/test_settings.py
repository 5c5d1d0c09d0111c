"""Settings read from the environment: a value that cannot be used is a clear message naming the
variable, the value and the form expected, from the checker, the build and the generator's hook."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from support import build_env, review_data, write_item

from lif.index.site import load_site
from lif.model.publication import TODAY_VARIABLE, today_from_env
from lif.model.settings import SettingError

EXPECTED = "set LIF_TODAY to a day written YYYY-MM-DD"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("garbage", "is not a date written YYYY-MM-DD"),
        ("20261130", "is not a date written YYYY-MM-DD"),
        ("2026-11-30T10:00", "is not a date written YYYY-MM-DD"),
        ("2026-02-30", "is not a day of the calendar"),
    ],
)
def test_a_today_that_is_not_a_day_is_a_setting_error(
    monkeypatch: pytest.MonkeyPatch, value: str, problem: str
) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, value)
    with pytest.raises(SettingError) as raised:
        today_from_env()
    assert str(raised.value).startswith(f"the environment variable LIF_TODAY is '{value}', which")
    assert problem in str(raised.value) and EXPECTED in str(raised.value)
    assert (raised.value.variable, raised.value.value) == (TODAY_VARIABLE, value)


def test_today_is_the_variable_when_it_is_a_day_else_the_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, " 2026-11-30 ")
    assert today_from_env() == dt.date(2026, 11, 30)
    monkeypatch.setenv(TODAY_VARIABLE, "")
    assert today_from_env() == dt.date.today()


def run(root: Path, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *command],
        cwd=root,
        env=build_env(**env),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("command", ["check", "build"])
def test_the_commands_name_the_bad_variable_without_a_traceback(
    project: Path, tmp_path: Path, command: str
) -> None:
    write_item(project, review_data())
    site_dir = tmp_path / "site"
    args = ["--site-dir", str(site_dir)] if command == "build" else []
    result = run(project, "-m", "lif.cli", command, *args, LIF_TODAY="garbage")
    assert result.returncode == 1
    assert f"lif {command}: the environment variable LIF_TODAY is 'garbage'" in result.stderr
    assert EXPECTED in result.stderr and "Traceback" not in result.stderr
    assert not site_dir.exists()


def test_the_generators_hook_stops_the_build_with_the_same_message(
    project: Path, tmp_path: Path
) -> None:
    command = ["-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")]
    result = run(project, *command, LIF_TODAY="2026-13-01")
    assert result.returncode == 1
    output = result.stdout + result.stderr  # mkdocs prints an abort's message on either
    assert "lif: the environment variable LIF_TODAY is '2026-13-01'" in output
    assert "Traceback" not in output


def test_a_private_list_variable_naming_a_folder_is_an_error_naming_it(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIF_TODAY", "2026-11-26")
    monkeypatch.setenv("LIF_PRIVATE_NAMES", str(tmp_path))
    [error] = load_site(project).errors
    assert (error.path, error.field) == (str(tmp_path), "private names")
    assert "the environment variable LIF_PRIVATE_NAMES names this" in error.message
    assert "one name a line" in error.message
