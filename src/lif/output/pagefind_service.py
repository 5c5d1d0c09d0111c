"""Pagefind's indexing service, run beside the build: pages go in as they are written.

The ``pagefind`` package's Python API starts the Pagefind binary (of the ``pagefind[bin]``
package) as a service and talks to it over its standard input and output: each message is JSON,
base64-encoded, followed by a comma. Its client reads one answer every tenth of a second, so that
a site of 5,000 pages would wait more than eight minutes for the answers alone; this client
speaks the same protocol with a thread that reads the answers as they come. The binary is found
as the package finds it (:func:`pagefind.service.get_executable`), and the requests are the
package's own (``pagefind.service.types``).

The service indexes each page in its own process, on another processor core, while the build
goes on writing pages; :meth:`PagefindService.get_files` waits for it and returns the bundle.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from typing import IO, Any

from pagefind.service import get_executable


class PagefindError(Exception):
    """The service could not be started or refused a request; the message says which."""


class PagefindService:
    """One Pagefind index, built by a service process.

    ``exclude_selectors`` and ``language`` are Pagefind's index options of the same names (its
    ``--exclude-selectors`` and ``--force-language``). Raises :class:`PagefindError` if the
    Pagefind binary cannot be found or started.
    """

    def __init__(self, exclude_selectors: Sequence[str], language: str) -> None:
        executable = get_executable()
        if executable is None:
            raise PagefindError("the Pagefind binary was not found")
        # What the service prints, for an error message; open while the service runs.
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
            )
        except OSError as exc:
            self._log.close()
            raise PagefindError(f"{executable} could not start ({exc})") from None
        self._answers: dict[int, dict[str, Any]] = {}
        self._asked: dict[int, str] = {}
        self._next_id = 0
        self._changed = threading.Condition()
        self._reader_done = False
        self._reader = threading.Thread(target=self._read_answers, daemon=True)
        self._reader.start()
        config = {"exclude_selectors": list(exclude_selectors), "force_language": language}
        answer = self._wait(self._send({"type": "NewIndex", "config": config}, "a new index"))
        self._index_id = int(answer["index_id"])

    def add_html_file(self, url: str, content: str) -> None:
        """Send one page (its HTML, at the address ``url`` from the site root, e.g.
        ``/reviews/x/``) to be indexed; returns without waiting for the service."""
        self._send(
            {"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": content},
            url,
        )

    def get_files(self) -> tuple[int, dict[str, bytes]]:
        """Wait for every page sent, then take the bundle's files from the service and stop it.

        Returns how many pages the service indexed and the files, by their path in the bundle
        (``pagefind.js``, ``fragment/en_….pf_fragment``, …). The service is asked for the files
        rather than to write them: it answers a request to write before its last writes have
        reached the disk, and a bundle written that way can end up with empty files. Raises
        :class:`PagefindError` naming the first page it refused.
        """
        try:
            pages = 0
            for message_id in sorted(self._asked):
                answer = self._wait(message_id)
                if answer.get("type") == "IndexedFile":
                    pages += 1
            request = {"type": "GetFiles", "index_id": self._index_id}
            answer = self._wait(self._send(request, "the index's files"))
            files = {
                str(file["path"]).lstrip("/"): base64.b64decode(file["content"])
                for file in answer.get("files") or []
            }
            return pages, files
        finally:
            self.close()

    def close(self) -> None:
        """Stop the service (nothing is written); safe to call more than once."""
        if self._process.poll() is None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            self._process.terminate()
            self._process.wait()
        self._reader.join(timeout=5)
        self._log.close()

    def _send(self, payload: dict[str, Any], what: str) -> int:
        self._next_id += 1
        message_id = self._next_id
        self._asked[message_id] = what
        message = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
        stdin = self._process.stdin
        try:
            assert stdin is not None
            stdin.write(base64.b64encode(message) + b",")
            stdin.flush()
        except (BrokenPipeError, OSError):
            raise PagefindError(f"the Pagefind service stopped{self._last_words()}") from None
        return message_id

    def _wait(self, message_id: int) -> dict[str, Any]:
        with self._changed:
            self._changed.wait_for(lambda: message_id in self._answers or self._reader_done)
            answer = self._answers.pop(message_id, None)
        what = self._asked.pop(message_id, "")
        if answer is None:
            raise PagefindError(f"the Pagefind service stopped{self._last_words()}")
        if answer.get("type") == "Error":
            raise PagefindError(f"Pagefind refused {what}: {answer.get('message')}")
        return answer

    def _read_answers(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        # The part of a message read so far (an answer holding the bundle is megabytes long).
        partial: list[bytes] = []
        try:
            while chunk := os.read(stdout.fileno(), 1 << 16):
                *ends, rest = chunk.split(b",")
                messages = []
                for end in ends:
                    messages.append(b"".join([*partial, end]))
                    partial = []
                partial.append(rest)
                received = [json.loads(base64.b64decode(m)) for m in messages if m.strip()]
                with self._changed:
                    for answer in received:
                        message_id = answer.get("message_id")
                        payload = answer.get("payload") or {}
                        if message_id is None:
                            message_id = _original_id(payload)
                        if message_id is not None:
                            self._answers[int(message_id)] = payload
                    self._changed.notify_all()
        finally:
            with self._changed:
                self._reader_done = True
                self._changed.notify_all()

    def _last_words(self) -> str:
        """What the service printed before it stopped, for an error message."""
        try:
            self._log.seek(0)
            lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return f": {' / '.join(lines[-2:])}" if lines else ""


def _original_id(payload: dict[str, Any]) -> int | None:
    """The id of a message the service could not read (it sends the message back)."""
    try:
        original = json.loads(payload.get("original_message") or "null")
    except json.JSONDecodeError:
        return None
    return original.get("message_id") if isinstance(original, dict) else None
