"""Python's garbage collector and a large library of objects that live on.

The cyclic garbage collector looks after objects in three generations: a collection of the
youngest goes through every object made since the last one, and a full collection through
every object there is. Loading 5,000 content files makes hundreds of thousands of objects that
live until the process ends, and each collection that goes through them finds nothing to free
there; at that size a collection of them takes about a third of a second. These helpers keep
the collector's work to what the library's steps make and throw away.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def set_aside_from_collector() -> Iterator[None]:
    """Within the block, the objects alive at its start are set aside from the collector
    (``gc.freeze``); they are given back to its oldest generation at the end of the block,
    unless an enclosing block set objects aside already (that block gives them all back)."""
    enclosed = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not enclosed:
            gc.unfreeze()


def settle() -> None:
    """Put the objects alive now in the collector's oldest generation, without a collection:
    for what was just loaded and lives on, which the youngest generations' collections would
    otherwise go through, each in turn. Does nothing within :func:`set_aside_from_collector`
    (those objects are set aside already)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def end_without_collecting() -> None:
    """The process is about to end: set every object aside, so that the collection Python
    makes as it ends (going through every object, most of a second with a large library
    loaded) has nothing to go through. Only for a command's last step."""
    gc.freeze()
