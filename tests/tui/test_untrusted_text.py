"""Hostile titles, tags, abstracts and notes are shown literally and trigger nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from readinglist.library import Library
from readinglist.model import Status
from readinglist.tui import render
from readinglist.tui.app import ReadingListApp
from readinglist.tui.screens.main import MainScreen
from readinglist.tui.screens.triage import TriageScreen
from tests.tui.conftest import SIZE, fixed_paper
from tests.tui.helpers import move_to, screen_text, settle, wait_until

MakeApp = Callable[[Library], ReadingListApp]

MARKUP_TITLES = [
    "[bold red]x[/] loud",
    "[@click=app.quit]y[/] quits",
    "a [/] b closes nothing",
    "[Re] Reproducing X",
    "[link=https://evil.example]click[/link] me",
]
ESCAPES = "\x1b]52;c;ZWNobyBoaQ==\x07paste \x1b[31mred\x1b[0m \u202eevil nul\x00 del\x7f"


@pytest.fixture
def hostile_library(library_path: Path) -> Library:
    library = Library.open(library_path)
    papers = [
        fixed_paper(n, title, f"topic {n}", tags=("[b]tag[/b]",), note=f"{title}\n\n{ESCAPES}")
        for n, title in enumerate(MARKUP_TITLES)
    ]
    papers.append(fixed_paper(9, f"Escapes {ESCAPES}", "escapes", tags=("esc",)))
    papers[0].abstract = f"An abstract with {MARKUP_TITLES[1]} and {ESCAPES}"
    library.add_papers(papers)
    return library


def test_render_keeps_markup_literal_and_drops_escapes() -> None:
    for title in MARKUP_TITLES:
        assert render.plain(title).plain == title
    cleaned = render.plain(f"x {ESCAPES}").plain
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\u202e" not in cleaned
    assert "\x00" not in cleaned and "\x7f" not in cleaned


async def test_hostile_text_shows_literally_everywhere(
    hostile_library: Library, make_app: MakeApp
) -> None:
    app = make_app(hostile_library)
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert "#[b]tag[/b]" in screen_text(app)  # the tag in the sidebar
        for title in MARKUP_TITLES:
            await move_to(pilot, app, title)
            await pilot.pause(0.1)
            assert title in screen_text(app)  # the detail pane's heading
        svg = app.export_screenshot()
        for forbidden in ("\x1b", "\x07", "\u202e", "\x00", "\x7f"):
            assert forbidden not in svg

        await move_to(pilot, app, "[@click=app.quit]")
        await pilot.pause(0.3)
        # Clicking the title (list row and detail heading) must not run the embedded action.
        await pilot.click("#main-list", offset=(5, app.main_screen.paper_list.cursor))
        await pilot.click(".detail-title", offset=(2, 0))
        assert app.is_running and isinstance(app.screen, MainScreen)

        for key in ("n", "t", "e"):  # note editor, tag editor, title editor
            await pilot.press(key)
            await pilot.pause()
            assert "[@click=app.quit]y[/] quits" in screen_text(app)
            await pilot.press("escape")
        await pilot.press("ctrl+p", *"click quits")
        await pilot.pause(0.4)
        assert "[@click=app.quit]y[/] quits" in screen_text(app)
        await pilot.press("escape", "d")
        await settle(pilot)
        assert app.is_running


async def test_triage_shows_hostile_text_literally(
    hostile_library: Library, make_app: MakeApp
) -> None:
    app = make_app(hostile_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        title = hostile_library.papers[screen.current_id or ""].title
        assert render.plain(title).plain in screen_text(app)
        await pilot.press("a")
        assert hostile_library.papers[screen.state.paper_ids[0]].status is Status.TO_READ


async def test_pasted_hostile_text_is_previewed_literally(
    tui_library: Library, make_app: MakeApp
) -> None:
    from textual.widgets import TabbedContent, TextArea

    app = make_app(tui_library)
    pasted = "Daily Papers\n\n[bold]Loud[/] title\n\nAn abstract that is long enough to count.\n"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        app.screen.query_one(TabbedContent).active = "import-paste"
        app.screen.query_one("#import-text", TextArea).load_text(pasted)
        await pilot.press("ctrl+r")  # preview now rather than after the typing pause
        await wait_until(pilot, lambda: "[bold]Loud[/] title" in screen_text(app))
