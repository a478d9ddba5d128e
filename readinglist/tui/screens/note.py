"""The note editor: Markdown on the left, its preview on the right, saved as you type."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Markdown, Static, TextArea

from readinglist.tui import render
from readinglist.tui.messages import LibraryChanged
from readinglist.tui.screens.base import LibraryScreen
from readinglist.tui.widgets.markdown_area import MarkdownArea

SAVE_DELAY = 0.5
PREVIEW_DELAY = 0.25


class NoteScreen(LibraryScreen[None]):
    """Every pause in typing saves; leaving (escape, quitting) saves too, so nothing is lost."""

    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back", id="note.back", tooltip="Save and go back",
                priority=True),
        Binding("ctrl+s", "save", "Save", id="note.save",
                tooltip="Save now (typing saves by itself after a short pause)"),
        Binding("ctrl+o", "toggle_preview", "Preview", id="note.preview",
                tooltip="Show or hide the Markdown preview"),
    ]  # fmt: skip

    def __init__(self, paper_id: str) -> None:
        super().__init__()
        self.paper_id = paper_id
        self._saved_text = ""
        # Kept up to date on every keystroke, so saving works even while widgets unmount.
        self._text = ""
        self._save_timer: Timer | None = None
        self._preview_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        paper = self.library.papers[self.paper_id]
        self._saved_text = self._text = render.safe_markdown(paper.note)
        yield Static(render.heading(paper), id="note-title")
        with Horizontal(id="note-body"):
            yield MarkdownArea(
                self._text,
                id="note-editor",
                soft_wrap=True,
                tab_behavior="indent",
                placeholder="Write your note in Markdown: what it claims, what to check, links…",
            )
            with VerticalScroll(id="note-preview"):
                yield Markdown(self._text, open_links=False)
        yield Static(id="note-state")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        editor = self.query_one(MarkdownArea)
        editor.focus()
        editor.move_cursor(editor.document.end)
        self._show_state()

    @property
    def dirty(self) -> bool:
        return self._text != self._saved_text

    @on(TextArea.Changed, "#note-editor")
    def _typed(self, event: TextArea.Changed) -> None:
        self._text = event.text_area.text
        self._show_state()
        for timer in (self._save_timer, self._preview_timer):
            if timer is not None:
                timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.action_save)
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._update_preview)

    def _update_preview(self) -> None:
        self.query_one("#note-preview Markdown", Markdown).update(self._text)

    def action_save(self) -> None:
        self._persist()
        self._show_state()

    def _persist(self) -> None:
        if not self.dirty or self.paper_id not in self.library.papers:
            return
        text = self._text
        change = self.rl_app.edit(lambda lib: lib.set_note(self.paper_id, text))
        if change is not None:
            self._saved_text = text

    def _show_state(self) -> None:
        if self.paper_id not in self.library.papers:
            state = Content.styled(
                "This paper was deleted elsewhere: copy your text before leaving", "$text-error"
            )
        elif self.dirty:
            state = Content.styled("editing…", "$text-muted")
        else:
            state = Content.styled("saved", "$text-success")
        self.query_one("#note-state", Static).update(state)

    def action_leave(self) -> None:
        self.action_save()
        self.dismiss()

    def action_toggle_preview(self) -> None:
        self.toggle_class("-preview-toggled")

    def on_unmount(self) -> None:
        # Quitting the app with the editor open still saves what was typed.
        self._persist()

    @on(LibraryChanged)
    def _library_changed(self, message: LibraryChanged) -> None:
        """Another process edited this note: take its text unless we have unsaved typing."""
        paper = self.library.papers.get(self.paper_id)
        if paper is not None and self.paper_id in message.paper_ids and not self.dirty:
            note = render.safe_markdown(paper.note)
            if note != self._saved_text:
                self._saved_text = self._text = note
                self.query_one(MarkdownArea).load_text(note)
                self._update_preview()
        self._show_state()
