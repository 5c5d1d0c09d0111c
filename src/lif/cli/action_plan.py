"""``lif action-plan``: the financial year's action-plan status for a board's annual report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lif.cli.options import project_folder
from lif.index.annual import parse_year
from lif.index.site import load_site
from lif.load.settings import site_settings
from lif.output.action_plan import export_action_plan
from lif.output.files import EXPORTS_DIR, OutputError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lif action-plan`` with the parser."""
    parser = subparsers.add_parser(
        "action-plan",
        help="write a board's action-plan status for a year (CSV and Markdown) for its "
        "annual report",
        description=(
            "Write the action-plan status of a board's published reviews for one year: a CSV "
            "table (one row per recommendation: what was learned, what was done, its stage, "
            "RAG rating and evidence, and the reason for any recommendation not taken forward) "
            "and a Markdown summary for the annual report. The year is the financial year "
            "boards report on, 1 April to 31 March: --year 2025 (or 2025/26) means 1 April "
            "2025 to 31 March 2026. The status is given at the end of the year, or today if "
            "the year is not over."
        ),
    )
    parser.add_argument(
        "--root",
        type=project_folder,
        default=Path.cwd(),
        help="the project folder (the one holding reviews/, briefs/ and data/); default: here",
    )
    parser.add_argument(
        "--board",
        required=True,
        help="the board: a key of data/boards.yml, such as children, adults or both",
    )
    parser.add_argument(
        "--year",
        required=True,
        help="the financial year by the year it starts in: 2025 or 2025/26 is 1 April 2025 to "
        "31 March 2026",
    )
    parser.add_argument(
        "--calendar-year",
        action="store_true",
        help="read --year as a calendar year, 1 January to 31 December",
    )
    parser.add_argument(
        "--no-joint",
        action="store_true",
        help="leave out joint reviews (board: both); by default they are in both boards' reports",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"the folder to write into (created if needed); default: {EXPORTS_DIR}/ of the "
        "project, which git ignores",
    )
    parser.add_argument(
        "--site-url",
        default=None,
        help="the site's address, for links to each recommendation; default: site_url of "
        "mkdocs.yml",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``lif action-plan`` with parsed arguments; return the exit status."""
    root: Path = args.root.resolve()
    try:
        year = parse_year(args.year, calendar=args.calendar_year)
    except ValueError as exc:
        print(f"lif action-plan: --year: {exc}", file=sys.stderr)
        return 1
    site = load_site(root)
    board = site.vocab.boards.resolve(args.board)
    if board is None:
        allowed = ", ".join(site.vocab.boards.keys())
        print(
            f"lif action-plan: --board: unknown board '{args.board}'; allowed: {allowed}",
            file=sys.stderr,
        )
        return 1
    if site.errors:
        for problem in site.errors:
            print(problem.format(), file=sys.stderr)
        print(
            f"lif action-plan: {len(site.errors)} error(s) in the content (listed above): fix "
            "them first ('lif check' lists the same). Nothing was written.",
            file=sys.stderr,
        )
        return 1
    site_url: str = (
        args.site_url if args.site_url is not None else site_settings(root).site_url or ""
    )
    out = args.out if args.out is not None else root / EXPORTS_DIR
    try:
        csv_path, md_path, count = export_action_plan(
            site, board, year, out, include_joint=not args.no_joint, site_url=site_url
        )
    except OutputError as exc:
        print(f"lif action-plan: --out: {exc}", file=sys.stderr)
        return 1
    print(f"{csv_path}\n{md_path}")
    print(
        f"lif action-plan: {count} recommendation(s) for {site.vocab.boards.label(board)}, "
        f"{year.label}: wrote {csv_path.name} and {md_path.name} in {csv_path.parent}",
        file=sys.stderr,
    )
    return 0
