"""``lif serve``: the live preview of the site, on this computer only.

It runs the generator's preview server (``mkdocs serve --dirty``) as a separate process, so this
library never imports it. The glue (``macros/hooks.py``) knows it is serving: it watches the
folders of :data:`lif.model.preview.WATCHED_FOLDERS`, lets the server's reload script run in the
preview's pages only (:data:`lif.model.policy.PREVIEW_POLICY`), and, the builds being dirty,
renders again after an edit only the pages whose source changed (the edited item's, and every
listing and theme page that shows it), then brings the search index and the theme packs up to
date in the background (:mod:`lif.output.preview`).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from lif.cli.build import GENERATORS
from lif.cli.options import project_folder
from lif.model.preview import WATCHED_FOLDERS
from lif.model.publication import today_from_env
from lif.model.settings import SettingError

#: Where the preview listens unless told otherwise: this computer only.
HOST = "127.0.0.1"
PORT = 8000


def port_number(value: str) -> int:
    """A TCP port for ``--port``; argparse reports anything else."""
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port: give a number, like 8000")
    return port


def serve_command(root: Path, host: str, port: int, generator: str = "mkdocs") -> list[str]:
    """The generator's preview server for the project at ``root``, on ``host:port``, with
    dirty builds: after an edit, only the pages that changed are rendered again."""
    return [
        sys.executable,
        "-m",
        GENERATORS[generator],
        "serve",
        "--dirty",
        "--config-file",
        str(root / "mkdocs.yml"),
        "--dev-addr",
        f"{host}:{port}",
    ]


def opening_line(host: str, port: int) -> str:
    """What the preview is and how to stop it, printed before the server starts."""
    folders = ", ".join(f"{name}/" for name in WATCHED_FOLDERS)
    return (
        f"lif serve: the preview will be at http://{host}:{port}/ once built; an edit to "
        f"{folders}, docs/ or mkdocs.yml rebuilds it and reloads the page. "
        "Drafts are not shown. Press Ctrl+C to stop."
    )


def run(args: argparse.Namespace) -> int:
    """Run ``lif serve`` with parsed arguments until it is stopped; return the exit status."""
    root = args.root.resolve()
    try:
        today_from_env()
    except SettingError as exc:
        print(f"lif serve: {exc}. Nothing was started.", file=sys.stderr)
        return 1
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    print(opening_line(args.host, args.port), file=sys.stderr, flush=True)
    command = serve_command(root, args.host, args.port, args.generator)
    server = subprocess.Popen(command, cwd=root, env=env)
    # Stopped by Ctrl+C (the terminal tells the server too) or by a signal to this process
    # alone: either way the server stops with it, never left running.
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        status = server.wait()
    except (KeyboardInterrupt, _Stopped):
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        status = 0
    finally:
        signal.signal(signal.SIGTERM, previous)
    print("lif serve: the preview has stopped.", file=sys.stderr)
    return status


class _Stopped(Exception):
    """This process was asked to stop (SIGTERM)."""


def _stop(signum: int, frame: object) -> None:
    raise _Stopped


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lif serve`` with the parser."""
    parser = subparsers.add_parser(
        "serve",
        help="preview the site on this computer; it reloads after every edit",
        description=(
            "Build the site and serve it at http://127.0.0.1:8000/. An edit to a review, brief, "
            "data or links file, a template, docs/ or mkdocs.yml rebuilds it, and the page "
            "open in the browser reloads. Search works as on the published site."
        ),
    )
    parser.add_argument(
        "--root", type=project_folder, default=Path.cwd(), help="the project folder"
    )
    parser.add_argument("--port", type=port_number, default=PORT, help="default: 8000")
    parser.add_argument(
        "--host",
        default=HOST,
        help="the address to listen on; default 127.0.0.1 (this computer only)",
    )
    parser.add_argument("--generator", choices=sorted(GENERATORS), default="mkdocs")
    parser.set_defaults(func=run)
