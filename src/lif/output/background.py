"""Output writers run in a process of their own, beside the build, on another processor core.

The theme packs (a Word document, a spreadsheet, JSON and Markdown per theme, thousands of items
each) take as long to write as a good part of the site's pages, and need nothing that the pages
make. :func:`start_writers` starts them as soon as the content is checked; the build goes on
writing pages meanwhile and :meth:`BackgroundWriters.finish` waits for them at the end. The
process writes into the same site folder, into paths no page uses.

A writer is in two parts (:class:`BackgroundWriter`): what it needs from the checked site is
gathered in the build's process and handed to the new process pickled, through its standard
input; the new process writes from that alone. It neither loads nor checks the content again,
and holds only what it writes. The new process is a fresh interpreter (``subprocess``, not
``fork``): the build's process may run threads (the preview's server), and the new process
shares none of its memory.

Run as ``python -m lif.output.background SITE_DIR WRITER...`` with the gathered data, pickled,
on standard input (what :func:`start_writers` does); each writer is named by the key of
:data:`BACKGROUND_WRITERS`.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lif.index.packs import ExportError
from lif.index.site import Site
from lif.output.files import OutputError
from lif.output.packs import theme_packs, write_packs


@dataclass(frozen=True)
class BackgroundWriter:
    """A writer run in the background: ``gather`` takes what it needs from the site, in the
    build's process (a value that pickles); ``write`` writes from that into the site folder,
    in the background process."""

    gather: Callable[[Site], Any]
    write: Callable[[Any, Path], None]


#: The writers that may run in the background, by name.
BACKGROUND_WRITERS: dict[str, BackgroundWriter] = {
    "theme packs": BackgroundWriter(theme_packs, write_packs)
}


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
    process that writes into ``site_dir``. Raises :class:`OutputError` if one is unknown, if
    what it needs cannot be gathered (a pack needs ``site_url``), or if the process cannot
    start."""
    unknown = [name for name in names if name not in BACKGROUND_WRITERS]
    if unknown:
        raise OutputError(f"no background writer is called {', '.join(unknown)}")
    command = [sys.executable, "-m", "lif.output.background", str(site_dir), *names]
    with tempfile.TemporaryFile() as given:
        _gather(site, names, given)
        log = tempfile.TemporaryFile()  # noqa: SIM115 - open while the process runs
        try:
            process = subprocess.Popen(
                command, stdin=given, stdout=log, stderr=log, env=dict(os.environ)
            )
        except OSError as exc:
            log.close()
            raise OutputError(f"the {', '.join(names)} could not start ({exc})") from None
    return BackgroundWriters(process, log, names)


def _gather(site: Site, names: Sequence[str], given: IO[bytes]) -> None:
    """Write into ``given`` the pickled list of what each writer named needs, and rewind it.

    The garbage collector is paused meanwhile: what is made here holds no cycles, and each of
    its collections would look through every object of the loaded site (at 5,000 items, more
    than half of the time this takes).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        gathered = [BACKGROUND_WRITERS[name].gather(site) for name in names]
        pickle.dump(gathered, given, protocol=pickle.HIGHEST_PROTOCOL)
    except ExportError as exc:
        raise OutputError(f"the {', '.join(names)} cannot be written: {exc}") from None
    finally:
        if collecting:
            gc.enable()
    given.seek(0)


def main(argv: Sequence[str], given: IO[bytes]) -> int:
    """Run the writers named after ``argv[0]`` into that folder, each from its data in the
    pickled list read from ``given`` (in the same order); 0 on success, 1 with a message on
    standard error."""
    site_dir, *names = argv
    gathered = pickle.load(given)  # noqa: S301 - written by start_writers, in the build
    try:
        for name, data in zip(names, gathered, strict=True):
            BACKGROUND_WRITERS[name].write(data, Path(site_dir))
    except OutputError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], sys.stdin.buffer))
