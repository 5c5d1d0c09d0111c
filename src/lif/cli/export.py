"""``lif export``: training packs and newsletter digests of the published learning."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from lif.cli.options import project_folder
from lif.index.packs import ExportError, Scope, build_digest, build_pack, site_base_url
from lif.index.site import Site, load_site
from lif.model.paths import PACK_FORMATS
from lif.model.vocab import Vocabulary
from lif.output.digest import render_digest_html, render_digest_markdown
from lif.output.files import EXPORTS_DIR, OutputError, output_folder, write_bytes, write_text
from lif.output.packs import render_pack


def _term(vocab: Vocabulary, value: str | None, option: str) -> str | None:
    if value is None:
        return None
    key = vocab.resolve(value)
    if key is not None:
        return key
    raise ExportError(f"{option}: {vocab.unknown_message(value)}")


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ExportError(
            f"{option}: '{value}' is not a date; write it as YYYY-MM-DD, like 2024-03-31"
        ) from None


def scope_from_args(site: Site, args: argparse.Namespace) -> Scope:
    """The scope the options name, with vocabulary aliases resolved; ExportError if bad."""
    vocab = site.vocab
    scope = Scope(
        theme=_term(vocab.themes, args.theme, "--theme"),
        review_type=_term(vocab.review_types, args.review_type, "--review-type"),
        board=_term(vocab.boards, args.board, "--board"),
        start=_date(args.date_from, "--from"),
        end=_date(args.date_to, "--to"),
    )
    if scope.start and scope.end and scope.start > scope.end:
        raise ExportError(f"--from {scope.start} is after --to {scope.end}")
    return scope


def parse_formats(value: str) -> list[str]:
    """The pack formats ``--format`` names (``docx,html``), each once, in the order given.

    Raises :class:`lif.index.packs.ExportError` for an unknown format or none.
    """
    formats = [f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in PACK_FORMATS]
    if unknown or not formats:
        raise ExportError(
            f"--format: unknown format {', '.join(unknown) or '(none)'}; "
            f"give one or more of {','.join(PACK_FORMATS)}, separated by commas"
        )
    return list(dict.fromkeys(formats))


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lif export`` with the parser."""
    parser = subparsers.add_parser(
        "export",
        help="write a training pack (or, with --digest, a newsletter digest) of published learning",
        description=(
            "Write the published learning of a theme, review type, board or date range as a "
            "training pack (Markdown, CSV, JSON, Word), each item and learning point with its "
            "permanent link. With --digest, write what was published in the date range as "
            "Markdown and e-mail-safe HTML for a newsletter. Drafts and embargoed items are "
            "never included."
        ),
    )
    parser.add_argument(
        "--root", type=project_folder, default=Path.cwd(), help="the project folder"
    )
    parser.add_argument("--theme", help="a theme key or alias, like 'neglect'")
    parser.add_argument(
        "--review-type", help="a review type key, like 'safeguarding-adults-review'"
    )
    parser.add_argument("--board", help="a board key: children, adults or both")
    parser.add_argument(
        "--from", dest="date_from", metavar="YYYY-MM-DD", help="published on or after this date"
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        metavar="YYYY-MM-DD",
        help="published on or before this date (digest default: today)",
    )
    parser.add_argument(
        "--format",
        default=",".join(PACK_FORMATS),
        help=f"pack formats, comma-separated (default: {','.join(PACK_FORMATS)})",
    )
    parser.add_argument(
        "--digest",
        action="store_true",
        help="write a newsletter digest of the date range instead of a pack",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(EXPORTS_DIR),
        help=f"the folder to write into (default: ./{EXPORTS_DIR}, which git ignores)",
    )
    parser.add_argument(
        "--base-url",
        help="the site's public address for links (default: site_url in mkdocs.yml)",
    )
    parser.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Run ``lif export`` with parsed arguments; return the exit status."""
    root: Path = args.root.resolve()
    site = load_site(root)
    if site.errors:
        print(
            f"lif export: the content has {len(site.errors)} error(s); run 'lif check' and fix "
            "them first. Nothing was exported.",
            file=sys.stderr,
        )
        return 1
    try:
        scope = scope_from_args(site, args)
        formats = parse_formats(args.format)
        base_url = args.base_url or site_base_url(site)
    except ExportError as exc:
        print(f"lif export: {exc}", file=sys.stderr)
        return 1
    if not base_url.startswith(("https://", "http://")):
        print(f"lif export: --base-url '{base_url}' must start with https://", file=sys.stderr)
        return 1
    try:
        out = output_folder(args.out)
    except OutputError as exc:
        print(f"lif export: --out: {exc}", file=sys.stderr)
        return 1
    written: list[Path] = []
    if args.digest:
        if scope.start is None:
            scope = Scope(
                scope.theme,
                scope.review_type,
                scope.board,
                (scope.end or site.today) - dt.timedelta(days=30),
                scope.end,
            )
        digest = build_digest(site, scope, base_url)
        stem = f"digest-{digest.start.isoformat()}-to-{digest.end.isoformat()}"
        if scope.theme or scope.review_type or scope.board:
            stem += "_" + Scope(scope.theme, scope.review_type, scope.board).slug()
        for name, text in (
            (f"{stem}.md", render_digest_markdown(digest)),
            (f"{stem}.html", render_digest_html(digest)),
        ):
            written.append(write_text(out, name, text))
        count = f"{len(digest.new)} new, {len(digest.updated)} updated"
    else:
        pack = build_pack(site, scope, base_url)
        stem = f"training-pack-{scope.slug()}"
        for fmt in formats:
            written.append(write_bytes(out, f"{stem}.{fmt}", render_pack(pack, fmt)))
        count = f"{len(pack.items)} item(s)"
    for path in written:
        print(path)
    print(f"lif export: {count}; wrote {len(written)} file(s) in {out}", file=sys.stderr)
    return 0
