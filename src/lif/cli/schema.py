"""``lif schema``: write the JSON Schemas of the front matter for editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lif.cli.options import project_folder
from lif.model.vocab import VocabularyError
from lif.output.schema import SCHEMA_DIR, SCHEMAS, write_schemas


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lif schema`` with the parser."""
    parser = subparsers.add_parser(
        "schema",
        help="write the JSON Schemas of the front matter that editors use (schema/*.json)",
        description=(
            "Generate schema/review.schema.json and schema/brief.schema.json from the content "
            "models and the vocabularies in data/, for editors' YAML support."
        ),
    )
    parser.add_argument(
        "--root", type=project_folder, default=Path.cwd(), help="the project folder"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a schema file is missing or out of date",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``lif schema`` with parsed arguments; return the exit status."""
    root = args.root.resolve()
    try:
        changed = write_schemas(root, check=args.check)
    except VocabularyError as exc:
        print(f"lif schema: {exc}", file=sys.stderr)
        return 1
    everything = " and ".join(f"{SCHEMA_DIR}/{name}" for name, _ in SCHEMAS.values())
    if args.check:
        for name in changed:
            print(f"{name} is out of date: run 'lif schema' to regenerate it", file=sys.stderr)
        if changed:
            return 1
        print(f"lif schema: {everything} are up to date.", file=sys.stderr)
        return 0
    if changed:
        print(f"lif schema: wrote {' and '.join(changed)}.", file=sys.stderr)
    else:
        print(f"lif schema: {everything} were up to date; nothing written.", file=sys.stderr)
    return 0
