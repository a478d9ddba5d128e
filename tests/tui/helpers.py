"""Small helpers for Pilot tests: waiting for workers and reading what a screen shows."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable

from textual.pilot import Pilot

from readinglist.tui.app import ReadingListApp
from readinglist.tui.screens.main import MainScreen


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and their messages be handled."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], object], timeout: float = 20
) -> None:
    """Pause until `condition()` holds: debounced previews and Markdown renders take a moment,
    longer on a busy machine."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app did not get there in time"
        await pilot.pause(0.05)


def main_screen(app: ReadingListApp) -> MainScreen:
    return app.main_screen


def listed_titles(app: ReadingListApp) -> list[str]:
    papers = app.library.papers
    return [papers[pid].title for pid in main_screen(app).paper_list.ids]


def highlighted_title(app: ReadingListApp) -> str:
    paper_id = main_screen(app).paper_list.highlighted_id
    assert paper_id is not None
    return app.library.papers[paper_id].title


async def move_to(pilot: Pilot[None], app: ReadingListApp, title_start: str) -> str:
    """Put the list cursor on the paper whose title starts with `title_start`."""
    paper_list = main_screen(app).paper_list
    paper_id = next(
        pid for pid in paper_list.ids if app.library.papers[pid].title.startswith(title_start)
    )
    paper_list.move_cursor_to(paper_id)
    await pilot.pause()
    return paper_id


def screen_text(app: ReadingListApp) -> str:
    """The text of the current screen (from its SVG screenshot), as a user would read it."""
    svg = app.export_screenshot()
    lines = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return html.unescape("".join(lines)).replace("\xa0", " ")
