"""Import with a preview (a file or pasted text), the welcome screen, and the export dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, RadioButton, TabbedContent, TextArea

from readinglist.library import Library
from readinglist.tui.app import ReadingListApp
from readinglist.tui.screens.export import ExportDialog
from readinglist.tui.screens.importer import ImportScreen
from readinglist.tui.screens.main import MainScreen
from readinglist.tui.screens.welcome import WelcomeScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import listed_titles, screen_text, settle, wait_until

MakeApp = Callable[[Library], ReadingListApp]

DAILY_PAPERS = """Daily Papers

Attention Is All You Need

We study how attention behaves at scale. Experiments on six benchmarks show steady gains, \
and an ablation explains where they come from.

Sparse Autoencoders Find Interpretable Features

We train sparse autoencoders on model activations and find features people can name.
"""


async def test_importing_a_file_shows_new_papers_and_duplicates_before_saving(
    tui_library: Library, make_app: MakeApp, tmp_path: Path
) -> None:
    source = tmp_path / "today.txt"
    source.write_text(DAILY_PAPERS, encoding="utf-8")
    before = len(tui_library.papers)
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path", Input).value = str(source)
        await pilot.press("ctrl+r")
        await settle(pilot)
        text = screen_text(app)
        assert "1 new" in text and "1 already in the library" in text
        assert "Sparse Autoencoders Find Interpretable Features" in text
        assert len(tui_library.papers) == before  # nothing saved by the preview
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert len(tui_library.papers) == before + 1
        assert "Sparse Autoencoders Find Interpretable Features" in listed_titles(app)
        await pilot.press("u")  # the whole import is one undo step
        await settle(pilot)
        assert len(tui_library.papers) == before


async def test_pasted_text_is_previewed_then_imported(
    tui_library: Library, make_app: MakeApp
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        screen = app.screen
        screen.query_one(TabbedContent).active = "import-paste"
        screen.query_one("#import-text", TextArea).load_text(DAILY_PAPERS)
        await pilot.press("ctrl+r")  # preview now rather than after the typing pause
        await wait_until(pilot, lambda: "Found 2 papers" in screen_text(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Sparse Autoencoders Find Interpretable Features" in listed_titles(app)


async def test_an_unreadable_path_is_explained_not_fatal(
    tui_library: Library, make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "missing.txt")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "missing.txt" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_an_empty_library_welcomes_with_the_sample_papers(
    library: Library, make_app: MakeApp
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("s")
        await wait_until(pilot, lambda: "new" in screen_text(app) and "Found" in screen_text(app))
        assert isinstance(app.screen, ImportScreen)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot)
        assert len(library.papers) > 10
        assert len(listed_titles(app)) == len(library.papers)


async def test_exporting_the_current_filter_as_markdown(
    tui_library: Library, make_app: MakeApp, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "notes.md"
    target.parent.mkdir()
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"tag:vision", "enter")
        await settle(pilot)
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#scope-filter", RadioButton).value
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    text = target.read_text(encoding="utf-8")
    assert "Denoising Diffusion Probabilistic Models" in text
    assert "Attention Is All You Need" not in text


async def test_exporting_marked_papers_as_bibtex(
    tui_library: Library, make_app: MakeApp, tmp_path: Path
) -> None:
    target = tmp_path / "marked.bib"
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("home", "space", "x")
        dialog = app.screen
        assert dialog.query_one("#scope-marked", RadioButton).value
        await pilot.click("#format-bibtex")
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert target.read_text(encoding="utf-8").count("@") == 1


async def test_export_refuses_to_overwrite_without_consent(
    tui_library: Library, make_app: MakeApp, tmp_path: Path
) -> None:
    target = tmp_path / "exists.md"
    target.write_text("keep me", encoding="utf-8")
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert "already exists" in screen_text(app)
    assert target.read_text(encoding="utf-8") == "keep me"
