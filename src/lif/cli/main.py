"""The ``lif`` command for board office staff: check content (and, through its subcommands,
scaffold new items and export learning).

Every subcommand is a module with ``add_parser(subparsers)`` that sets ``func`` on its parser;
:data:`SUBCOMMANDS` lists them. No subcommand prints a traceback: problems in content are
reported as ``path:line:column: field: message`` and the exit status says whether any was an error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from lif.cli import action_plan, build, export, import_, new, permalinks, schema, serve
from lif.cli.options import project_folder
from lif.index.site import load_site
from lif.load.base import load_base
from lif.load.content import content_files
from lif.load.git import GitError, changed_files, default_base, in_repository
from lif.model.collector import end_without_collecting
from lif.model.library import COLLECTIONS
from lif.model.problems import Problem
from lif.model.settings import SettingError, parallel_from_env
from lif.model.vocab import VocabularyError
from lif.output.files import OutputError

#: Modules that add a subcommand besides ``check`` (each defines ``add_parser``).
SUBCOMMANDS = [build, serve, new, import_, schema, export, permalinks, action_plan]


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root",
        type=project_folder,
        default=Path.cwd(),
        help="the project folder (the one holding reviews/, briefs/ and data/); default: here",
    )


def add_check_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lif check`` with the parser."""
    parser = subparsers.add_parser(
        "check",
        help="check every review and brief (or only the files named) and report every problem",
        description=(
            "Check the content of the project: front matter, vocabularies, ids, cross-references "
            "and publication rules. Prints every problem in every file as "
            "'path:line:column: field: message', the files changed on this branch first (in a "
            "git repository); warnings in files not changed on this branch are counted in one "
            "line unless --all-warnings is given. Exits 1 if any problem is an error."
        ),
    )
    _add_root(parser)
    parser.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="'github' prints GitHub Actions annotations, shown on the pull request",
    )
    parser.add_argument(
        "--base",
        metavar="REF",
        help="the branch (or commit) this change goes into, like origin/main: every address "
        "public there must stay reachable (read through git; the pull-request check gives it)",
    )
    parser.add_argument(
        "--all-warnings",
        action="store_true",
        help="also list the warnings in files not changed on this branch (by default they are "
        "counted in one line)",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="only check these files")
    parser.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Run ``lif check`` with parsed arguments; return the exit status (1 if any problem is an
    error)."""
    root: Path = args.root.resolve()
    named, refused = named_content(root, args.paths)
    base = None
    if args.base:
        try:
            base = load_base(root, args.base)
        except GitError as exc:
            print(f"lif check: --base {args.base}: {exc}. Nothing was checked.", file=sys.stderr)
            return 1
    # The whole project is always loaded, so that cross-references from the named files resolve;
    # only the named files' problems are reported.
    try:
        site = load_site(root, base=base, parallel=parallel_from_env(os.environ))
    except VocabularyError as exc:
        # The content is checked against the vocabularies: without them it cannot be.
        report(exc.problems, args.format)
        if args.format == "text":
            files = ", ".join(sorted({p.path for p in exc.problems}))
            print(
                f"lif check: {len(exc.problems)} error(s) in {files}; the reviews and briefs "
                "were not checked: fix the data files first",
                file=sys.stderr,
            )
        return 1
    problems = site.problems
    if args.paths:
        problems = [p for p in problems if _wanted(p.path, named)]
    changed = None if args.paths else _changed_on_branch(root, args.base)
    shown, held = arrange(problems, changed.files if changed else None, args.all_warnings)
    report(refused + shown, args.format)
    errors = sum(p.is_error for p in problems) + len(refused)
    warnings = sum(not p.is_error for p in shown)
    if args.format == "text":
        if held and changed is not None:
            held_files = len({p.path for p in held})
            print(
                f"lif check: {len(held)} older warning(s) in {held_files} file(s) not changed on "
                f"this branch (since {changed.base}) are not listed; add --all-warnings to list "
                "them",
                file=sys.stderr,
            )
        summary = f"{errors} error(s), {warnings} warning(s)"
        valid = len(site.library.items)
        print(f"lif check: {summary}; {valid} valid item(s) in {root}", file=sys.stderr)
    return 1 if errors else 0


@dataclass(frozen=True)
class Changed:
    """The files changed on this branch, and the base they are compared with."""

    base: str
    files: frozenset[str]


def _changed_on_branch(root: Path, base: str | None) -> Changed | None:
    """The files changed since this branch left ``base`` (or the usual main branch, or the last
    commit), with uncommitted and new files; None outside a git repository."""
    if not in_repository(root):
        return None
    ref = base or default_base(root) or "HEAD"
    try:
        return Changed(ref, frozenset(changed_files(root, ref)))
    except GitError:
        return None


def arrange(
    problems: Sequence[Problem], changed: Collection[str] | None, all_warnings: bool = False
) -> tuple[list[Problem], list[Problem]]:
    """The problems to list, those of the ``changed`` files first, and the warnings held back:
    those in files not changed (unless ``all_warnings``). Errors are always listed. Without
    ``changed`` (not a git repository), every problem is listed in file order."""
    if changed is None:
        return list(problems), []
    first = [p for p in problems if p.path in changed]
    rest = [p for p in problems if p.path not in changed]
    if all_warnings:
        return first + rest, []
    return first + [p for p in rest if p.is_error], [p for p in rest if not p.is_error]


def named_content(root: Path, paths: Sequence[Path]) -> tuple[list[str], list[Problem]]:
    """The content files and folders named on the command line, relative to ``root``, and a
    problem for each name that is not a review, a brief or a folder of them in this project."""
    collections = "/ or ".join(COLLECTIONS) + "/"
    content = {p.relative_to(root).as_posix() for p in content_files(root)} if paths else set()
    named: list[str] = []
    refused: list[Problem] = []
    for given in paths:
        path = (given if given.is_absolute() else Path.cwd() / given).resolve()
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = None
        if not path.exists():
            message = "no such file: give a review or brief of the project (a .md file under "
            message += f"{collections}), or leave out the paths to check them all"
        elif rel == "." and path.is_dir():
            named.append(rel)  # the whole project
            continue
        elif rel is None or rel.split("/")[0] not in COLLECTIONS:
            message = (
                f"is not under {collections} of the project in {root}, so it is not checked: "
                "give a review or brief of this project, or choose the project with --root"
            )
        elif path.is_file() and rel not in content:
            message = (
                f"is not a review or brief: they are the .md files under {collections} "
                "(README.md excepted)"
            )
        else:
            named.append(rel)
            continue
        refused.append(Problem(str(given), 1, 1, "file", message))
    return named, refused


def _wanted(path: str, named: Sequence[str]) -> bool:
    """True if the problem's ``path`` is one of the named files or inside a named folder."""
    return any(n in {".", path} or path.startswith(n + "/") for n in named)


def report(problems: Sequence[Problem], fmt: str = "text") -> None:
    """Print problems one a line, plain or as GitHub annotations."""
    for problem in problems:
        print(problem.format_github() if fmt == "github" else problem.format())


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``lif`` and every command of it."""
    parser = argparse.ArgumentParser(
        prog="lif",
        description="Publish and check safeguarding learning: reviews, briefings and notes.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_check_parser(subparsers)
    for command in SUBCOMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``lif`` with ``argv`` (the command line if None); return the exit status.

    A bad vocabulary, setting or output folder, or anything unexpected, is reported as a
    message naming the command, never a traceback.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except VocabularyError as exc:
        print(f"{exc}", file=sys.stderr)
        return 1
    except SettingError as exc:
        print(f"lif {args.command}: {exc}. Nothing was changed.", file=sys.stderr)
        return 1
    except OutputError as exc:
        print(f"lif {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for board staff
        print(
            f"lif {args.command}: unexpected problem ({type(exc).__name__}: {exc}). "
            "Nothing was changed. Please report this with the command you ran.",
            file=sys.stderr,
        )
        return 2


def run() -> None:
    """The ``lif`` command: :func:`main` on the command line, then the process ends with its
    exit status, without the garbage collector's last pass over every object
    (:func:`lif.model.collector.end_without_collecting`)."""
    status = main()
    end_without_collecting()
    sys.exit(status)


if __name__ == "__main__":
    run()
