"""Note editor, triage (with resume), the reading queue, statistics, help and themes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from readinglist.library import Library
from readinglist.model import Status
from readinglist.tui.app import ReadingListApp
from readinglist.tui.screens.help import HelpScreen
from readinglist.tui.screens.main import MainScreen
from readinglist.tui.screens.note import NoteScreen
from readinglist.tui.screens.queue import QueueScreen
from readinglist.tui.screens.stats import StatsScreen
from readinglist.tui.screens.triage import TriageScreen
from readinglist.tui.settings import Settings
from tests.tui.conftest import SIZE, first_id, sample_papers
from tests.tui.helpers import move_to, screen_text, settle, wait_until

MakeApp = Callable[[Library], ReadingListApp]


async def test_the_note_is_saved_while_typing(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = await move_to(pilot, app, "Playing Atari")
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"# Idea", "enter", *"Play from **pixels**")
        await pilot.pause(0.7)  # a pause in typing saves
        assert tui_library.papers[paper_id].note == "# Idea\nPlay from **pixels**"


async def test_leaving_the_note_editor_right_away_keeps_the_text(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = await move_to(pilot, app, "Playing Atari")
        await pilot.press("n", *"unsaved thought", "escape")
        assert isinstance(app.screen, MainScreen)
        assert tui_library.papers[paper_id].note == "unsaved thought"


async def test_quitting_from_the_note_editor_keeps_the_text(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = await move_to(pilot, app, "Playing Atari")
        await pilot.press("n", *"last words")
        await app.action_quit()
    assert Library.open(tui_library.path).papers[paper_id].note == "last words"


async def test_triage_walks_new_papers_one_key_each(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    new = [p.id for p in tui_library.list(sort="added", status=Status.NEW)]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        assert isinstance(app.screen, TriageScreen)
        await pilot.press("a", "4", "z", "r")
        papers = tui_library.papers
        assert papers[new[0]].status is Status.TO_READ
        assert papers[new[1]].status is Status.SKIPPED
        assert papers[new[1]].rating == 4
        assert papers[new[2]].status is Status.READ
        await pilot.press("b", "a")  # back, and change the decision
        assert papers[new[2]].status is Status.TO_READ


async def test_triage_resumes_where_it_stopped(
    tui_library: Library, make_app: MakeApp, settings_path
) -> None:
    app = make_app(tui_library)
    new = [p.id for p in tui_library.list(sort="added", status=Status.NEW)]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "a", "escape")
        assert isinstance(app.screen, MainScreen)
    saved = Settings.load(settings_path).triage
    assert saved is not None and saved.index == 1
    again = make_app(tui_library)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await pilot.press("enter")  # "Resume" is the first choice
        screen = again.screen
        assert isinstance(screen, TriageScreen)
        assert screen.current_id == new[1]


async def test_triage_undo_returns_to_the_paper(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    new = [p.id for p in tui_library.list(sort="added", status=Status.NEW)]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "z", "u")
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        assert screen.current_id == new[0]
        assert tui_library.papers[new[0]].status is Status.NEW


async def test_triage_ends_with_a_summary(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    count = len(tui_library.list(status=Status.NEW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", *["z"] * count)
        screen = app.screen
        assert isinstance(screen, TriageScreen) and screen.finished
        assert "Triage finished" in screen_text(app)
        await pilot.press("escape")
        assert app.settings.triage is None


async def test_queue_reorders_with_shift_k_and_j(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("Q")
        assert isinstance(app.screen, QueueScreen)
        first = [p.id for p in tui_library.queue()]
        await pilot.press("J")
        assert [p.id for p in tui_library.queue()] == [first[1], first[0], first[2]]
        await settle(pilot)
        await pilot.press("K")
        assert [p.id for p in tui_library.queue()] == first
        await pilot.press("end", "H")
        assert tui_library.queue()[0].id == first[2]


async def test_statistics_and_help_open_and_close(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        assert isinstance(app.screen, StatsScreen)
        assert "Added and read per week" in screen_text(app)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Put the paper in the reading queue" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_theme_toggle_is_remembered(
    tui_library: Library, make_app: MakeApp, settings_path
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("D")
        assert app.theme == "textual-light"
    assert Settings.load(settings_path).theme == "textual-light"
    again = make_app(tui_library)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
        await pilot.press("D")
        assert again.theme == "textual-dark"


async def test_keys_can_be_remapped_in_the_settings(
    tui_library: Library, make_app: MakeApp, settings_path
) -> None:
    Settings(keymap={"main.tags": "y"}).save(settings_path)
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = first_id(tui_library, "Playing Atari")
        await move_to(pilot, app, "Playing Atari")
        await pilot.press("y", *"remapped", "enter")
        assert tui_library.papers[paper_id].tags == ["remapped"]


async def test_after_the_first_paint_the_app_loads_abstracts_indexes_and_backs_up(
    library_path: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    Library.open(library_path).add_papers(sample_papers(), label="sample papers")
    library = Library.open(library_path, lazy_abstracts=True, daily_backup=False)
    backed_up: list[bool] = []
    monkeypatch.setattr(library, "back_up_daily", lambda: backed_up.append(True))
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: backed_up)
        assert library.abstracts_loaded and library.search_ready
