"""Every key, grouped by screen, written from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from readinglist.tui.screens.base import LibraryScreen

KEY_WIDTH = 14


def binding_sections() -> list[tuple[str, type[Screen[Any]] | None, list[BindingType]]]:
    """(title, screen class, bindings) for every place keys work."""
    from readinglist.tui.app import APP_BINDINGS
    from readinglist.tui.navigation import NAVIGATION_BINDINGS
    from readinglist.tui.screens.main import MainScreen
    from readinglist.tui.screens.note import NoteScreen
    from readinglist.tui.screens.queue import QueueScreen
    from readinglist.tui.screens.stats import StatsScreen
    from readinglist.tui.screens.triage import TriageScreen
    from readinglist.tui.widgets.paper_list import LIST_BINDINGS

    return [
        ("Library", MainScreen, list(MainScreen.BINDINGS)),
        ("Paper lists", None, list(LIST_BINDINGS)),
        ("Triage", TriageScreen, list(TriageScreen.BINDINGS)),
        ("Reading queue", QueueScreen, list(QueueScreen.BINDINGS)),
        ("Note editor", NoteScreen, list(NoteScreen.BINDINGS)),
        ("Statistics", StatsScreen, list(StatsScreen.BINDINGS)),
        ("Going places", None, list(NAVIGATION_BINDINGS)),
        ("Everywhere", None, list(APP_BINDINGS)),
    ]


class HelpScreen(LibraryScreen[None]):
    """Opened with `?`; the section of the screen it was opened from comes first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close",
                tooltip="Close the help"),
    ]  # fmt: skip

    def __init__(self, opened_from: Screen[Any] | None = None) -> None:
        super().__init__()
        self._opened_from = type(opened_from) if opened_from is not None else None

    def compose(self) -> ComposeResult:
        sections = binding_sections()
        sections.sort(key=lambda s: s[1] is not self._opened_from or s[1] is None)
        with VerticalScroll(id="help-body"):
            yield Static(
                Content.assemble(
                    ("readinglist keys", "bold"),
                    ("  ·  ctrl+p opens the command palette: every action, and any paper by title",
                     "$text-muted"),
                ),
                id="help-intro",
            )  # fmt: skip
            for title, _screen, bindings in sections:
                yield Static(Content.styled(title, "bold $text-accent"), classes="help-section")
                yield Static(self._table(bindings), classes="help-keys")
        yield Footer(compact=True)

    def _table(self, bindings: Iterable[BindingType]) -> Content:
        keymap = self.settings.keymap
        lines = []
        groups_shown: set[Binding.Group] = set()
        for binding in bindings:
            if not isinstance(binding, Binding) or binding.group in groups_shown:
                continue
            keys = keymap.get(binding.id or "", binding.key)
            shown = ", ".join(self.app.get_key_display(Binding(k, "")) for k in keys.split(","))
            description = binding.tooltip or binding.description
            if binding.group is not None:
                # Rate 1..5 is one line: "1-5  Rate ★ to ★★★★★".
                groups_shown.add(binding.group)
                shown = binding.key_display or shown
                description = f"{binding.group.description} ★ to ★★★★★"
            lines.append(
                Content.assemble(
                    (shown.ljust(KEY_WIDTH), "bold $text-warning"),
                    (description, ""),
                )
            )
        return Content("\n").join(lines)
