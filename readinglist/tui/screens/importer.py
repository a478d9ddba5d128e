"""Import a path (with completion) or pasted text: preview new papers and duplicates, then save."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widgets import (
    Button,
    Footer,
    Input,
    ProgressBar,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.worker import get_current_worker

from readinglist.errors import ReadingListError
from readinglist.importing import ImportPreview, ImportReport
from readinglist.tui import render
from readinglist.tui.completion import suggest_path
from readinglist.tui.screens.base import LibraryScreen
from readinglist.tui.widgets.line_list import LineList

PREVIEW_DELAY = 0.3
PASTED = "pasted text"


class PathSuggester(Suggester):
    """Shell-like completion of file and folder names; accept with tab or →."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return suggest_path(value)


def read_sources(path_text: str) -> list[tuple[str, bytes]]:
    """The files to import: one file, or every importable file in a folder."""
    from readinglist.importers import collect_inputs

    return collect_inputs([os.path.expanduser(path_text)], io.BytesIO())


class ImportScreen(LibraryScreen[ImportReport | None]):
    """Nothing is saved until `ctrl+s` (or the Import button) after the preview."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="import.cancel",
                tooltip="Leave without importing"),
        Binding("ctrl+r", "preview", "Preview", id="import.preview",
                tooltip="Read the file or the pasted text again and show what would be imported"),
        Binding("ctrl+s", "commit", "Import", id="import.commit",
                tooltip="Save the previewed papers (one undoable change)"),
    ]  # fmt: skip

    @dataclass
    class PreviewReady(Message):
        key: tuple[str, str]
        preview: ImportPreview

    @dataclass
    class PreviewFailed(Message):
        key: tuple[str, str]
        error: ReadingListError

    @dataclass
    class Progress(Message):
        done: int
        total: int

    @dataclass
    class Committed(Message):
        report: ImportReport | None
        error: ReadingListError | None = None

    def __init__(self, initial_path: str = "", paste: bool = False) -> None:
        super().__init__()
        self._initial_path = initial_path
        self._paste = paste
        self._preview: ImportPreview | None = None
        self._preview_key: tuple[str, str] | None = None
        self._timer: Timer | None = None
        self._committing = False

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Import papers", "bold"), id="import-title")
        with TabbedContent(
            initial="import-paste" if self._paste else "import-file", id="import-tabs"
        ):
            with TabPane("From a file", id="import-file"):
                yield Input(
                    value=self._initial_path,
                    placeholder="path to a file or folder (tab completes)",
                    suggester=PathSuggester(),
                    id="import-path",
                )
                yield Static(
                    Content.styled(
                        "A folder imports every file in it. Formats are recognised by content.",
                        "$text-muted",
                    )
                )
            with TabPane("Paste text", id="import-paste"):
                yield TextArea(id="import-text", soft_wrap=True, show_line_numbers=False)
        with Vertical(id="import-preview"):
            yield Static(
                Content.styled("Nothing to preview yet", "$text-muted"), id="import-summary"
            )
            yield LineList(id="import-papers")
            yield ProgressBar(id="import-progress", show_eta=False)
            with Horizontal(id="import-buttons"):
                yield Button(
                    "Import", id="import-commit", variant="primary", disabled=True, compact=True
                )
                yield Button("Cancel", id="import-cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        if self._paste:
            self.query_one("#import-text", TextArea).focus()
        else:
            self.query_one("#import-path", Input).focus()
        if self._initial_path:
            self.action_preview()

    # --- preview -------------------------------------------------------------------------

    def _source_key(self) -> tuple[str, str]:
        tabs = self.query_one(TabbedContent)
        if tabs.active == "import-paste":
            return (PASTED, self.query_one("#import-text", TextArea).text)
        return ("path", self.query_one("#import-path", Input).value.strip())

    @on(Input.Changed, "#import-path")
    @on(TextArea.Changed, "#import-text")
    @on(TabbedContent.TabActivated)
    def _source_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PREVIEW_DELAY, self._auto_preview)

    def _auto_preview(self) -> None:
        if self._source_key() != self._preview_key:
            self.action_preview()

    @on(Input.Submitted, "#import-path")
    def _path_submitted(self) -> None:
        if self._preview is not None and self._preview_key == self._source_key():
            self.action_commit()
        else:
            self.action_preview()

    def action_preview(self) -> None:
        key = self._source_key()
        if not key[1].strip():
            self._show_nothing()
            return
        self._set_summary(Content.styled("Reading…", "$text-muted"))
        self._make_preview(key)

    @work(thread=True, exclusive=True, group="import-preview", exit_on_error=False)
    def _make_preview(self, key: tuple[str, str]) -> None:
        kind, value = key
        try:
            sources = [(PASTED, value.encode())] if kind == PASTED else read_sources(value)
            preview = self.library.preview_import(sources)
        except ReadingListError as error:
            self.post_message(self.PreviewFailed(key, error))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.PreviewReady(key, preview))

    @on(PreviewReady)
    def _preview_ready(self, message: PreviewReady) -> None:
        if message.key != self._source_key():
            return
        self._preview, self._preview_key = message.preview, message.key
        preview = message.preview
        self._set_summary(
            render.import_summary(len(preview.new), preview.duplicates, preview.warnings)
        )
        rows = render.ImportRows(preview.new, preview.duplicates, preview.warnings)
        self.query_one(LineList).show(len(rows), rows.__getitem__)
        self.query_one("#import-commit", Button).disabled = not preview.found

    @on(PreviewFailed)
    def _preview_failed(self, message: PreviewFailed) -> None:
        if message.key != self._source_key():
            return
        self._preview = self._preview_key = None
        self._set_summary(render.error_line(str(message.error)))
        self.query_one(LineList).show(0, lambda _i: Content(""))
        self.query_one("#import-commit", Button).disabled = True

    def _show_nothing(self) -> None:
        self._preview = self._preview_key = None
        self._set_summary(Content.styled("Nothing to preview yet", "$text-muted"))
        self.query_one(LineList).show(0, lambda _i: Content(""))
        self.query_one("#import-commit", Button).disabled = True

    def _set_summary(self, content: Content) -> None:
        self.query_one("#import-summary", Static).update(content)

    # --- commit ----------------------------------------------------------------------------

    @on(Button.Pressed, "#import-commit")
    def action_commit(self) -> None:
        preview = self._preview
        if preview is None or self._committing or self._preview_key != self._source_key():
            if not self._committing:
                self.rl_app.say("Preview first: ctrl+r shows what would be imported", "warning")
            return
        self._committing = True
        progress = self.query_one("#import-progress", ProgressBar)
        progress.display = True
        progress.update(total=max(1, preview.found), progress=0)
        self.query_one("#import-commit", Button).disabled = True
        self._commit(preview)

    @work(thread=True, exclusive=True, group="import-commit", exit_on_error=False)
    def _commit(self, preview: ImportPreview) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(self.Progress(done, total))

        try:
            report = self.library.commit_import(preview, progress)
        except ReadingListError as error:
            self.post_message(self.Committed(None, error))
            return
        self.post_message(self.Committed(report))

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        self.query_one("#import-progress", ProgressBar).update(
            total=message.total, progress=message.done
        )

    @on(Committed)
    def _committed(self, message: Committed) -> None:
        self._committing = False
        if message.error is not None or message.report is None:
            self.query_one("#import-progress").display = False
            self._set_summary(render.error_line(str(message.error)))
            return
        report = message.report
        self.rl_app.say(report.summary())
        self.rl_app.broadcast(self.library.papers if report.added else ())
        self.dismiss(report)

    @on(Button.Pressed, "#import-cancel")
    def action_cancel(self) -> None:
        if not self._committing:
            self.dismiss(None)
