"""The library screen: list, details, search, quick filters, sorting, marks, edits and undo."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from readinglist.library import Library
from readinglist.model import Status
from readinglist.tui import render
from readinglist.tui.app import ReadingListApp
from readinglist.tui.screens.dialogs import StatusPicker, TagEditor, TitleEditor
from readinglist.tui.screens.main import MainScreen
from readinglist.tui.settings import Settings
from readinglist.tui.widgets.filter_panel import FilterPanel
from tests.tui.conftest import SIZE, first_id
from tests.tui.helpers import (
    highlighted_title,
    listed_titles,
    main_screen,
    move_to,
    screen_text,
    settle,
)

MakeApp = Callable[[Library], ReadingListApp]


async def test_the_list_shows_every_paper_newest_first(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = listed_titles(app)
        assert len(titles) == len(tui_library.papers)
        assert titles[0].startswith("Neural Machine Translation")
        assert highlighted_title(app) == titles[0]


async def test_search_with_a_typo_finds_the_paper_and_escape_clears_it(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"difusion")
        await settle(pilot)
        assert listed_titles(app)[0] == "Denoising Diffusion Probabilistic Models"
        await pilot.press("escape")
        await settle(pilot)
        assert len(listed_titles(app)) == len(tui_library.papers)


async def test_search_understands_the_query_language(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"tag:vision status:new")
        await settle(pilot)
        assert sorted(listed_titles(app)) == [
            "Deep Residual Learning for Image Recognition",
            "Denoising Diffusion Probabilistic Models",
        ]


async def test_a_quick_filter_narrows_the_list_and_is_remembered(
    tui_library: Library, make_app: MakeApp, settings_path
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=(140, 30)) as pilot:
        panel = app.screen.query_one(FilterPanel)
        panel.focus()
        panel.highlighted = panel.get_option_index("status:to-read")
        await pilot.press("enter")
        await settle(pilot)
        assert {tui_library.papers[i].status for i in main_screen(app).paper_list.ids} == {
            Status.TO_READ
        }
    assert Settings.load(settings_path).quick_filter.status == "to-read"
    again = make_app(tui_library)
    async with again.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        assert len(listed_titles(again)) == 3


async def test_sorting_by_title_and_reversing(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "o")  # added -> published -> title
        await settle(pilot)
        assert app.settings.sort == "title"
        titles = listed_titles(app)
        assert titles == sorted(titles, key=str.casefold)
        await pilot.press("O")
        await settle(pilot)
        assert listed_titles(app) == titles[::-1]


async def test_number_keys_rate_and_zero_clears(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = await move_to(pilot, app, "Playing Atari")
        await pilot.press("4")
        assert tui_library.papers[paper_id].rating == 4
        await pilot.press("0")
        assert tui_library.papers[paper_id].rating == 0


async def test_status_picker_and_quick_status_keys(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = await move_to(pilot, app, "Playing Atari")
        await pilot.press("s")
        assert isinstance(app.screen, StatusPicker)
        await pilot.press("g")
        assert tui_library.papers[paper_id].status is Status.READING
        await settle(pilot)
        await move_to(pilot, app, "Playing Atari")
        await pilot.press("a")
        assert tui_library.papers[paper_id].status is Status.TO_READ
        await settle(pilot)
        await move_to(pilot, app, "Playing Atari")
        await pilot.press("r")
        assert tui_library.papers[paper_id].status is Status.READ
        await settle(pilot)
        await move_to(pilot, app, "Playing Atari")
        await pilot.press("z")
        assert tui_library.papers[paper_id].status is Status.SKIPPED


async def test_tags_editor_completes_existing_tags_fuzzily(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = await move_to(pilot, app, "Playing Atari")
        await pilot.press("t")
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"visoin")  # a typo of an existing tag
        await pilot.press("tab")
        await pilot.press(*"games", "enter")
        await settle(pilot)
        assert tui_library.papers[paper_id].tags == ["games", "vision"]


async def test_marked_papers_are_tagged_together(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("home", "space", "space")
        marked = main_screen(app).paper_list.selection()
        assert len(marked) == 2
        await pilot.press("t", *"later", "enter")
        await settle(pilot)
        assert all("later" in tui_library.papers[pid].tags for pid in marked)


async def test_editing_the_title(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = await move_to(pilot, app, "A study of sparse")
        await pilot.press("e")
        assert isinstance(app.screen, TitleEditor)
        await pilot.press("ctrl+u", *"Sparse Experts", "enter")
        assert tui_library.papers[paper_id].title == "Sparse Experts"
        assert not tui_library.papers[paper_id].title_derived


async def test_delete_then_undo_and_redo(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = await move_to(pilot, app, "Playing Atari")
        await pilot.press("d")
        await settle(pilot)
        assert paper_id not in tui_library.papers
        assert "Playing Atari with Deep Reinforcement Learning" not in listed_titles(app)
        await pilot.press("u")
        await settle(pilot)
        assert paper_id in tui_library.papers
        assert "Playing Atari with Deep Reinforcement Learning" in listed_titles(app)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert paper_id not in tui_library.papers
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert paper_id in tui_library.papers


async def test_command_palette_jumps_to_a_paper_by_fuzzy_title(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"atari reinforcment")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert highlighted_title(app) == "Playing Atari with Deep Reinforcement Learning"


async def test_an_edit_made_by_another_process_shows_up(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = first_id(tui_library, "Playing Atari")
        other = Library.open(tui_library.path)
        other.rate([paper_id], 5)
        other.close()
        app._poll_library()
        await settle(pilot)
        assert tui_library.papers[paper_id].rating == 5
        await move_to(pilot, app, "Playing Atari")
        await pilot.press("3")
        assert Library.open(tui_library.path).papers[paper_id].rating == 3


async def test_every_action_is_in_the_command_palette(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        paper_id = await move_to(pilot, app, "Playing Atari")
        await pilot.press("ctrl+p", *"Queue")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert tui_library.papers[paper_id].status is Status.TO_READ


async def test_search_matches_are_highlighted_in_the_details(
    tui_library: Library, make_app: MakeApp
) -> None:
    from readinglist.tui.widgets.paper_detail import PaperDetail

    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"residual")
        await settle(pilot)
        await pilot.pause(0.5)
        title = app.screen.query_one(PaperDetail).query_one(".detail-title").visual
        assert isinstance(title, Content) and title.plain.startswith("Deep Residual")
        assert any(span.style == render.MATCH_STYLE for span in title.spans)


async def test_a_search_that_finds_nothing_says_so(tui_library: Library, make_app: MakeApp) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"qqqzzzxxx")
        await settle(pilot)
        await pilot.pause(0.5)
        assert listed_titles(app) == []
        assert "No papers match" in screen_text(app)
        await pilot.press("enter", "3", "t", "d")  # nothing highlighted: keys do nothing
        assert isinstance(app.screen, MainScreen)
