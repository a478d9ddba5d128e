"""Keys that switch between the library, triage, the queue, statistics and import."""

from __future__ import annotations

from textual.binding import Binding, BindingType

# On the browsing screens only, so a dialog never jumps away under the user.
NAVIGATION_BINDINGS: list[BindingType] = [
    Binding("T", "app.triage", "Triage", id="go.triage",
            tooltip="Triage: one paper at a time, single keys to decide"),
    Binding("Q", "app.queue", "Queue", show=False, id="go.queue",
            tooltip="The reading queue, in your order"),
    Binding("S", "app.stats", "Stats", show=False, id="go.stats",
            tooltip="Statistics: added and read per week, backlog, ratings, tags"),
    Binding("i", "app.import", "Import", show=False, id="go.import",
            tooltip="Import papers from a file or pasted text, with a preview"),
]  # fmt: skip
