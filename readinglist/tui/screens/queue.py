"""The reading queue: to-read papers in the user's order, next up first; K/J move a paper."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.widgets import Footer, Static

from readinglist.tui import render
from readinglist.tui.messages import LibraryChanged
from readinglist.tui.navigation import NAVIGATION_BINDINGS
from readinglist.tui.screens.base import LibraryScreen
from readinglist.tui.widgets.paper_detail import PaperDetail
from readinglist.tui.widgets.paper_list import PaperList, PaperListHeader

RATE = Binding.Group("Rate", compact=True)

QUEUE_BINDINGS: list[BindingType] = [
    Binding("K,shift+up", "move(-1)", "Move up", id="queue.up",
            tooltip="Move the paper up the queue"),
    Binding("J,shift+down", "move(1)", "Move down", id="queue.down",
            tooltip="Move the paper down the queue"),
    Binding("H", "move_to_top", "Next up", id="queue.top", show=False,
            tooltip="Make the paper the next one to read"),
    Binding("g", "set_status('reading')", "Reading", show=False, id="queue.reading",
            tooltip="Start reading it (leaves the queue)"),
    Binding("r", "set_status('read')", "Read", id="queue.read",
            tooltip="Mark read (leaves the queue)"),
    Binding("z", "set_status('skipped')", "Drop", show=False, id="queue.skip",
            tooltip="Skip it after all (leaves the queue)"),
    *(
        Binding(str(n), f"rate({n})", "Rate", show=n == 1, key_display="1-5", group=RATE,
                id=f"queue.rate{n}", tooltip=f"Rate {'★' * n}")
        for n in range(1, 6)
    ),
    Binding("t", "tags", "Tags", show=False, id="queue.tags", tooltip="Tag the paper"),
    Binding("n", "note", "Note", id="queue.note", tooltip="Write the note"),
    Binding("escape", "dismiss", "Back", id="queue.back", tooltip="Back to the library"),
]  # fmt: skip


class QueueScreen(LibraryScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [*QUEUE_BINDINGS, *NAVIGATION_BINDINGS]
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    AUTO_FOCUS = "#queue-list"

    def compose(self) -> ComposeResult:
        yield Static(id="queue-next")
        with Container(id="queue-split"):
            with Vertical(id="queue-results"):
                yield PaperListHeader(id="queue-header")
                yield PaperList(
                    self.library.papers,
                    numbered=True,
                    id="queue-list",
                    empty_text="The queue is empty: press a on a paper (or in triage) to queue it.",
                )
            yield PaperDetail(id="queue-detail")
        yield Footer(compact=True)

    @property
    def paper_list(self) -> PaperList:
        return self.query_one("#queue-list", PaperList)

    def on_mount(self) -> None:
        self._reload(keep=None)

    def _reload(self, keep: str | None) -> None:
        paper_list = self.paper_list
        queue = self.library.queue()
        paper_list.show([p.id for p in queue], keep=keep, keep_index=paper_list.cursor)
        self.query_one("#queue-next", Static).update(
            render.next_up(queue[0] if queue else None, len(queue))
        )

    @on(PaperList.Highlighted, "#queue-list")
    def _highlighted(self, message: PaperList.Highlighted) -> None:
        paper = self.library.papers.get(message.paper_id) if message.paper_id else None
        short = self.library.short_id(paper.id) if paper else ""
        self.query_one(PaperDetail).show(paper, short, not self.library.abstracts_loaded)

    @on(PaperList.ColumnsChanged, "#queue-list")
    def _columns_changed(self, message: PaperList.ColumnsChanged) -> None:
        self.query_one(PaperListHeader).show(message.columns, "queue", False)

    @on(PaperList.Selected, "#queue-list")
    def _selected(self) -> None:
        self.action_note()

    @on(LibraryChanged)
    def _library_changed(self) -> None:
        self._reload(keep=self.paper_list.highlighted_id)

    def action_move(self, offset: int) -> None:
        paper_id = self.paper_list.highlighted_id
        if paper_id:
            self.rl_app.edit(lambda lib: lib.move_in_queue(paper_id, offset))

    def action_move_to_top(self) -> None:
        paper_id = self.paper_list.highlighted_id
        if paper_id:
            self.rl_app.edit(lambda lib: lib.move_in_queue(paper_id, -len(self.paper_list.ids)))

    def action_set_status(self, status: str) -> None:
        paper_id = self.paper_list.highlighted_id
        if paper_id:
            self.rl_app.edit(lambda lib: lib.set_status([paper_id], status))

    def action_rate(self, rating: int) -> None:
        paper_id = self.paper_list.highlighted_id
        if paper_id:
            self.rl_app.edit(lambda lib: lib.rate([paper_id], rating))

    def action_tags(self) -> None:
        if paper_id := self.paper_list.highlighted_id:
            self.rl_app.edit_tags([paper_id])

    def action_note(self) -> None:
        if paper_id := self.paper_list.highlighted_id:
            self.rl_app.open_note(paper_id)
