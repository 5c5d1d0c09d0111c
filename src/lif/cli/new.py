"""``lif new``: start a new review or brief from its template, at the right path, with an id."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lif.cli.options import project_folder
from lif.load.data import load_vocabularies
from lif.model.vocab import VocabularyError
from lif.output.scaffold import (
    REVIEW,
    Request,
    ScaffoldError,
    _split,
    content_types,
    missing_options_message,
    resolve_type,
    scaffold,
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lif new`` with the parser."""
    parser = subparsers.add_parser(
        "new",
        help="start a new review or brief (a draft) from its template",
        description=(
            "Write a new draft review, seven-minute briefing, executive summary or thematic note "
            "at the right path with a valid id, and say what to do next. Anything not given as "
            "an option is asked for when run in a terminal."
        ),
    )
    parser.add_argument(
        "content_type",
        metavar="TYPE",
        nargs="?",
        help="review, seven-minute-briefing (7mb), executive-summary (es) or thematic-note "
        "(asked for if not given)",
    )
    parser.add_argument("--title", help="the title (use the pseudonym, never a real name)")
    parser.add_argument("--type", dest="review_type", help="review type, e.g. sar, lcspr, dhr")
    parser.add_argument("--board", help="children, adults or both")
    parser.add_argument("--themes", action="append", default=[], help="themes, comma-separated")
    parser.add_argument("--subject", help="the pseudonym of a case review, e.g. 'Adult K'")
    parser.add_argument("--author", help="the independent reviewer or author")
    parser.add_argument(
        "--reviews", action="append", default=[], help="ids of the reviews a brief draws on"
    )
    parser.add_argument("--id", help="the id to use instead of the one made from the title")
    parser.add_argument(
        "--root", type=project_folder, default=Path.cwd(), help="the project folder; default: here"
    )
    parser.add_argument(
        "--no-input", action="store_true", help="never ask: fail if something is missing"
    )
    parser.set_defaults(func=run)


def _terminal_ask(question: str) -> str:
    return input(question)


def run(args: argparse.Namespace) -> int:
    """Run ``lif new`` with parsed arguments; return the exit status."""
    interactive = not args.no_input and sys.stdin.isatty()
    try:
        vocab = load_vocabularies(args.root.resolve() / "data")
        wanted = args.content_type
        if not wanted:
            if not interactive:
                missing = [
                    option
                    for option, given in (
                        ("--title", args.title),
                        ("--board", args.board),
                        ("--themes", args.themes),
                    )
                    if not given
                ]
                raise ScaffoldError(
                    f"say what to start: lif new TYPE, where TYPE is one of "
                    f"{', '.join(content_types(vocab))}",
                    *([missing_options_message(missing)] if missing else []),
                )
            wanted = _terminal_ask(f"What are you starting ({', '.join(content_types(vocab))})? ")
        content_type, named_type = resolve_type(wanted, vocab)
        if named_type and args.review_type and args.review_type != named_type:
            raise ScaffoldError(f"'{args.content_type}' and --type {args.review_type} disagree")
        if content_type != REVIEW and (args.review_type or args.subject or args.author):
            raise ScaffoldError("--type, --subject and --author are for reviews only")
        if content_type == REVIEW and args.reviews:
            raise ScaffoldError("--reviews is for briefs only")
        request = Request(
            content_type=content_type,
            title=args.title,
            board=args.board,
            themes=_split(args.themes),
            review_type=args.review_type or named_type,
            subject=args.subject,
            author=args.author,
            reviews=_split(args.reviews),
            id=args.id,
        )
        created = scaffold(args.root, request, _terminal_ask if interactive else None)
    except ScaffoldError as exc:
        for message in exc.messages:
            print(f"lif new: {message}", file=sys.stderr)
        print("lif new: nothing was written.", file=sys.stderr)
        return 2
    except VocabularyError as exc:
        print(f"lif new: {exc}", file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        print("\nlif new: stopped; nothing was written", file=sys.stderr)
        return 130
    print(created.next_steps, end="")
    return 0
