"""SVG snapshots of the main screens (fixed size, fixed papers, frozen clock).

Update them after a deliberate visual change with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import TabbedContent, TextArea

from readinglist.library import Library
from readinglist.tui.app import ReadingListApp
from tests.tui.helpers import screen_text, settle, wait_until
from tests.tui.test_import_export import DAILY_PAPERS

MakeApp = Callable[[Library], ReadingListApp]
SnapCompare = Callable[..., bool]


async def _settled(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.pause(0.2)  # the detail pane follows the cursor after a short rest


def test_main_screen(tui_library: Library, make_app: MakeApp, snap_compare: SnapCompare) -> None:
    app = make_app(tui_library)
    assert snap_compare(app, terminal_size=(120, 32), run_before=_settled)


def test_main_screen_at_80_by_24(
    tui_library: Library, make_app: MakeApp, snap_compare: SnapCompare
) -> None:
    app = make_app(tui_library)

    async def search(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"visoin", "enter")
        await _settled(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=search)


def test_triage(tui_library: Library, make_app: MakeApp, snap_compare: SnapCompare) -> None:
    app = make_app(tui_library)

    async def triage(pilot: Pilot[None]) -> None:
        await pilot.press("T", "a")
        await _settled(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=triage)


def test_note_editor(tui_library: Library, make_app: MakeApp, snap_compare: SnapCompare) -> None:
    app = make_app(tui_library)

    async def note(pilot: Pilot[None]) -> None:
        await pilot.press("end", "n")  # "Attention Is All You Need" has a note
        await wait_until(pilot, lambda: screen_text(app).count("Key idea") == 2)  # + preview
        app.screen.query_one(TextArea).cursor_blink = False
        await _settled(pilot)

    assert snap_compare(app, terminal_size=(110, 26), run_before=note)


def test_import_preview(tui_library: Library, make_app: MakeApp, snap_compare: SnapCompare) -> None:
    app = make_app(tui_library)

    async def paste(pilot: Pilot[None]) -> None:
        await pilot.press("i")
        app.screen.query_one(TabbedContent).active = "import-paste"
        area = app.screen.query_one("#import-text", TextArea)
        area.cursor_blink = False
        area.load_text(DAILY_PAPERS)
        await pilot.press("ctrl+r")  # preview now rather than after the typing pause
        await wait_until(pilot, lambda: "Found 2 papers" in screen_text(app))
        await _settled(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=paste)


def test_statistics(tui_library: Library, make_app: MakeApp, snap_compare: SnapCompare) -> None:
    app = make_app(tui_library)
    assert snap_compare(app, terminal_size=(120, 34), press=["S"], run_before=_settled)


def test_help(tui_library: Library, make_app: MakeApp, snap_compare: SnapCompare) -> None:
    app = make_app(tui_library)
    assert snap_compare(app, terminal_size=(100, 40), press=["question_mark"])
