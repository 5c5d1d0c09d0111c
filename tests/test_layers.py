"""The library's layers import one way (DESIGN.md, Architecture), and never from inside a function.

import-linter checks the layers contract in ``pyproject.toml``; the tests here run it, prove it
catches an upward import, and read the source for imports hidden inside functions.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIBRARY = REPO / "src" / "lif"
LAYERS = ["model", "load", "check", "index", "render", "output", "cli"]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command, "import-linter is installed with the test extra"
    return subprocess.run(
        [command, "--no-cache"], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_the_layers_contract_is_kept() -> None:
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The contract is not vacuous: a model module importing the render layer is caught."""
    shutil.copytree(LIBRARY, tmp_path / "src" / "lif")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    bad = tmp_path / "src" / "lif" / "model" / "sections.py"
    bad.write_text(bad.read_text() + "\nfrom lif.render import item  # noqa\n")
    env_path = str(tmp_path / "src")
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command
    result = subprocess.run(
        [command, "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "lif.model.sections -> lif.render.item" in result.stdout.replace("\n", " ")


def test_every_module_lives_in_a_layer() -> None:
    loose = [p.name for p in LIBRARY.glob("*.py") if p.name != "__init__.py"]
    folders = sorted(p.name for p in LIBRARY.iterdir() if (p / "__init__.py").exists())
    assert loose == []
    assert folders == sorted(LAYERS)


def test_no_module_of_the_library_is_imported_inside_a_function() -> None:
    hidden = []
    for path in LIBRARY.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (
                    node.level or (node.module or "").split(".")[0] == "lif"
                ):
                    hidden.append(f"{path.relative_to(LIBRARY)}:{node.lineno}")
                if isinstance(node, ast.Import) and any(
                    a.name.split(".")[0] == "lif" for a in node.names
                ):
                    hidden.append(f"{path.relative_to(LIBRARY)}:{node.lineno}")
    assert hidden == []
