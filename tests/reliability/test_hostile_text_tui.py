"""Promise 6 (app): the same hostile records as the command-line test, through every screen:
nothing a terminal would act on is drawn, markup stays literal, and no action runs."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from readinglist.library import Library
from readinglist.model import Paper, Status
from tests.reliability.test_hostile_text_cli import ESCAPES, FORBIDDEN, MARKUP, hostile_paper
from tests.reliability.test_two_writers import screen_text

pytest.importorskip("textual")

EVERY_ESCAPE = "".join(ESCAPES.values())
SCREENS = [["T"], ["escape", "Q"], ["escape", "S"], ["escape", "question_mark"], ["escape"]]
DIALOGS = [["n"], ["escape", "e"], ["escape", "s"], ["escape"]]


def hostile_papers(tags: list[str]) -> list[Paper]:
    """One paper per hostile string, and one carrying all of them at once."""
    papers = [
        hostile_paper(n, text, "clean") for n, text in enumerate([*MARKUP, *ESCAPES.values()])
    ]
    everything = hostile_paper(99, EVERY_ESCAPE + MARKUP[1], "clean")
    everything.tags = tags
    for position, paper in enumerate(papers[::2]):  # half of them in the reading queue
        paper.status, paper.queue_position = Status.TO_READ, position
    return [everything, *papers]


def drawn_screens(
    path: Path, settings: Path, papers: list[Paper], keys: list[list[str]]
) -> list[str]:
    """SVG screenshots of the app after each group of keys, starting on the first paper."""
    from readinglist.tui.app import build_app

    library = Library.open(path)
    library.add_papers(papers)
    app = build_app(library, settings, poll_interval=None)
    drawn: list[str] = []

    async def visit() -> None:
        async with app.run_test(size=(110, 32)) as pilot:
            for _ in range(60):  # the first paint may wait for workers
                await app.workers.wait_for_complete()
                await pilot.pause(0.05)
                if any(markup in screen_text(app) for markup in MARKUP):
                    break
            assert any(markup in screen_text(app) for markup in MARKUP)
            drawn.append(app.export_screenshot())
            app.main_screen.paper_list.move_cursor_to(papers[0].id)
            for group in keys:
                await pilot.press(*group)
                await pilot.pause(0.05)
                drawn.append(app.export_screenshot())
            assert app.is_running

    asyncio.run(visit())
    assert Library.open(path).papers.keys() == library.papers.keys(), "something ran"
    return drawn


def assert_nothing_dangerous(drawn: list[str]) -> None:
    for number, svg in enumerate(drawn):
        found = FORBIDDEN.search(svg)
        context = svg[max(0, found.start() - 80) : found.end() + 20] if found else ""
        assert found is None, f"screen {number} drew {found[0]!r}: …{context!r}"


def test_hostile_records_draw_nothing_dangerous_on_any_screen(
    library_path: Path, tmp_path: Path
) -> None:
    papers = hostile_papers(["clean"])
    drawn = drawn_screens(library_path, tmp_path / "settings.json", papers, DIALOGS + SCREENS)
    assert_nothing_dangerous(drawn)


def test_hostile_tags_draw_nothing_dangerous_in_the_tag_editor(
    library_path: Path, tmp_path: Path
) -> None:
    papers = hostile_papers([f"tag{text}" for text in ESCAPES.values()])
    drawn = drawn_screens(library_path, tmp_path / "settings.json", papers, [["t"], ["escape"]])
    assert_nothing_dangerous(drawn)
