"""Stamps of the project's files: what the live preview compares between two builds to tell
which files were edited, without reading them."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

#: A file's stamp: its path (relative to the project, ``/``-separated), size and modification
#: time in nanoseconds. Saving a file changes its time, so an edit changes its stamp.
Stamp = tuple[str, int, int]


def file_stamps(root: Path, names: Iterable[str]) -> tuple[Stamp, ...]:
    """The stamps of the files and folders ``names`` (paths relative to ``root``): a file's
    own, a folder's every file's (in its sub-folders too; ``__pycache__`` left out), in order of
    path. A name that is not there has no stamp; so adding or removing a file changes them."""
    stamps: list[Stamp] = []
    for name in names:
        path = root / name
        if path.is_file():
            stamps.append(_stamp(path, name))
        elif path.is_dir():
            for folder, subfolders, files in os.walk(path):
                subfolders[:] = [s for s in subfolders if s != "__pycache__"]
                for file in files:
                    full = Path(folder, file)
                    stamps.append(_stamp(full, full.relative_to(root).as_posix()))
    return tuple(sorted(stamps))


def _stamp(path: Path, name: str) -> Stamp:
    try:
        status = path.stat()
    except OSError:
        return (name, -1, -1)
    return (name, status.st_size, status.st_mtime_ns)
