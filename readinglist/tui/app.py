"""The app: wiring of the library, the settings and the screens; no display logic of its own."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from readinglist.errors import NothingToUndoError, ReadingListError
from readinglist.garbage import IDLE_AFTER, IdleCollector
from readinglist.library import Change, Library
from readinglist.text import one_line
from readinglist.tui.messages import LibraryChanged
from readinglist.tui.screens.main import MainScreen
from readinglist.tui.settings import Settings

if TYPE_CHECKING:
    from textual.command import Provider

# Late enough that the first edits do not wait for the index build (it holds the library lock).
WARMUP_DELAY = 1.0
SCREEN_STYLES = ("main", "triage", "queue", "note", "stats", "help", "importer", "welcome")
LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"

APP_BINDINGS: list[BindingType] = [
    Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key, on one page"),
    Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (everything is already saved)"),
    Binding("u,ctrl+z", "undo", "Undo", show=False, id="app.undo",
            tooltip="Undo the last change (from any process)"),
    Binding("ctrl+y", "redo", "Redo", show=False, id="app.redo",
            tooltip="Redo what undo took back"),
    Binding("D", "toggle_dark", "Light/dark", show=False, id="app.toggle_dark",
            tooltip="Switch between a light and a dark theme"),
]  # fmt: skip


def paper_commands() -> type[Provider]:
    """The palette's paper provider, imported when the palette first opens."""
    from readinglist.tui.commands import PaperCommands

    return PaperCommands


class ReadingListApp(App[None]):
    """Holds the library and the settings; screens ask it to edit, it tells every screen."""

    # Every screen's stylesheet, parsed once at start: a screen's own CSS_PATH would make
    # Textual re-parse all CSS the first time that screen opens.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        *(f"screens/{name}.tcss" for name in SCREEN_STYLES),
    ]
    TITLE = "readinglist"
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS
    COMMANDS = App.COMMANDS | {paper_commands}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    @dataclass
    class ExternalChange(Message):
        """Another process changed the library (posted from the polling worker)."""

        paper_ids: frozenset[str]

    @dataclass
    class PollFailed(Message):
        error: ReadingListError

    def __init__(
        self,
        library: Library,
        settings_path: Path | None = None,
        *,
        poll_interval: float | None = 1.0,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.library = library
        # The statistics screen's "now"; tests freeze it.
        self.today = today
        self.settings_path = settings_path
        self.settings = Settings.load(settings_path)
        self._poll_interval = poll_interval
        self._poll_error = ""
        self._collector = IdleCollector()
        self.set_keymap(self.settings.keymap)
        # Before the first stylesheet parse: changing the theme later re-parses everything.
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # --- start and stop ----------------------------------------------------------------

    def on_mount(self) -> None:
        if len(self.library):
            self.push_screen(MainScreen())
        else:
            from readinglist.tui.screens.welcome import WelcomeScreen

            self.push_screen(MainScreen())
            self.push_screen(WelcomeScreen())
        if self._poll_interval:
            self.set_interval(self._poll_interval, self._poll)
        # After the first paint: abstracts, then the search index (both hold the library lock).
        self.set_timer(WARMUP_DELAY, self._warm_up)
        self._collector.start()
        self.set_interval(IDLE_AFTER, self._collector.collect_if_resting)

    def on_unmount(self) -> None:
        self._collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._collector.saw_input()
        await super().on_event(event)

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        """Load what the first screen did not need, so details and the first search are quick;
        then the day's backup, if this is the first open today."""
        if not self.library.abstracts_loaded:
            self.library.load_abstracts()
            self.post_message(self.ExternalChange(frozenset()))
        self.library.search_index()
        # Like the papers at start-up: the index lives as long as the app, so full collections
        # (every few seconds while the screen redraws) need not walk it (50-100 ms each).
        gc.freeze()
        self.library.back_up_daily()

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.update_settings(theme=theme)

    # --- settings and messages -----------------------------------------------------------

    def update_settings(self, **changes: Any) -> None:
        """Change some settings and write them (small file, atomic)."""
        self.settings = replace(self.settings, **changes)
        try:
            self.settings.save(self.settings_path)
        except OSError as error:
            self.say(f"Could not save settings to {self.settings_path}: {error}", "warning")

    def say(self, message: str, severity: SeverityLevel = "information") -> None:
        """A toast; its text may contain titles, so it is never read as markup."""
        self.notify(one_line(message), severity=severity, markup=False)

    # --- editing ---------------------------------------------------------------------------

    def edit(
        self, change: Callable[[Library], Change | None], announce: bool = False
    ) -> Change | None:
        """Run one library mutation (durable when it returns) and tell every screen."""
        try:
            done = change(self.library)
        except ReadingListError as error:
            self.say(str(error), "error")
            return None
        if done is not None:
            self.broadcast(done.paper_ids)
            if announce:
                self.say(describe(done))
        return done

    def broadcast(self, paper_ids: Iterable[str]) -> None:
        message_ids = frozenset(paper_ids)
        for screen in self.screen_stack:
            screen.post_message(LibraryChanged(message_ids))

    def action_undo(self) -> None:
        self._undo_or_redo(self.library.undo)

    def action_redo(self) -> None:
        self._undo_or_redo(self.library.redo)

    def _undo_or_redo(self, step: Callable[[], Change]) -> None:
        try:
            change = step()
        except NothingToUndoError as error:
            self.say(error.message.capitalize(), "warning")
            return
        except ReadingListError as error:
            self.say(str(error), "error")
            return
        self.broadcast(change.paper_ids)
        self.say(describe(change))

    # --- other processes -------------------------------------------------------------------

    def _poll(self) -> None:
        # A poll waits for the library lock (an index build can hold it for seconds): never
        # start a second one behind it.
        if not any(w.group == "poll" and not w.is_finished for w in self.workers):
            self._poll_library()

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll_library(self) -> None:
        try:
            changed = self.library.refresh()
            self.library.maybe_checkpoint()
        except ReadingListError as error:
            self.post_message(self.PollFailed(error))
            return
        if changed:
            self.post_message(self.ExternalChange(frozenset(changed)))

    @on(ExternalChange)
    def _external_change(self, message: ExternalChange) -> None:
        self._poll_error = ""
        self.broadcast(message.paper_ids)

    @on(PollFailed)
    def _poll_failed(self, message: PollFailed) -> None:
        if str(message.error) != self._poll_error:
            self._poll_error = str(message.error)
            self.say(self._poll_error, "error")

    # --- dialogs and screens ----------------------------------------------------------------

    @property
    def main_screen(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def show_screen(self, screen: Screen[Any]) -> None:
        """Open a full screen over the library (closing any other one first)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, MainScreen):
            self.pop_screen()
        self.push_screen(screen)

    def pick_status(self, paper_ids: list[str]) -> None:
        from readinglist.tui.screens.dialogs import StatusPicker

        def chosen(status: str | None) -> None:
            if status:
                self.edit(lambda lib: lib.set_status(paper_ids, status))

        current = self.library.papers[paper_ids[0]].status
        self.push_screen(StatusPicker(current, len(paper_ids)), chosen)

    def edit_tags(self, paper_ids: list[str]) -> None:
        from readinglist.tui.screens.dialogs import TagEdit, TagEditor

        def chosen(result: TagEdit | None) -> None:
            if result is not None:
                self.edit(result.apply)

        papers = [self.library.papers[pid] for pid in paper_ids]
        self.push_screen(TagEditor(papers, self.library.tag_counts()), chosen)

    def edit_title(self, paper_id: str) -> None:
        from readinglist.tui.screens.dialogs import TitleEditor

        def chosen(title: str | None) -> None:
            if title is not None:
                self.edit(lambda lib: lib.set_title(paper_id, title))

        self.push_screen(TitleEditor(self.library.papers[paper_id].title), chosen)

    def open_note(self, paper_id: str) -> None:
        from readinglist.tui.screens.note import NoteScreen

        self.push_screen(NoteScreen(paper_id))

    def open_export(self, shown: list[str], marked: list[str], filter_label: str) -> None:
        from readinglist.tui.screens.export import ExportDialog

        self.push_screen(ExportDialog(shown, marked, filter_label))

    def action_import(self) -> None:
        self.open_import()

    def open_import(self, initial_path: str = "", paste: bool = False) -> None:
        from readinglist.tui.screens.importer import ImportScreen

        self.push_screen(ImportScreen(initial_path, paste))

    def import_samples(self) -> None:
        from readinglist.paths import bundled_seeds_dir

        folder = bundled_seeds_dir()
        if folder is None:
            self.say("The sample papers are not installed with this copy", "warning")
            return
        self.open_import(str(folder))

    def action_help(self) -> None:
        from readinglist.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_triage(self) -> None:
        from readinglist.tui.screens.triage import start_triage

        start_triage(self)

    def action_queue(self) -> None:
        from readinglist.tui.screens.queue import QueueScreen

        if isinstance(self.screen, QueueScreen):
            self.pop_screen()
        else:
            self.show_screen(QueueScreen())

    def action_stats(self) -> None:
        from readinglist.tui.screens.stats import StatsScreen

        if isinstance(self.screen, StatsScreen):
            self.pop_screen()
        else:
            self.show_screen(StatsScreen())

    def action_toggle_dark(self) -> None:
        self.theme = DARK_THEME if self.current_theme.dark is False else LIGHT_THEME

    def jump_to_paper(self, paper_id: str) -> None:
        """From the command palette: back to the library with the cursor on the paper."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, MainScreen):
            self.pop_screen()
        self.main_screen.show_paper(paper_id)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for binding in (*screen.BINDINGS, *APP_BINDINGS):
            if isinstance(binding, Binding) and binding.description and binding.id:
                if binding.action in {"quit", "help"} or binding.id.endswith(("2", "3", "4")):
                    continue
                yield SystemCommand(
                    binding.description if binding.group is None else binding.tooltip,
                    binding.tooltip,
                    _runner(self, screen, binding.action),
                )


def _runner(app: App[Any], screen: Screen[Any], action: str) -> Callable[[], Any]:
    def run() -> Any:
        return app.run_action(action, screen)

    return run


def describe(change: Change) -> str:
    """A toast for a change: "Undid: rate 4 (2 papers)"."""
    count = len(change.paper_ids)
    papers = f" ({count} papers)" if count > 1 else ""
    if change.kind == "undo":
        return f"Undid: {change.label.removeprefix('undo ')}{papers}"
    if change.kind == "redo":
        return f"Redid: {change.label.removeprefix('redo ')}{papers}"
    return f"{change.label.capitalize()}{papers}"


def build_app(
    library: Library,
    settings_path: Path | None = None,
    *,
    poll_interval: float | None = 1.0,
    today: Callable[[], date] = date.today,
) -> ReadingListApp:
    """The one factory used by `run()` and by the tests, so tests exercise the real wiring."""
    # The papers live as long as the app: keep the garbage collector from walking them all
    # again and again (with 100k papers each full collection is a visible pause).
    gc.freeze()
    return ReadingListApp(library, settings_path, poll_interval=poll_interval, today=today)
