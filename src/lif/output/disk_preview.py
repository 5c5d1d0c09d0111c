"""A copy of the built site that reads from disk: the pull request's preview.

A browser opening a page from disk (``file://``) shows a folder's listing where a link names the
folder (``../reviews/``): a web server would have answered with its ``index.html``. The copy's
links between its pages name that ``index.html``, so a reviewer can download the preview, unzip it
and follow every link without a web server. Search needs one (its index is fetched), so the
preview's search says that it is not available and offers the lists instead.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from lif.output.files import OutputError, write_text

#: Attributes whose value is an address that a reader follows.
_LINK_ATTRIBUTES = frozenset({"href", "action"})

#: The start of an address that is not a relative path: a scheme, the site root, a fragment.
_NOT_RELATIVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


class _FolderLinks(HTMLParser):
    """Finds the relative links to a folder of the site, with their offsets in the page."""

    def __init__(self, text: str, page: Path, site: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.page = page
        self.site = site
        self.line_starts = [0, *(m.end() for m in re.finditer(r"\n", text))]
        #: (offset of the value in the page, the value as written, the value to write)
        self.changes: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        for name, value in attrs:
            if name not in _LINK_ATTRIBUTES or value is None or _NOT_RELATIVE.match(value):
                continue
            new = self._to_index(value)
            if new is None:
                continue
            found = re.search(rf'\s{name}\s*=\s*(["\']?){re.escape(value)}\1', raw)
            if found is not None:
                offset = start + found.start() + found.group(0).index(value, len(name) + 1)
                self.changes.append((offset, value, new))

    def _to_index(self, value: str) -> str | None:
        """``value`` naming the ``index.html`` of the folder it names, or None if it names none."""
        path, rest = re.fullmatch(r"([^?#]*)(.*)", value, re.S).groups()  # type: ignore[union-attr]
        if path not in {"", ".", ".."} and not path.endswith(("/", "/.", "/..")):
            return None
        folder = (self.page.parent / path).resolve()
        if not folder.is_relative_to(self.site) or not (folder / "index.html").is_file():
            return None
        return (f"{path.rstrip('/')}/index.html" if path else "index.html") + rest


def readable_from_disk(html: str, page: Path, site: Path) -> str:
    """The page ``html`` (the file ``page`` inside the site folder ``site``) with each relative
    link to a folder of the site written as a link to that folder's ``index.html``."""
    finder = _FolderLinks(html, page, site.resolve())
    finder.feed(html)
    finder.close()
    out: list[str] = []
    position = 0
    for offset, old, new in sorted(finder.changes):
        if offset < position or html[offset : offset + len(old)] != old:
            continue
        out += [html[position:offset], new]
        position = offset + len(old)
    out.append(html[position:])
    return "".join(out)


def write_disk_preview(site_dir: Path, out_dir: Path) -> int:
    """Copy the built site ``site_dir`` to ``out_dir`` (replaced if it is there) with every page's
    links between pages readable from disk; returns how many pages were written.

    Raises :class:`lif.output.files.OutputError` if the site folder is not a built site or the
    copy cannot be written.
    """
    if not (site_dir / "index.html").is_file():
        raise OutputError(f"{site_dir} is not a built site (it has no index.html): build it first")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    try:
        shutil.copytree(site_dir, out_dir)
    except OSError as exc:
        raise OutputError(f"the preview cannot be written to {out_dir}: {exc}") from None
    pages = 0
    for page in sorted(out_dir.rglob("*.html")):
        relative = page.relative_to(out_dir).as_posix()
        html = page.read_text(encoding="utf-8")
        changed = readable_from_disk(html, page, out_dir)
        if changed != html:
            write_text(out_dir, relative, changed)
            pages += 1
    return pages
