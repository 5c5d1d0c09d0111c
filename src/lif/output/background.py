"""Output writers run in a process of their own, beside the build, on another processor core.

The theme packs (a Word document, a spreadsheet, JSON and Markdown per theme, thousands of items
each) take as long to write as a third of the site's pages, and need nothing that the pages
make. :func:`start_writers` starts them as soon as the content is checked, in a new Python process
that loads the same content for the same day; the build goes on writing pages meanwhile and
:meth:`BackgroundWriters.finish` waits for them at the end. The process writes into the same
site folder, into paths no page uses.

Run as ``python -m lif.output.background ROOT SITE_DIR DAY WRITER...`` (what :func:`start_writers`
does); each writer is named by the key of :data:`BACKGROUND_WRITERS`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from lif.index.site import Site, load_site
from lif.output.files import OutputError
from lif.output.packs import write_theme_packs

#: The writers that may run in the background, by name.
BACKGROUND_WRITERS: dict[str, Callable[[Site, Path], None]] = {"theme packs": write_theme_packs}


class BackgroundWriters:
    """Writers running in their own process; :meth:`finish` waits for them."""

    def __init__(self, process: subprocess.Popen[bytes], log: IO[bytes], names: Sequence[str]):
        self._process = process
        self._log = log
        self.names = list(names)

    def running(self) -> bool:
        """True while the writers have not finished."""
        return self._process.poll() is None

    def finish(self) -> None:
        """Wait for the writers; raise :class:`OutputError` with what the process printed if
        it failed."""
        try:
            status = self._process.wait()
            self._log.seek(0)
            said = self._log.read().decode("utf-8", "replace").strip()
        finally:
            self._log.close()
        if status != 0:
            raise OutputError(
                f"writing the {', '.join(self.names)} failed (status {status}): "
                + (said or "no message")
            )

    def stop(self) -> None:
        """Stop the writers (a failed build); what they wrote stays."""
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait()
        self._log.close()


def start_writers(site: Site, site_dir: Path, names: Sequence[str]) -> BackgroundWriters:
    """Start the writers named (keys of :data:`BACKGROUND_WRITERS`) over ``site`` in a new
    process that writes into ``site_dir``. Raises :class:`OutputError` if it cannot start."""
    unknown = [name for name in names if name not in BACKGROUND_WRITERS]
    if unknown:
        raise OutputError(f"no background writer is called {', '.join(unknown)}")
    command = [sys.executable, "-m", "lif.output.background", str(site.root), str(site_dir)]
    command += [site.today.isoformat(), *names]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - open while the process runs
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=dict(os.environ)
        )
    except OSError as exc:
        log.close()
        raise OutputError(f"the {', '.join(names)} could not start ({exc})") from None
    return BackgroundWriters(process, log, names)


def main(argv: Sequence[str]) -> int:
    """Load the content at ``argv[0]`` for the day ``argv[2]`` and run the writers named after
    it into the folder ``argv[1]``; 0 on success, 1 with a message on standard error."""
    root, site_dir, day, *names = argv
    site = load_site(Path(root), dt.date.fromisoformat(day))
    if site.errors:
        print(f"{len(site.errors)} problem(s) in the content: run 'lif check'", file=sys.stderr)
        return 1
    try:
        for name in names:
            BACKGROUND_WRITERS[name](site, Path(site_dir))
    except OutputError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
