"""Promise 6 (command line): hostile titles, abstracts, tags and notes print literally or
neutralised; no escape sequence, control or bidi character reaches the terminal."""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.cli import main
from readinglist.library import Library
from readinglist.model import Paper, Source, paper_id
from tests.reliability.conftest import Cli

MARKUP = [
    "[bold red]loud[/bold red]",
    "[@click=app.quit]quit[/]",
    "[link=file:///etc/passwd]open me[/link]",
    "a [/] b",
    "[Re] Reproducing X",
]
ESCAPES = {
    "colour": "\x1b[31mred\x1b[0m",
    "clipboard write (OSC 52)": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "window title (OSC 0)": "\x1b]0;pwned\x1b\\",
    "clear screen and home": "\x1b[2J\x1b[H",
    "cursor up and erase line": "\x1b[1A\x1b[2K",
    "8-bit CSI": "\x9b31m",
    "8-bit OSC": "\x9d0;t\x9c",
    "carriage return overwrite": "harmless\rEVIL",
    "backspaces": "abc\x08\x08\x08xyz",
    "bell and NUL": "\x07\x00",
    "DEL": "x\x7fy",
    "bidi override": "\u202eevil\u202c",
    "bidi isolate": "\u2066hidden\u2069",
    "zero-width space": "pay\u200bpal",
    "BOM inside": "a\ufeffb",
}
# What must never reach a terminal from untrusted text (newline and tab are fine).
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def hostile_paper(number: int, text: str, tag: str = "") -> Paper:
    """A record as a hand edit or another tool could leave it (importers clean text first)."""
    title = f"Hostile {number} {text}"
    return Paper(
        id=paper_id(title, "", False),
        title=title,
        abstract=f"Abstract {text} end",
        authors=[f"Author {text}"],
        published=f"2026 {text}",
        sources=[Source(f"file {text}.txt", "b1", "2026-11-01T00:00:00.000Z")],
        added_at=f"2026-11-01T00:00:{number % 60:02d}.000Z",
        updated_at="2026-11-01T00:00:00.000Z",
        tags=[tag or f"tag{text}"],
        note=f"# Note\n\n{text}\n\nend",
    )


@pytest.fixture
def hostile_ids(library_path: Path) -> list[str]:
    library = Library.open(library_path)
    papers = [hostile_paper(n, t) for n, t in enumerate(MARKUP)]
    papers += [hostile_paper(n, t, "escapes") for n, t in enumerate(ESCAPES.values(), 10)]
    library.add_papers(papers)
    return [p.id for p in papers]


def assert_terminal_safe(output: str, where: str) -> None:
    found = FORBIDDEN.search(output)
    if found:
        context = output[max(0, found.start() - 30) : found.end() + 30]
        raise AssertionError(f"{where} printed {found[0]!r} in …{context!r}…")


def test_listing_and_showing_hostile_papers_prints_nothing_a_terminal_would_act_on(
    hostile_ids: list[str], cli: Cli
) -> None:
    commands = [["list"], ["list", "--search", "hostile"], ["stats"], ["history"]]
    commands += [["show", pid] for pid in hostile_ids]
    for command in commands:
        result = cli(*command)
        assert result.code == 0, (command, result.err)
        assert_terminal_safe(result.text, " ".join(command))


def test_markup_is_printed_literally(hostile_ids: list[str], cli: Cli) -> None:
    listing = cli("list").out
    for text in MARKUP:
        assert text in listing
    shown = cli("show", hostile_ids[1]).out
    assert "[@click=app.quit]quit[/]" in shown
    assert "#tag[@click=app.quit]quit[/]" in shown


def test_escape_sequences_are_removed_but_the_words_stay(hostile_ids: list[str], cli: Cli) -> None:
    listing = cli("list").out
    assert "red" in listing and "harmlessEVIL" in listing.replace(" ", "")
    assert "evil" in listing and "paypal" in listing


def test_messages_after_edits_and_deletes_are_safe(hostile_ids: list[str], cli: Cli) -> None:
    for pid in hostile_ids:
        for command in (["rate", pid, "3"], ["tag", pid, "seen"], ["delete", pid], ["undo"]):
            result = cli(*command)
            assert result.code == 0, (command, result.err)
            assert_terminal_safe(result.text, " ".join(command))


def test_maintenance_commands_are_safe_with_hostile_papers(
    hostile_ids: list[str], cli: Cli
) -> None:
    cli("backup", "create")
    cli("delete", *hostile_ids[:6])
    for command in (["backup", "list"], ["backup", "restore", "latest", "--dry-run"], ["doctor"]):
        result = cli(*command)
        assert_terminal_safe(result.text, " ".join(command))
    assert "[@click=app.quit]quit[/]" in cli("backup", "restore", "latest", "--dry-run").out


def test_hostile_tags_in_a_hand_edited_library_print_safely(library_path: Path, cli: Cli) -> None:
    papers = [hostile_paper(n, "x", f"tag{t}") for n, t in enumerate(ESCAPES.values())]
    Library.open(library_path).add_papers(papers)
    assert_terminal_safe(cli("list").text, "list")
    for paper in papers:
        assert_terminal_safe(cli("tag", paper.id, "seen").text, "tag")


def test_json_output_escapes_what_a_terminal_would_act_on_and_keeps_the_exact_text(
    hostile_ids: list[str], library_path: Path, cli: Cli
) -> None:
    library = Library.open(library_path)
    listing = cli("list", "--json").out
    records = {r["id"]: r for r in orjson.loads(listing)}
    for pid in hostile_ids:
        assert records[pid]["title"] == library.papers[pid].title
        shown = cli("show", pid, "--json").out
        assert orjson.loads(shown)["note"] == library.papers[pid].note
        assert_terminal_safe(shown, "show --json")
    assert_terminal_safe(listing, "list --json")


def test_a_library_file_quoting_escapes_in_its_damage_report_is_safe(
    library_path: Path, cli: Cli
) -> None:
    library_path.parent.mkdir(parents=True)
    library_path.write_bytes(b'{"meta": {"1": {"format": "\x1b]0;pwned\x07"}}}')
    for command in (["list"], ["doctor"]):
        assert_terminal_safe(cli(*command).text, " ".join(command))


hostile_text = st.lists(
    st.one_of(
        st.sampled_from([*MARKUP, *ESCAPES.values()]),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20),
    ),
    min_size=1,
    max_size=4,
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=hostile_text, note=hostile_text)
def test_any_text_in_titles_abstracts_and_notes_prints_safely(title: str, note: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library.json"
        paper = hostile_paper(0, title, "clean-tag")
        paper.note = note
        Library.open(path).add_papers([paper])
        for command in (["list"], ["show", paper.id]):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                assert main(["--db", str(path), *command]) == 0
            assert_terminal_safe(out.getvalue() + err.getvalue(), " ".join(command))
