"""Every public function, class and method of the library says what it does (STYLE.md:
docstrings on public functions), read from the source so that nothing needs importing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "lif"

#: Methods that override a library's hook (html.parser, Python-Markdown, PyYAML): their base
#: class documents them, and a docstring of their own would only repeat it.
LIBRARY_HOOKS = frozenset(
    {
        "handle_starttag",
        "handle_endtag",
        "handle_startendtag",
        "handle_data",
        "handle_comment",
        "handle_entityref",
        "handle_charref",
        "run",
        "extendMarkdown",
        "ignore_aliases",
    }
)

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _public(name: str) -> bool:
    return not name.startswith("_")


def undocumented(tree: ast.Module) -> list[tuple[int, str]]:
    """The public definitions of a module that have no docstring: line and qualified name.

    Public means a module-level function or class whose name does not start with ``_``, and a
    method of such a class whose name does not (so ``__init__`` and other dunders are left out),
    except the overrides of :data:`LIBRARY_HOOKS`.
    """
    missing: list[tuple[int, str]] = []
    for node in tree.body:
        if not isinstance(node, Definition) or not _public(node.name):
            continue
        if ast.get_docstring(node) is None:
            missing.append((node.lineno, node.name))
        if not isinstance(node, ast.ClassDef):
            continue
        for member in node.body:
            if (
                isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef)
                and _public(member.name)
                and member.name not in LIBRARY_HOOKS
                and ast.get_docstring(member) is None
            ):
                missing.append((member.lineno, f"{node.name}.{member.name}"))
    return missing


def test_the_scan_finds_what_it_should() -> None:
    tree = ast.parse(
        "def shown():\n    pass\n"
        "def _private():\n    pass\n"
        "class Public:\n"
        '    """Documented."""\n'
        "    def method(self):\n        pass\n"
        "    def _helper(self):\n        pass\n"
        "    def __init__(self):\n        pass\n"
        "    def handle_starttag(self, tag, attrs):\n        pass\n"
        "class Bare:\n    pass\n"
        "class _Hidden:\n    def method(self):\n        pass\n"
    )
    assert undocumented(tree) == [(1, "shown"), (7, "Public.method"), (15, "Bare")]


MODULES = sorted(SOURCE.rglob("*.py"))


def test_the_library_has_modules() -> None:
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(SOURCE).as_posix())
def test_public_definitions_have_docstrings(path: Path) -> None:
    missing = undocumented(ast.parse(path.read_text(encoding="utf-8")))
    where = path.relative_to(SOURCE.parents[1]).as_posix()
    assert not missing, "no docstring: " + ", ".join(f"{where}:{n} {q}" for n, q in missing)
