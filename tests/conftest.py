"""Shared fixtures: small projects in tmp_path and the example site built once per session."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support import REPO, copy_project, run_build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project (no reviews or briefs) with the repository's data, glue and pages."""
    return copy_project(tmp_path)


@pytest.fixture
def build() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Build a project; the fixture's value is :func:`run_build`."""
    return run_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own example content, built once per test session."""
    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = run_build(REPO, site_dir)
    if result.returncode != 0:
        pytest.fail(f"the example site did not build:\n{result.stdout}\n{result.stderr}")
    return site_dir
