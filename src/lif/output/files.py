"""Every file the tools write goes through here: paths confined to their output folder.

A path that comes from content, ``data/`` or ``links/`` (an old address, an id, a term key) is
joined to its output folder only by :func:`confined`, which refuses one that would land outside
it. The folders themselves (``--out``, ``--site-dir``) are checked by :func:`output_folder` and
:func:`site_folder`, so that a wrong option gives a message instead of a traceback.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from lif.model.paths import unsafe_path_reason

#: The folder of a project that exports and reports go into by default; .gitignore lists it, so
#: that an export is never committed by mistake.
EXPORTS_DIR = "exports"


class OutputError(Exception):
    """A file or folder cannot be written where it was asked for; the message says what to do."""


class OutsideOutputError(OutputError):
    """A path would be written outside its output folder (absolute, ``..``, a backslash...)."""


def confined(root: Path, relative: str) -> Path:
    """``root / relative``, or :class:`OutsideOutputError` if that would not be inside ``root``.

    ``relative`` is a ``/``-separated path (a site address such as ``reviews/<id>/`` or a file
    name); :func:`lif.model.paths.unsafe_path_reason` says which are refused. A folder on the
    way that is a link to somewhere outside ``root`` is refused too.
    """
    reason = unsafe_path_reason(relative)
    if reason is not None:
        raise OutsideOutputError(
            f"'{relative}' cannot be written in {root}: it {reason}. "
            "Only a relative path inside the output folder can be written"
        )
    path = root / relative
    base = root.resolve()
    if not path.resolve().is_relative_to(base):
        raise OutsideOutputError(
            f"'{relative}' leads outside {root} (a folder on the way links elsewhere): "
            "remove that link from the output folder"
        )
    return path


def _os_problem(path: Path, exc: OSError) -> str:
    """What went wrong writing ``path``, and what to do, in words."""
    if isinstance(exc, PermissionError):
        return f"cannot write {path}: permission denied; choose a folder you can write to"
    if isinstance(exc, IsADirectoryError):
        return f"cannot write the file {path}: a folder of that name is there; move it away"
    if isinstance(exc, (FileExistsError, NotADirectoryError)) or exc.errno == errno.ENOTDIR:
        return (
            f"cannot make the folder {path}: a file is in the way (a file, not a folder, has "
            "its name or the name of a folder above it); choose another folder"
        )
    return f"cannot write {path}: {exc.strerror or exc}"


def make_folder(path: Path) -> Path:
    """Create the folder ``path`` (and its parents) if it is missing; :class:`OutputError` if a
    file is in the way or it cannot be created."""
    if path.exists() and not path.is_dir():
        raise OutputError(_os_problem(path, FileExistsError(errno.EEXIST, "File exists")))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(_os_problem(path, exc)) from None
    return path


def output_folder(path: Path) -> Path:
    """The folder a command writes into (``--out``), created if missing, as an absolute path.

    Raises :class:`OutputError` when ``path`` is an existing file, lies under one, or cannot be
    created.
    """
    path = path.expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise OutputError(
            f"{path} is a file, not a folder: give a folder to write into "
            "(it is created if it does not exist)"
        )
    return make_folder(path)


#: Files that show a folder holds a site built before (the generator's and this library's).
SITE_MARKERS = ("index.html", "sitemap.xml", "404.html", "_headers")


def site_folder(path: Path) -> Path:
    """The folder a site is built into (``--site-dir``), as an absolute path; not created.

    The generator empties this folder (all but its hidden files) before it writes the site, so
    a folder that holds files but no built site (a project, a home folder) is refused, as is a
    file. Raises :class:`OutputError`.
    """
    path = path.expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise OutputError(
            f"{path} is a file, not a folder: give a folder for the site "
            "(it is created if it does not exist)"
        )
    # The generator keeps hidden files (a .git of a publishing branch): only the others count.
    kept = path.is_dir() and any(not p.name.startswith(".") for p in path.iterdir())
    if kept and not any((path / m).exists() for m in SITE_MARKERS):
        raise OutputError(
            f"{path} holds files but no built site, and the build empties its folder first: "
            "choose a new or empty folder (or the folder of an earlier build)"
        )
    return path


def _store(path: Path, data: bytes) -> Path:
    make_folder(path.parent)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise OutputError(_os_problem(path, exc)) from None
    return path


def write_bytes(root: Path, relative: str, data: bytes) -> Path:
    """Write ``data`` to ``relative`` inside ``root`` (parent folders made); returns the path.

    Raises :class:`OutsideOutputError` for a path outside ``root``, :class:`OutputError` when
    the file cannot be written.
    """
    return _store(confined(root, relative), data)


def write_text(root: Path, relative: str, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``relative`` inside ``root``, like :func:`write_bytes` (which says what
    it raises)."""
    return _store(confined(root, relative), text.encode(encoding))


def page_file(root: Path, address: str) -> Path:
    """The ``index.html`` of the page at the site address ``address`` (``reviews/<id>/``)
    inside ``root``; :class:`OutsideOutputError` if the address leads outside it."""
    return confined(root, address) / "index.html"


def write_page(root: Path, address: str, text: str) -> Path:
    """Write the page at the site address ``address`` (its ``index.html``) inside ``root``;
    returns its path. Raises :class:`OutputError` as :func:`write_bytes` does."""
    return _store(page_file(root, address), text.encode("utf-8"))


def remove_folder(root: Path, relative: str) -> Path:
    """Remove the folder ``relative`` inside ``root`` with everything in it, if it is there;
    returns its path. Raises :class:`OutsideOutputError` for a path outside ``root``,
    :class:`OutputError` when it cannot be removed."""
    path = confined(root, relative)
    try:
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
    except OSError as exc:
        raise OutputError(_os_problem(path, exc)) from None
    return path
