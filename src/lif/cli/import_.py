"""``lif import``: a Word document (or a folder of them) becomes a draft item to check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lif.cli.options import project_folder
from lif.load.data import load_vocabularies
from lif.load.word import WordError, read_word, word_files
from lif.model.vocab import VocabularyError
from lif.output.files import OutputError
from lif.output.scaffold import REVIEW, ScaffoldError, _split, resolve_type
from lif.output.word_draft import GUESSED, Given, Imported, WordImportError, import_word


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lif import`` with the parser."""
    parser = subparsers.add_parser(
        "import",
        help="turn a Word document (.docx), or a folder of them, into a draft to check",
        description=(
            "Turn a seven-minute briefing, executive summary or review summary written in Word "
            "into a draft item at the right path. Its title, kind, board and themes are guessed "
            f"from the document and marked '{GUESSED}' for you to confirm; its pictures are "
            "saved beside it. Nothing is ever overwritten."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="FILE", help="Word documents or folders of them"
    )
    parser.add_argument(
        "--kind",
        dest="content_type",
        help="what it is: seven-minute-briefing (7mb), executive-summary (es), thematic-note, "
        "review, or a review type such as sar (guessed if not given)",
    )
    parser.add_argument("--title", help="the title (guessed from the document if not given)")
    parser.add_argument("--type", dest="review_type", help="for a review: its type, e.g. sar")
    parser.add_argument("--board", help="children, adults or both (guessed if not given)")
    parser.add_argument("--themes", action="append", default=[], help="themes, comma-separated")
    parser.add_argument("--id", help="the id to use instead of the one made from the title")
    parser.add_argument(
        "--root", type=project_folder, default=Path.cwd(), help="the project folder; default: here"
    )
    parser.set_defaults(func=run)


def _given(args: argparse.Namespace, root: Path) -> Given:
    """The options as values of the vocabularies; raises ScaffoldError for an unknown one."""
    vocab = load_vocabularies(root / "data")
    content_type = review_type = None
    if args.content_type:
        content_type, review_type = resolve_type(args.content_type, vocab)
    if args.review_type:
        review_type = vocab.review_types.resolve(args.review_type)
        if review_type is None:
            raise ScaffoldError(vocab.review_types.unknown_message(args.review_type))
        content_type = REVIEW
    board = None
    if args.board:
        board = vocab.boards.resolve(args.board)
        if board is None:
            raise ScaffoldError(vocab.boards.unknown_message(args.board))
    themes = []
    for value in _split(args.themes):
        key = vocab.themes.resolve(value)
        if key is None:
            raise ScaffoldError(vocab.themes.unknown_message(value, "theme"))
        themes.append(key)
    return Given(content_type, args.title, board, tuple(themes), review_type, args.id)


def report(imported: Imported) -> str:
    """What the import wrote and what to look at, for the person who ran it."""
    lines = [f"Wrote {imported.relative} (a draft) from {imported.source.name}."]
    if imported.guesses:
        lines.append(f"Guessed from the document, marked '{GUESSED}' in the file:")
        lines += [f"  {g.field}: {g.value} ({g.reason})" for g in imported.guesses]
    if imported.images:
        lines.append("Pictures saved beside it; each needs a description (alt text):")
        lines += [f"  {path}" for path in imported.images]
    lines += [f"To do: {note}" for note in imported.notes]
    if imported.personal_data:
        lines.append("Possible personal data (remove it before publishing):")
        lines += [f"  {problem.format()}" for problem in imported.personal_data]
    else:
        lines.append("No personal data was found by the scan.")
    lines.append(
        f"Next: open {imported.relative}, confirm or correct each field marked "
        f"'{GUESSED}' (then delete the mark), replace every '[[fill in: ...]]' (the summary, "
        "and a description of each picture), and compare the text with the Word document; "
        f"then run 'lif check {imported.relative}'. It stays a draft until you set "
        "'status: published' and a 'published' date."
    )
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Run ``lif import`` with parsed arguments; return the exit status."""
    root = args.root.resolve()
    try:
        given = _given(args, root)
    except (ScaffoldError, VocabularyError) as exc:
        print(f"lif import: {exc}", file=sys.stderr)
        return 2
    documents: list[Path] = []
    failed = 0
    for path in args.paths:
        try:
            documents += word_files(path)
        except WordError as exc:
            print(f"lif import: {exc}", file=sys.stderr)
            failed += 1
    if len(documents) > 1 and (given.id or given.title):
        print("lif import: --id and --title name one document; give one file", file=sys.stderr)
        return 2
    written = 0
    for document_path in documents:
        try:
            imported = import_word(root, read_word(document_path), given)
        except (WordError, WordImportError, OutputError) as exc:
            print(f"lif import: {exc}", file=sys.stderr)
            failed += 1
            continue
        if written:
            print()
        print(report(imported), end="")
        written += 1
    if len(documents) > 1 or failed:
        print(f"lif import: {written} draft(s) written, {failed} document(s) not imported")
    return 1 if failed else 0
