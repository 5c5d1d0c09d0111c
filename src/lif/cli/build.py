"""``lif build``: the static site generator (strict), then a closing line saying what it made.

The generator runs as a separate process, so this library never imports it. The search index is
built inside the generator's build (the glue, ``macros/hooks.py``), so that the generator's own
commands (``mkdocs build``, ``serve``, ``gh-deploy``) make the same whole site.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from lif.cli.options import project_folder
from lif.model.publication import today_from_env
from lif.model.settings import SettingError
from lif.output.built_site import survey
from lif.output.files import OutputError, site_folder
from lif.output.search_index import SearchIndexError

#: Generators the build can drive; each is run as ``python -m <module> build``.
GENERATORS = {"mkdocs": "mkdocs", "properdocs": "properdocs"}


def run_generator(root: Path, site_dir: Path, generator: str = "mkdocs") -> int:
    """Build the site with the generator in strict mode; its output goes to this process's."""
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    command = [
        sys.executable,
        "-m",
        GENERATORS[generator],
        "build",
        "--strict",
        "--config-file",
        str(root / "mkdocs.yml"),
        "--site-dir",
        str(site_dir),
    ]
    return subprocess.run(command, cwd=root, env=env, check=False).returncode


def build(root: Path, site_dir: Path, generator: str = "mkdocs", timings: bool = False) -> int:
    """Build the site, search index included; 0 on success, the generator's status otherwise."""
    started = time.perf_counter()
    status = run_generator(root, site_dir, generator)
    if status != 0:
        print(f"lif build: the {generator} build failed (see above).", file=sys.stderr)
        return status
    if timings:
        print(f"lif build: {generator} {time.perf_counter() - started:.2f}s", file=sys.stderr)
    try:
        line = closing_line(site_dir)
    except SearchIndexError as exc:
        print(f"lif build: {exc}", file=sys.stderr)
        return 1
    print(line, file=sys.stderr)
    return 0


def closing_line(site_dir: Path) -> str:
    """What the build made and where: "lif build: 197 pages (25 reviews and briefs) and 177
    redirects written to site/; search index built (63 pages)"."""
    built = survey(site_dir)
    items = _plural(built.items, "review or brief", "reviews and briefs")
    made = f"{_plural(built.pages, 'page')} ({items})"
    if built.redirects:
        made += f" and {_plural(built.redirects, 'redirect')}"
    searched = f"search index built ({_plural(built.searchable, 'page')})"
    return f"lif build: {made} written to {_shown(site_dir)}; {searched}"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _shown(folder: Path) -> str:
    """A folder as the reader typed it: relative to the working folder when inside it."""
    try:
        return folder.relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return folder.as_posix() + "/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``lif build`` (and ``python -m lif.cli.build``) to ``parser``."""
    parser.add_argument(
        "--root", type=project_folder, default=Path.cwd(), help="the project folder"
    )
    parser.add_argument("--site-dir", type=Path, default=None, help="where to write the site")
    parser.add_argument("--generator", choices=sorted(GENERATORS), default="mkdocs")
    parser.add_argument("--timings", action="store_true", help="print how long each step took")


def run(args: argparse.Namespace) -> int:
    """Run ``lif build`` with parsed arguments; return the exit status."""
    root = args.root.resolve()
    try:
        today_from_env()
    except SettingError as exc:
        print(f"lif build: {exc}. Nothing was built.", file=sys.stderr)
        return 1
    try:
        site_dir = site_folder(args.site_dir or root / "site")
    except OutputError as exc:
        print(f"lif build: --site-dir: {exc}. Nothing was built.", file=sys.stderr)
        return 1
    return build(root, site_dir, args.generator, args.timings)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lif build`` with the parser."""
    parser = subparsers.add_parser(
        "build", help="build the site (strict) and index it for search, in one step"
    )
    add_arguments(parser)
    parser.set_defaults(func=run)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m lif.cli.build`` with ``argv`` (the command line if None); return the exit
    status."""
    parser = argparse.ArgumentParser(prog="python -m lif.cli.build", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
