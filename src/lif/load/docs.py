"""The hand-written pages and files under ``docs/``: which there are, and a page's Markdown."""

from __future__ import annotations

from pathlib import Path

#: The folder of the site's hand-written pages and files, under the project folder.
DOCS_DIR = "docs"


def docs_files(root: Path) -> frozenset[str]:
    """Every file under ``docs/``, as a path relative to it (``framework/principles.md``);
    empty when the project has no ``docs/`` folder."""
    base = root / DOCS_DIR
    if not base.is_dir():
        return frozenset()
    return frozenset(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())


def read_docs_page(root: Path, path: str) -> str:
    """The Markdown of the page at ``path`` under ``docs/`` (its front matter included);
    ``""`` if it cannot be read as UTF-8 text."""
    try:
        return (root / DOCS_DIR / path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
