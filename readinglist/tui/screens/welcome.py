"""First run: an empty library offers the bundled sample papers, a file, or pasted text."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, Static

from readinglist.tui.screens.base import LibraryScreen

WELCOME = (
    "Triage papers one at a time, keep a reading queue, tag, rate and annotate them, then "
    "export clean Markdown notes. Everything you do is saved the moment you do it.\n\n"
    "Your library is empty. Start with:"
)


class WelcomeScreen(LibraryScreen[None]):
    """Closes itself as soon as the library has papers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "samples", "Sample papers", id="welcome.samples",
                tooltip="Import the sample papers bundled with readinglist"),
        Binding("f", "file", "From a file", id="welcome.file", tooltip="Import a file or folder"),
        Binding("p", "paste", "Paste text", id="welcome.paste", tooltip="Paste a list of papers"),
        Binding("escape", "dismiss", "Empty library", id="welcome.skip",
                tooltip="Start with an empty library"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        with Center(id="welcome-center"), Vertical(id="welcome-box"):
            yield Static(
                Content.styled("Welcome to readinglist", "bold $text-accent"), id="welcome-title"
            )
            yield Static(Content(WELCOME), id="welcome-text")
            yield Button(
                "s  The sample papers", id="welcome-samples", variant="primary", compact=True
            )
            yield Button("f  A file or folder…", id="welcome-file", compact=True)
            yield Button("p  Pasted text…", id="welcome-paste", compact=True)
            yield Static(
                Content.styled(
                    "escape starts with an empty library · ? shows every key", "$text-muted"
                ),
                id="welcome-hint",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#welcome-samples", Button).focus()

    @on(Button.Pressed, "#welcome-samples")
    def action_samples(self) -> None:
        self.rl_app.import_samples()

    @on(Button.Pressed, "#welcome-file")
    def action_file(self) -> None:
        self.rl_app.open_import()

    @on(Button.Pressed, "#welcome-paste")
    def action_paste(self) -> None:
        self.rl_app.open_import(paste=True)

    def on_screen_resume(self) -> None:
        if len(self.library):
            self.dismiss()
