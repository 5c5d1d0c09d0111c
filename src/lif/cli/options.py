"""Options every command shares: the project folder (``--root``), checked as it is parsed."""

from __future__ import annotations

import argparse
from pathlib import Path


def project_folder(value: str) -> Path:
    """The ``--root`` given, as a path; argparse reports a value that is not a folder."""
    path = Path(value).expanduser()
    if not path.exists():
        raise argparse.ArgumentTypeError(
            f"'{value}' does not exist: give the project folder (the one holding reviews/, "
            "briefs/ and data/)"
        )
    if not path.is_dir():
        raise argparse.ArgumentTypeError(
            f"'{value}' is a file, not a folder: give the project folder (the one holding "
            "reviews/, briefs/ and data/)"
        )
    return path
