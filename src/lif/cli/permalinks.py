"""``lif permalinks``: record newly public addresses in ``links/published.yml``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lif.cli.options import project_folder
from lif.index.site import load_site
from lif.load.links import load_link_data
from lif.model.links import RECORD_FILE, unsafe_link_problems
from lif.output.permalinks import _describe_changes, updated_record, write_record


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lif permalinks`` with the parser."""
    parser = subparsers.add_parser(
        "permalinks",
        help="keep the record of published addresses (links/published.yml) up to date",
        description=(
            "Compare the record of published addresses with the content. Without --update, "
            "list what is missing from the record and exit 1 if anything is. With --update, "
            "add every item public today and its learning-point and recommendation anchors to "
            "the record (nothing that was public is ever removed) so that later renames cannot "
            "break links to them. The site workflow runs it after each deployment and commits "
            "the record: staff never need to. Drafts, embargoed items and items on hold are "
            "recorded on the day they become public."
        ),
    )
    parser.add_argument(
        "--root", type=project_folder, default=Path.cwd(), help="the project folder"
    )
    parser.add_argument("--update", action="store_true", help="write the additions")
    parser.set_defaults(func=run_permalinks)


def run_permalinks(args: argparse.Namespace) -> int:
    """Run ``lif permalinks`` with parsed arguments; return the exit status."""
    root: Path = args.root.resolve()
    site = load_site(root)
    links = load_link_data(root)
    problems = links.problems + unsafe_link_problems(links)
    if problems:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        print("lif permalinks: fix the problems above first; nothing was changed.", file=sys.stderr)
        return 1
    old = links.record or {}
    new = updated_record(old, site.library.items, site.today)
    changes = _describe_changes(old, new)
    if not changes:
        print(
            f"lif permalinks: {RECORD_FILE} is up to date ({len(new)} address(es)).",
            file=sys.stderr,
        )
        return 0
    for line in changes:
        print(line)
    if not args.update:
        print(
            f"lif permalinks: {RECORD_FILE} is missing the above; run "
            "'lif permalinks --update' to add them.",
            file=sys.stderr,
        )
        return 1
    write_record(root, new)
    print(f"lif permalinks: updated {RECORD_FILE} ({len(changes)} change(s)).", file=sys.stderr)
    return 0
