"""What the live preview remembers of one build for the next: the results of pure steps.

The preview (``lif serve``) builds the site again after every edit, in the same process. Most of
what a build computes depends only on one file's text: its front matter read and checked
against the vocabularies, its body rendered and inspected, the personal data found in it. A step
marked with :func:`remembered` (or :func:`remembered_by`) keeps its results by their arguments
while the preview runs, so the next build computes them again only for a file whose text
changed; every rule across files still runs on the whole library. Results are kept by the
arguments' values (the text itself), never by a file's name or time, so nothing remembered can
be out of date.

Outside the preview (``lif build``, ``lif check``, ``mkdocs build``) nothing is kept: every step
runs as it is written, and the results are the same either way. A remembered step must be pure
(its result depends only on its arguments) and its callers must not change what it returns.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

#: Whether results are kept (in the preview only); see :func:`remember_between_builds`.
_state = {"on": False}


class _Memory:
    """The kept results of one step, by key, each with whether the build now under way used it."""

    def __init__(self) -> None:
        self.results: dict[Hashable, Any] = {}
        self.used: set[Hashable] = set()

    def forget_unused(self) -> None:
        self.results = {key: value for key, value in self.results.items() if key in self.used}
        self.used = set()

    def clear(self) -> None:
        self.results.clear()
        self.used.clear()


_memories: list[_Memory] = []


class Identity(Generic[T]):
    """A key part that stands for one object by its identity (a value that cannot be hashed,
    such as the vocabularies, which are read once and then shared). It holds the object, so
    that no other object can take its identity while the key is kept."""

    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Identity) and other.value is self.value


def remembered(step: Callable[P, R]) -> Callable[P, R]:
    """Mark a pure step whose results the preview keeps between builds, by its arguments
    (which must then be hashable). The decorated function behaves as the step itself, and
    keeps nothing unless :func:`remember_between_builds` was called."""
    return _remembering(step, None)


def remembered_by(key: Callable[..., Hashable]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a pure step as :func:`remembered` does, keeping its results by ``key``, which
    makes the key of a call from the step's arguments."""

    def decorate(step: Callable[P, R]) -> Callable[P, R]:
        return _remembering(step, key)

    return decorate


def _remembering(step: Callable[P, R], key: Callable[..., Hashable] | None) -> Callable[P, R]:
    memory = _Memory()
    _memories.append(memory)

    @functools.wraps(step)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not _state["on"]:
            return step(*args, **kwargs)
        found: Hashable = key(*args, **kwargs) if key is not None else (args, *kwargs.items())
        memory.used.add(found)
        try:
            return memory.results[found]  # type: ignore[no-any-return]
        except KeyError:
            pass
        result = step(*args, **kwargs)
        memory.results[found] = result
        return result

    return run


def remember_between_builds() -> None:
    """Keep the results of remembered steps from now on (the preview calls this once)."""
    _state["on"] = True


def remembering() -> bool:
    """True once :func:`remember_between_builds` was called in this process."""
    return _state["on"]


def build_finished() -> None:
    """A build is over: keep only the results it used, so that what is kept stays the size of
    one build's (a file edited ten times is kept once)."""
    for memory in _memories:
        memory.forget_unused()


def forget_all() -> None:
    """Keep nothing any more, and stop keeping (for tests, and at the preview's end)."""
    _state["on"] = False
    for memory in _memories:
        memory.clear()
