"""The garbage collector kept from going through a loaded library (lif.model.collector)."""

from __future__ import annotations

import gc
import weakref

from lif.model.collector import set_aside_from_collector, settle


class _Cycle:
    """An object that refers to itself: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_settled_objects_go_to_the_oldest_generation_and_are_still_freed() -> None:
    made = _Cycle()
    settle()
    assert gc.get_freeze_count() == 0
    assert any(o is made for o in gc.get_objects(generation=2))
    gone = weakref.ref(made)
    del made
    gc.collect()
    assert gone() is None


def test_objects_set_aside_come_back_at_the_end_of_the_outermost_block() -> None:
    before = _Cycle()
    with set_aside_from_collector():
        assert gc.get_freeze_count() > 0
        with set_aside_from_collector():
            pass
        assert gc.get_freeze_count() > 0  # the inner block left them to the outer one
        gone = weakref.ref(before)
        del before
        gc.collect()
        assert gone() is not None  # set aside: not looked at
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gone() is None


def test_settling_within_a_block_leaves_what_is_set_aside_alone() -> None:
    with set_aside_from_collector():
        frozen = gc.get_freeze_count()
        settle()
        assert gc.get_freeze_count() == frozen
    assert gc.get_freeze_count() == 0
