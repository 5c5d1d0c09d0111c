"""Test helpers shared by every test module: item factories, small projects, real builds."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from lif.model.forked import ForkedWork, ForkedWorkError

REPO = Path(__file__).resolve().parent.parent

#: The day every test build publishes for, so embargo tests do not depend on the clock.
TODAY = "2026-11-26"

#: What a project needs besides its content: data, glue, templates and section pages.
PROJECT_PARTS = ("data", "macros", "overrides", "docs", "mkdocs.yml")


def review_data(**changes: Any) -> dict[str, Any]:
    """A valid review's front matter, with ``changes`` applied (a key set to None is removed)."""
    data: dict[str, Any] = {
        "id": "sar-adult-z-2025",
        "title": "Safeguarding adults review: Adult Z",
        "review_type": "safeguarding-adults-review",
        "board": "adults",
        "subject": "Adult Z",
        "author": "Independent reviewer",
        "status": "published",
        "published": "2025-03-01",
        "themes": ["neglect"],
        "summary": "Adult Z lived alone and stopped letting carers in. Agencies did not share "
        "what they knew.",
        "learning": [{"id": "ask-twice", "text": "Ask a second time when someone says no."}],
    }
    return _apply(data, changes)


#: Two recommendations of a review, one led by an agency, one without a lead (the packs' tests).
PATHWAY_RECOMMENDATIONS: list[dict[str, Any]] = [
    {
        "id": "pathway",
        "text": "Agree a shared self-neglect pathway.",
        "lead_agency": "adult-social-care",
        "stage": "identified",
    },
    {"id": "audit", "text": "Audit the pathway after a year.", "stage": "embedded"},
]


def brief_data(**changes: Any) -> dict[str, Any]:
    """A valid executive summary's front matter (of the default review), with ``changes``."""
    data: dict[str, Any] = {
        "id": "es-adult-z",
        "title": "Executive summary: Adult Z",
        "kind": "executive-summary",
        "board": "adults",
        "status": "published",
        "published": "2025-03-02",
        "themes": ["neglect"],
        "summary": "What the review of Adult Z found, in one page.",
        "reviews": ["sar-adult-z-2025"],
    }
    return _apply(data, changes)


SEVEN_SECTIONS = "\n".join(
    f"## {n}. {t}\n\nText of section {n}.\n"
    for n, t in enumerate(
        [
            "Background",
            "Why it matters",
            "What was found",
            "Key learning",
            "Things to remember",
            "Questions to reflect on",
            "What to do",
        ],
        start=1,
    )
)


def _apply(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def write_item(root: Path, data: dict[str, Any], body: str = "Body text.\n") -> Path:
    """Write a content file for ``data`` under reviews/ or briefs/ (chosen by its fields)."""
    folder = "briefs" if "kind" in data else "reviews"
    path = root / folder / f"{data['id']}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"LIF_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    env.update(extra)
    return env


def run_build(
    root: Path, site_dir: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the project's build command (strict) and return the finished process."""
    site_dir = site_dir or root / "site"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "lif.cli",
            "build",
            "--root",
            str(root),
            "--site-dir",
            str(site_dir),
        ],
        cwd=root,
        env=build_env(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def copy_project(dest: Path) -> Path:
    """An empty project at ``dest``: the repository's data, glue and pages, no content."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    (dest / "reviews").mkdir(exist_ok=True)
    (dest / "briefs").mkdir(exist_ok=True)
    return dest


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path relative to it, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def load_hooks() -> ModuleType:
    """A fresh copy of the glue, ``macros/hooks.py`` (mkdocs loads it once per process, as
    here)."""
    spec = importlib.util.spec_from_file_location("lif_test_hooks", REPO / "macros/hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def counted_forks(forks: list[int]) -> type[ForkedWork]:
    """:class:`ForkedWork` that notes each copy it starts in ``forks``."""

    class Counted(ForkedWork):
        def __init__(self, *args: object, **kwargs: object) -> None:
            forks.append(1)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    return Counted


def result_of_a_stopped_copy(self: ForkedWork, key: str) -> object:
    """In place of :meth:`ForkedWork.result`: the copy stopped before it sent ``key``."""
    raise ForkedWorkError(f"the second process stopped before it finished {key}")
