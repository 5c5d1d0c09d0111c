"""Work done by a forked copy of the build's process, on the machine's other processor core.

A build converts thousands of pages one after another on one core. :class:`ForkedWork` hands a
share of them to a copy of the process made by ``fork`` once everything the pages need is
loaded: the copy has the same content, settings and state without loading or checking anything
again, works through its keys in order, and sends back each result as it is ready. The build
asks for a result when it reaches that key, and waits only if the copy is behind; a thread
of the build reads the results as they come, so the copy never waits for the build.

``fork`` exists on Linux and macOS, where the site is built (CI runs Debian). The copy leaves with
``os._exit`` (by :mod:`multiprocessing`), so nothing the parent registered to run at exit runs
twice, and it must not use what threads of the parent were doing: it does only ``work``.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from lif.model.collector import set_aside_from_collector

#: Work over at least this many content files is shared with a forked copy (loading them,
#: checking them: see :func:`lif.load.content.load_library` and
#: :func:`lif.check.rules.check_library`); less is done sooner than a second process starts.
PARALLEL_FROM = 200


class ForkedWorkError(Exception):
    """The forked copy failed on a key, or stopped before sending it."""


def fork_available() -> bool:
    """True where a process can be copied by ``fork`` (Linux and macOS, not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


#: The reading end of the pipe of every copy this process has started and not closed. A copy
#: closes them all first (:func:`_run`): holding a reading end of its own pipe, a copy whose
#: build had been stopped would never learn it (its sends would wait for a reader forever, and
#: it would keep the build's output open), nor would an older copy whose pipe it held.
_receiving: set[Connection] = set()


def _run(
    work: Callable[[str], Any],
    keys: Sequence[str],
    start: Callable[[], None] | None,
    send: Connection,
) -> None:
    """In the copy: ``start()``, then ``work(key)`` for each key, each result sent as
    ``(key, True, result)`` or ``(key, False, message)``. If the build has stopped, the next
    send fails and the copy ends."""
    for receiving in _receiving:
        receiving.close()
    _receiving.clear()
    try:
        if start is not None:
            start()
        for key in keys:
            try:
                result: tuple[str, bool, Any] = (key, True, work(key))
            except Exception as exc:  # a failure is sent to the build, which reports it
                result = (key, False, f"{type(exc).__name__}: {exc}")
            try:
                send.send(result)
            except OSError:  # the build has stopped: there is no one to send to
                return
    finally:
        send.close()


class ForkedWork:
    """``work`` over ``keys`` in a forked copy of this process; :meth:`result` reads each.

    ``start`` runs first in the copy (to set up what only the copy should have, such as where
    its log messages go). Raises :class:`ForkedWorkError` if the copy cannot be started.
    """

    def __init__(
        self,
        work: Callable[[str], Any],
        keys: Sequence[str],
        start: Callable[[], None] | None = None,
    ) -> None:
        if not fork_available():
            raise ForkedWorkError("this system cannot fork a process")
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        _receiving.add(self._receive)
        self.keys = frozenset(keys)
        self._ready: dict[str, tuple[bool, Any]] = {}
        self._ended = False
        self._arrived = threading.Condition()
        self._process = context.Process(
            target=_run, args=(work, list(keys), start, send), daemon=True
        )
        # The objects made so far are set aside from the garbage collector for the fork: a
        # collection in the copy would otherwise write to every one of them and so copy every
        # page of memory they are on, which the two processes share until one writes to it.
        try:
            with set_aside_from_collector():
                self._process.start()
        except OSError as exc:
            _receiving.discard(self._receive)
            self._receive.close()
            raise ForkedWorkError(f"the second process could not start ({exc})") from None
        finally:
            send.close()
        self._reader = threading.Thread(target=self._read, name="lif-forked-work", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """Keep each result as it arrives, until the copy has sent them all or stopped."""
        while True:
            try:
                done, ok, value = self._receive.recv()
            except (EOFError, OSError):
                break
            with self._arrived:
                self._ready[done] = (ok, value)
                self._arrived.notify_all()
        with self._arrived:
            self._ended = True
            self._arrived.notify_all()

    def ready(self, key: str) -> bool:
        """True if :meth:`result` would not wait for ``key``: the copy has sent it, or has
        stopped (then :meth:`result` raises at once)."""
        with self._arrived:
            return key in self._ready or self._ended

    def result(self, key: str) -> Any:
        """What ``work(key)`` returned in the copy, waiting for it if it is not ready yet.

        Raises :class:`ForkedWorkError` with the copy's message if ``work`` failed on ``key``,
        or if the copy stopped before sending it; :class:`KeyError` for a key not given.
        """
        if key not in self.keys:
            raise KeyError(key)
        with self._arrived:
            while key not in self._ready and not self._ended:
                self._arrived.wait()
            if key not in self._ready:
                self._process.join(timeout=5)
                code = self._process.exitcode
                raise ForkedWorkError(
                    f"the second process stopped before it finished {key}"
                    + (f" (exit status {code})" if code is not None else "")
                )
            ok, value = self._ready.pop(key)
        if not ok:
            raise ForkedWorkError(f"{key}: {value}")
        return value

    def close(self) -> None:
        """Stop the copy if it is still working, and wait for it to end."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._reader.join()
        _receiving.discard(self._receive)
        self._receive.close()


def cores() -> int:
    """The processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
