"""When Python's cyclic garbage collector runs: paused around work that makes many acyclic
objects, and full collections deferred to when the user rests."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading, importing and listing make up to 100,000 objects without reference cycles:
    the collector would only walk them again and again (and start full collections of the
    whole heap). Nested uses are fine: only the outermost one turns it back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# How long without a key or a mouse event counts as a rest (typing leaves ~0.15 s).
IDLE_AFTER = 0.25
# Python runs a full collection after `threshold2` younger ones; while the app runs, that
# waits this many times longer for a rest (a safety valve for input that never pauses).
PATIENCE = 10


class IdleCollector:
    """Textual's strips cache themselves (a reference cycle), so every redraw leaves garbage
    that only a full collection frees: 10-50 ms at 10,000 papers, and Python starts one when
    its counters say so, mostly inside the redraw that follows a keystroke. While the
    collector runs, full collections wait until the input rests."""

    def __init__(self) -> None:
        self._thresholds = gc.get_threshold()
        self._last_input = time.monotonic()

    def start(self) -> None:
        young, middle, full = self._thresholds
        gc.set_threshold(young, middle, full * PATIENCE)

    def stop(self) -> None:
        gc.set_threshold(*self._thresholds)

    def saw_input(self) -> None:
        self._last_input = time.monotonic()

    def collect_if_resting(self) -> bool:
        """Run the full collection Python would have run by now, if the input rests."""
        due = gc.get_count()[2] >= self._thresholds[2]
        if due and time.monotonic() - self._last_input >= IDLE_AFTER:
            gc.collect()
            return True
        return False
