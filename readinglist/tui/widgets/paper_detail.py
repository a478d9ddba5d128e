"""The highlighted paper in full: title, metadata, abstract and the note rendered as Markdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from readinglist.model import Paper
from readinglist.tui import render

# Rebuilding a Markdown document is the slow part; wait until the cursor rests.
NOTE_DELAY = 0.12


class PaperDetail(VerticalScroll):
    """Shows one paper; `show()` is cheap to call on every cursor move."""

    can_focus = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._note_shown: str | None = None
        self._note_timer: Timer | None = None
        self._shown_key: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="detail-title")
        yield Static(classes="detail-meta")
        yield Static(classes="detail-abstract")
        yield Static(Content.styled("Note", "bold $text-muted"), classes="detail-note-label")

    def show(
        self,
        paper: Paper | None,
        short_id: str = "",
        loading: bool = False,
        find_spans: render.SpanFinder | None = None,
    ) -> None:
        """`loading`: abstracts are still being read in the background."""
        # Papers change in place; `updated_at` tells an edit, the abstract a late load.
        key = None
        if paper is not None:
            key = (paper.id, paper.updated_at, bool(paper.abstract), short_id, find_spans)
        if key is not None and key == self._shown_key:
            return
        self._shown_key = key
        title = self.query_one(".detail-title", Static)
        meta = self.query_one(".detail-meta", Static)
        abstract = self.query_one(".detail-abstract", Static)
        if paper is None:
            title.update(Content.styled("Nothing selected", "$text-muted"))
            meta.update("")
            abstract.update("")
            self._set_note("")
            return
        title.update(render.heading(paper, find_spans))
        meta.update(render.metadata(paper, short_id))
        missing = "Loading the abstract…" if loading else "No abstract"
        text = render.block(paper.abstract, find_spans)
        abstract.update(text or Content.styled(missing, "$text-muted"))
        self.scroll_home(animate=False)
        self._set_note(paper.note)

    def _set_note(self, note: str) -> None:
        self.set_class(not note.strip(), "-no-note")
        if note == self._note_shown:
            return
        self._note_shown = note
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_DELAY, self._render_note)

    def _render_note(self) -> None:
        # Markdown is imported and mounted on first use: the first paint does not need it.
        from textual.widgets import Markdown

        text = render.safe_markdown(self._note_shown or "")
        note = next(iter(self.query(".detail-note").results(Markdown)), None)
        if note is None:
            self.mount(Markdown(text, classes="detail-note", open_links=False))
        else:
            note.update(text)
