"""Make the pull request's preview: a copy of the built site whose links work from disk.

    .venv/bin/python scripts/disk_preview.py site site-preview

The workflow (.github/workflows/site.yml) runs it after the build and keeps ``site-preview`` as
the pull request's artefact; docs/how-to-publish.md tells reviewers to download it, unzip it and
open ``index.html``. See :mod:`lif.output.disk_preview`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lif.output.disk_preview import write_disk_preview
from lif.output.files import OutputError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (lif build --site-dir SITE)")
    parser.add_argument("out", type=Path, help="the folder to write the preview to (replaced)")
    args = parser.parse_args(argv)
    try:
        pages = write_disk_preview(args.site, args.out)
    except OutputError as exc:
        print(f"disk_preview: {exc}", file=sys.stderr)
        return 1
    print(f"disk_preview: {args.out}/ written; links made readable from disk on {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
