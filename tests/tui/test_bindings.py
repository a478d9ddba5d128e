"""Every key binding can be remapped and explained: it has an id and a tooltip."""

from __future__ import annotations

from textual.binding import Binding

from readinglist.tui.navigation import NAVIGATION_BINDINGS


def test_navigation_keys_have_unique_ids_and_tooltips() -> None:
    bindings = [b for b in NAVIGATION_BINDINGS if isinstance(b, Binding)]
    assert len(bindings) == len(NAVIGATION_BINDINGS)
    assert all(b.id and b.tooltip for b in bindings)
    assert len({b.id for b in bindings}) == len(bindings)
    assert {b.key for b in bindings} == {"T", "Q", "S", "i"}
