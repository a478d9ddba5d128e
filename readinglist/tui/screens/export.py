"""Export dialog: format, path (with completion) and scope (all, current filter, marked)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

from readinglist.errors import ReadingListError
from readinglist.model import Paper
from readinglist.tui import render
from readinglist.tui.screens.base import LibraryModal
from readinglist.tui.screens.importer import PathSuggester

FORMATS = {
    "markdown": ("Markdown", ".md"),
    "json": ("JSON", ".json"),
    "bibtex": ("BibTeX", ".bib"),
    "vault": ("Markdown vault (a folder, one file per paper)", ""),
}
DEFAULT_NAME = "reading-list"


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: Path
    papers: Sequence[Paper]
    filter_label: str
    force: bool


def write_export(request: ExportRequest, now: datetime) -> str:
    """Write the export; returns what to tell the user. Runs in a worker thread."""
    from readinglist.exporters import bibtex, files, json_export, markdown, vault

    papers = list(request.papers)
    if request.fmt == "vault":
        plan = vault.export_vault(papers, request.path)
        done = ", ".join(f"{n} {kind.value}" for kind, n in sorted(plan.counts().items()))
        return f"Vault {request.path}: {done or 'nothing to do'}"
    if request.fmt == "markdown":
        text = markdown.render_markdown(papers, now=now, filter_description=request.filter_label)
    elif request.fmt == "json":
        text = json_export.export_json(papers, now=now)
    else:
        text = bibtex.export_bibtex(papers)
    files.write_export(request.path, text, force=request.force)
    return f"Wrote {len(papers)} paper{'s' * (len(papers) != 1)} to {request.path}"


class ExportDialog(LibraryModal[None]):
    """Enter (or ctrl+s) exports; the file is written in the background."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="export.cancel",
                tooltip="Close without exporting"),
        Binding("ctrl+s", "export", "Export", id="export.run", tooltip="Write the export"),
    ]  # fmt: skip

    @dataclass
    class Finished(Message):
        summary: str
        error: ReadingListError | None = None

    def __init__(self, shown: list[str], marked: list[str], filter_label: str) -> None:
        super().__init__(classes="dialog")
        self._shown = shown
        self._marked = marked
        self._filter_label = filter_label
        self._fmt = "markdown"
        self._path_edited = False

    def compose(self) -> ComposeResult:
        total = len(self.library.papers)
        with Vertical(classes="dialog-box", id="export-box"):
            yield Static(Content("Export"), classes="dialog-title")
            with Horizontal(id="export-choices"):
                with RadioSet(id="export-format"):
                    for key, (label, _suffix) in FORMATS.items():
                        yield RadioButton(label, value=key == self._fmt, id=f"format-{key}")
                with RadioSet(id="export-scope"):
                    everything = not self._marked and not self._filter_label
                    yield RadioButton(f"All papers ({total:,})", id="scope-all", value=everything)
                    filtered = RadioButton(
                        render.plain(
                            f"Current filter: {self._filter_label or 'none'} ({len(self._shown):,})"
                        ),
                        id="scope-filter",
                        value=bool(self._filter_label) and not self._marked,
                    )
                    filtered.disabled = not self._filter_label
                    yield filtered
                    marked = RadioButton(f"Marked ({len(self._marked):,})", id="scope-marked",
                                         value=bool(self._marked))  # fmt: skip
                    marked.disabled = not self._marked
                    yield marked
            yield Input(
                value=str(Path.home() / f"{DEFAULT_NAME}.md"),
                suggester=PathSuggester(),
                id="export-path",
            )
            yield Checkbox("Replace the file if it exists", id="export-force")
            yield Static(id="export-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export-run", variant="primary")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self._fmt = (event.pressed.id or "format-markdown").removeprefix("format-")
        if not self._path_edited:
            suffix = FORMATS[self._fmt][1]
            path = self.query_one("#export-path", Input)
            with path.prevent(Input.Changed):
                path.value = str(Path.home() / f"{DEFAULT_NAME}{suffix}")

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._path_edited = True

    def _papers(self) -> list[Paper]:
        scope = self.query_one("#export-scope", RadioSet).pressed_button
        papers = self.library.papers
        chosen = scope.id if scope is not None else "scope-all"
        if chosen == "scope-marked":
            ids: Sequence[str] = self._marked
        elif chosen == "scope-filter":
            ids = self._shown
        else:
            return list(papers.values())
        return [papers[pid] for pid in ids if pid in papers]

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-run")
    def action_export(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self._show(render.error_line("Give a file (or a folder for the vault) to write"))
            return
        request = ExportRequest(
            self._fmt,
            Path(text).expanduser(),
            self._papers(),
            self._filter_label if self._fmt != "vault" else "",
            self.query_one("#export-force", Checkbox).value,
        )
        self._show(Content.styled("Writing…", "$text-muted"))
        self.query_one("#export-run", Button).disabled = True
        self._run(request)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _run(self, request: ExportRequest) -> None:
        try:
            summary = write_export(request, datetime.now(UTC))
        except ReadingListError as error:
            self.post_message(self.Finished("", error))
            return
        except OSError as error:
            self.post_message(self.Finished("", ReadingListError(f"{request.path}: {error}")))
            return
        self.post_message(self.Finished(summary))

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.query_one("#export-run", Button).disabled = False
        if message.error is not None:
            self._show(render.error_line(str(message.error)))
            return
        self.rl_app.say(message.summary)
        self.dismiss(None)

    def _show(self, content: Content) -> None:
        self.query_one("#export-message", Static).update(content)

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
