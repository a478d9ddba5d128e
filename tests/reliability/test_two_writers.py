"""Promise 2: processes editing one library at once lose nothing, agree, and never deadlock."""

from __future__ import annotations

import asyncio
import html
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from readinglist.library import Library
from readinglist.maintenance.doctor import Level, diagnose
from readinglist.storage.journal import Journal
from tests.conftest import make_paper
from tests.reliability.conftest import Cli

ROUNDS = 25
CLI_SCRIPT = """
import sys, orjson
from readinglist.cli import main
path, commands = sys.argv[1], orjson.loads(sys.argv[2])
for argv in commands:
    code = main(["--db", path, *argv])
    if code and argv[0] not in ("undo", "redo", "doctor"):  # allowed to report, not crash
        sys.exit(f"readinglist {' '.join(argv)} exited with {code}")
"""


def cli_process(path: Path, commands: list[list[str]]) -> subprocess.Popen[bytes]:
    """A separate process running whole `readinglist` commands one after another."""
    return subprocess.Popen(
        [sys.executable, "-c", CLI_SCRIPT, str(path), orjson.dumps(commands).decode()],
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )


def finish(*processes: subprocess.Popen[bytes]) -> None:
    """Wait for all; a deadlock would show up as the timeout."""
    assert [p.wait(timeout=120) for p in processes] == [0] * len(processes)


@pytest.fixture
def two_papers(library_path: Path) -> Iterator[tuple[str, str]]:
    library = Library.open(library_path)
    library.add_papers([make_paper("First shared paper", "A."), make_paper("Second one", "B.")])
    first, second = sorted(library.papers)
    yield first, second
    library.close()


def test_two_cli_processes_editing_different_papers_lose_nothing(
    library_path: Path, two_papers: tuple[str, str]
) -> None:
    first, second = two_papers
    writers = [
        cli_process(
            library_path,
            [
                command
                for n in range(ROUNDS)
                for command in (
                    ["tag", pid, f"{name}-{n}"],
                    ["note", pid, "--append", f"{name} {n}"],
                )
            ],
        )
        for pid, name in ((first, "a"), (second, "b"))
    ]
    finish(*writers)
    papers = Library.open(library_path).papers
    for pid, name in ((first, "a"), (second, "b")):
        assert set(papers[pid].tags) == {f"{name}-{n}" for n in range(ROUNDS)}
        assert papers[pid].note.split("\n\n") == [f"{name} {n}" for n in range(ROUNDS)]


def test_two_cli_processes_editing_different_fields_of_one_paper_lose_nothing(
    library_path: Path, two_papers: tuple[str, str]
) -> None:
    pid = two_papers[0]
    tagger = cli_process(library_path, [["tag", pid, f"t-{n}"] for n in range(ROUNDS)])
    noter = cli_process(library_path, [["note", pid, "--append", f"n {n}"] for n in range(ROUNDS)])
    finish(tagger, noter)
    paper = Library.open(library_path).papers[pid]
    assert set(paper.tags) == {f"t-{n}" for n in range(ROUNDS)}
    assert paper.note.split("\n\n") == [f"n {n}" for n in range(ROUNDS)]


def last_value_in_journal(path: Path, paper_id: str, field: str) -> object:
    """What the latest committed change set this field to: "later" means later in the journal."""
    journal = Journal(path)
    entries, _ = journal.read_from(len(journal.path.read_bytes().split(b"\n", 1)[0]) + 1)
    values = [
        op["after"][field]
        for entry in entries
        for op in entry.ops
        if op["op"] == "set" and op["id"] == paper_id and field in op["after"]
    ]
    return values[-1]


def test_concurrent_edits_of_one_field_the_later_wins_and_both_processes_agree(
    library_path: Path, two_papers: tuple[str, str]
) -> None:
    pid = two_papers[0]
    long_lived = Library.open(library_path)  # like the app: open all along
    titles = [["title", pid, f"Title from the CLI {n}"] for n in range(ROUNDS)]
    other = cli_process(library_path, titles)
    for n in range(ROUNDS):
        long_lived.set_title(pid, f"Title from the app {n}")
    finish(other)
    long_lived.refresh()
    winner = last_value_in_journal(library_path, pid, "title")
    assert long_lived.papers[pid].title == winner
    assert Library.open(library_path).papers[pid].title == winner
    title_changes = [c for c in long_lived.history(pid, limit=None) if c.label == "edit title"]
    assert len(title_changes) == 2 * ROUNDS, "every edit was committed; none was lost"


def test_the_later_edit_wins_and_the_open_process_shows_it(
    library_path: Path, two_papers: tuple[str, str], cli: Cli
) -> None:
    pid = two_papers[0]
    app_side = Library.open(library_path)
    app_side.set_note(pid, "written in the app")
    assert cli("note", pid, "--set", "written on the command line").code == 0
    assert app_side.refresh() == {pid}
    assert app_side.papers[pid].note == "written on the command line"
    app_side.rate([pid], 2)
    shown = orjson.loads(cli("show", pid, "--json").out)
    assert shown["rating"] == 2
    assert shown["note"] == "written on the command line"


def test_undo_takes_back_the_latest_change_whichever_process_made_it(
    library_path: Path, two_papers: tuple[str, str], cli: Cli
) -> None:
    pid = two_papers[0]
    app_side = Library.open(library_path)
    app_side.rate([pid], 4)
    assert cli("rate", pid, "1").code == 0
    app_side.undo()
    assert Library.open(library_path).papers[pid].rating == 4


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from readinglist.storage.lock import LibraryLock
with LibraryLock(Path(sys.argv[1])).held():
    print("locked", flush=True)
    time.sleep(600)
"""


def test_a_lock_held_by_a_killed_process_does_not_block_the_next_writer(
    library_path: Path, two_papers: tuple[str, str], cli: Cli
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(library_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    result = cli("rate", two_papers[0], "5")  # a stale lock would time out with an error
    assert result.code == 0, result.err
    assert Library.open(library_path).papers[two_papers[0]].rating == 5


def test_many_processes_editing_undoing_and_backing_up_at_once_all_finish(
    library_path: Path, two_papers: tuple[str, str]
) -> None:
    first, second = two_papers

    def mixed(name: str) -> list[list[str]]:
        # Two real changes (unique values) then one undo: whatever the interleaving, undo
        # (which takes back the latest change of any process) never reaches the papers' creation.
        return [
            command
            for n in range(8)
            for command in (
                ["title", first, f"Title by {name} {n}"],
                ["tag", second, f"{name}-{n}"],
                ["undo"],
            )
        ]

    finish(
        cli_process(library_path, [*mixed("a"), ["backup", "create"]]),
        cli_process(library_path, [*mixed("b"), ["redo"], ["backup", "create"]]),
        cli_process(library_path, [*mixed("c"), ["stats"], ["doctor"]]),
    )
    diagnosis = diagnose(library_path)
    assert diagnosis.opens and diagnosis.worst <= Level.NOTE


# --- the app and the command line ----------------------------------------------------------


def screen_text(app: object) -> str:
    """What the app's screen shows, as text (from its SVG screenshot)."""
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    return html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg))).replace("\xa0", " ")


def test_the_app_shows_an_edit_made_by_a_cli_process_and_the_cli_sees_the_apps(
    library_path: Path, two_papers: tuple[str, str], tmp_path: Path, cli: Cli
) -> None:
    pytest.importorskip("textual")
    from readinglist.tui.app import build_app

    pid = two_papers[0]
    library = Library.open(library_path, lazy_abstracts=True)
    app = build_app(library, tmp_path / "settings.json", poll_interval=0.05)

    async def scenario() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            finish(cli_process(library_path, [["title", pid, "Retitled by another process"]]))
            for _ in range(200):  # the app looks for changes every 50 ms
                await pilot.pause(0.05)
                if "Retitled by another process" in screen_text(app):
                    break
            assert "Retitled by another process" in screen_text(app)
            paper_list = app.main_screen.paper_list
            for _ in range(100):  # a list refresh still in flight may put the cursor back
                paper_list.move_cursor_to(pid)
                await pilot.pause(0.05)
                if paper_list.highlighted_id == pid:
                    break
            assert paper_list.highlighted_id == pid
            tagger = cli_process(library_path, [["tag", pid, f"cli-{n}"] for n in range(10)])
            for rating in (4, 1, 2, 3):  # rated in the app while the CLI tags the same paper
                await pilot.press(str(rating))
                await pilot.pause(0.02)
            finish(tagger)

    asyncio.run(scenario())
    shown = orjson.loads(cli("show", pid, "--json").out)
    assert shown["title"] == "Retitled by another process"
    assert shown["rating"] == 3
    assert set(shown["tags"]) == {f"cli-{n}" for n in range(10)}
