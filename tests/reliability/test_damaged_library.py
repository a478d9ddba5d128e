"""Promise 3: a damaged or foreign library gets a clear message, is never overwritten, and
`readinglist doctor` explains what is wrong and the exact command that recovers it."""

from __future__ import annotations

import errno
import os
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from readinglist.library import Library
from readinglist.maintenance.doctor import Level, diagnose
from readinglist.storage.lock import LibraryLock
from tests.conftest import make_paper
from tests.reliability.conftest import Cli, Clock, fingerprint

Damage = Callable[[Path], None]


def journal(path: Path) -> Path:
    return path.with_name("library.json.journal")


def abstracts(path: Path) -> Path:
    return path.with_name("library.json.abstracts")


def edit_snapshot(path: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))


def truncate_half(file: Path) -> None:
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])


def set_rating_text(path: Path) -> None:
    def change(data: dict) -> None:  # type: ignore[type-arg]
        data["papers"]["3"]["rating"] = "five"

    edit_snapshot(path, change)


def damage_journal_line(path: Path, from_end: int) -> None:
    """Scribble over one complete line, keeping the journal's length."""
    lines = journal(path).read_bytes().split(b"\n")
    lines[-1 - from_end] = b"#" * len(lines[-1 - from_end])
    journal(path).write_bytes(b"\n".join(lines))


# Damage that `doctor --repair` undoes without losing a single paper.
REPAIRABLE: dict[str, tuple[Damage, str, str]] = {
    "truncated library file": (truncate_half, "not valid JSON", "rebuilds the library file"),
    "invalid JSON": (
        lambda p: p.write_bytes(b'{"meta": {"1": oops}}'),
        "not valid JSON",
        "rebuilds the library file",
    ),
    "empty library file": (lambda p: p.write_bytes(b""), "empty", "rebuilds the library file"),
    "missing library file": (lambda p: p.unlink(), "missing", "rebuilds the library file"),
    "wrong types in a record": (
        set_rating_text,
        "paper record 3 is malformed",
        "rebuilds the library file",
    ),
    "damaged abstracts file": (
        lambda p: truncate_half(abstracts(p)),
        "abstracts",
        "rebuilds the library file",
    ),
    "missing journal": (
        lambda p: journal(p).unlink(),
        "journal library.json.journal is missing",
        "starts a fresh journal",
    ),
    "journal of another library": (
        lambda p: journal(p).write_bytes(
            b'{"format": "readinglist-journal", "journal_id": "someone-else"}\n'
        ),
        "belongs to another library",
        "starts a fresh journal",
    ),
    "journal truncated by a sync tool": (
        lambda p: journal(p).write_bytes(journal(p).read_bytes()[:40]),
        "journal",
        "starts a fresh journal",
    ),
}


def make_damaged_library(path: Path) -> dict[str, dict[str, object]]:
    """Twelve papers, some edits, all folded into the library file; returns the records."""
    library = Library.open(path)
    library.add_papers(
        make_paper(f"Paper {n} about damage", f"Abstract {n}, precious.") for n in range(12)
    )
    first = sorted(library.papers)[0]
    library.rate([first], 4)
    library.set_note(first, "A note worth keeping.")
    library.checkpoint()
    return {pid: p.to_record() for pid, p in library.papers.items()}


def repair_command(doctor_output: str) -> list[str]:
    """The arguments of the `readinglist ... doctor --repair` command doctor printed."""
    match = re.search(r"`readinglist ([^`]*doctor --repair)`", doctor_output)
    assert match, doctor_output
    return shlex.split(match[1])


@pytest.mark.parametrize("case", list(REPAIRABLE))
def test_damage_is_refused_untouched_explained_and_repaired_without_loss(
    library_path: Path, cli: Cli, case: str
) -> None:
    damage, reason, what_repair_does = REPAIRABLE[case]
    expected = make_damaged_library(library_path)
    damage(library_path)
    folder = library_path.parent
    damaged = fingerprint(folder)

    refused = cli("show", sorted(expected)[0])  # reads every file, abstracts included
    assert refused.code == 1
    assert refused.err.startswith("readinglist: error: ")
    assert "Traceback" not in refused.text
    assert "readinglist doctor" in refused.err
    assert fingerprint(folder) == damaged, "a failed open changed the files"

    doctor = cli("doctor")
    assert doctor.code == 1
    assert reason in doctor.out
    assert what_repair_does in doctor.out
    assert fingerprint(folder) == damaged, "doctor without --repair changed the files"

    repaired = cli(*repair_command(doctor.out))
    assert repaired.code == 0, repaired.text
    assert "Repaired:" in repaired.out
    library = Library.open(library_path)
    assert {pid: p.to_record() for pid, p in library.papers.items()} == expected
    kept = {p.name for p in folder.iterdir() if ".before-repair-" in p.name}
    for name, digest in damaged.items():
        if name in fingerprint(folder) and fingerprint(folder)[name] == digest:
            continue  # this file was not replaced
        copies = [k for k in kept if k.startswith(f"{name}.before-repair-")]
        assert copies, f"{name} was replaced without keeping a copy"
        assert fingerprint(folder)[copies[0]] == digest
    assert cli("doctor").code == 0


def test_a_damaged_journal_entry_is_cut_off_keeping_everything_before_it(
    library_path: Path, cli: Cli
) -> None:
    make_damaged_library(library_path)
    library = Library.open(library_path)
    second = sorted(library.papers)[1]
    library.rate([second], 2)  # after the checkpoint: only in the journal
    library.tag([second], ["kept"])
    library.set_note(second, "lost with the damaged line")
    damage_journal_line(library_path, from_end=1)
    before = journal(library_path).read_bytes()

    assert cli("list").code == 1
    doctor = cli("doctor")
    assert "journal is damaged at line" in doctor.out
    assert "0 later lines would be dropped" in doctor.out
    assert cli(*repair_command(doctor.out)).code == 0
    paper = Library.open(library_path).papers[second]
    assert (paper.rating, paper.tags, paper.note) == (2, ["kept"], "")
    copy = next(library_path.parent.glob("library.json.journal.before-repair-*"))
    assert copy.read_bytes() == before


def test_history_damaged_before_the_last_save_is_a_warning_and_a_fresh_journal_fixes_it(
    library_path: Path, cli: Cli
) -> None:
    expected = make_damaged_library(library_path)
    damage_journal_line(library_path, from_end=2)
    assert cli("list").code == 0, "the papers are intact: the library still opens"
    doctor = cli("doctor")
    assert doctor.code == 1
    assert "WARNING" in doctor.out and "history is damaged" in doctor.out
    assert cli(*repair_command(doctor.out)).code == 0
    library = Library.open(library_path)
    assert {pid: p.to_record() for pid, p in library.papers.items()} == expected
    assert cli("doctor").code == 0


def test_an_interrupted_last_change_is_ignored_and_cut_off(library_path: Path, cli: Cli) -> None:
    make_damaged_library(library_path)
    with journal(library_path).open("ab") as torn:
        torn.write(b'{"seq": 99, "kind": "change", "ops": [{"op": "se')
    assert cli("list").code == 0
    doctor = cli("doctor")
    assert doctor.code == 0
    assert "interrupted while being written" in doctor.out
    repaired = cli("doctor", "--repair")
    assert "Cut the journal" in repaired.out
    assert not journal(library_path).read_bytes().endswith(b"se")


def test_a_library_from_a_newer_version_is_refused_and_never_repaired(
    library_path: Path, cli: Cli
) -> None:
    make_damaged_library(library_path)

    def newer(data: dict) -> None:  # type: ignore[type-arg]
        data["meta"]["1"]["schema"] = 99
        data["meta"]["1"]["new_feature"] = {"x": 1}

    edit_snapshot(library_path, newer)
    before = fingerprint(library_path.parent)
    refused = cli("list")
    assert refused.code == 1
    assert "newer readinglist" in refused.err and "upgrade" in refused.err
    doctor = cli("doctor", "--repair")
    assert "Upgrade readinglist" in doctor.out
    assert "Nothing to repair" in doctor.out
    assert "backup restore" not in doctor.out
    assert fingerprint(library_path.parent) == before


def test_fields_added_by_hand_or_a_newer_version_are_kept(library_path: Path, cli: Cli) -> None:
    make_damaged_library(library_path)

    def hand_edit(data: dict) -> None:  # type: ignore[type-arg]
        for record in data["papers"].values():
            record["doi"] = "10.1000/" + record["id"]
            record["x-reviewer"] = {"name": "Ada", "score": 7}

    edit_snapshot(library_path, hand_edit)
    pid = sorted(Library.open(library_path).papers)[0]
    assert cli("rate", pid, "5").code == 0
    assert cli("delete", pid).code == 0
    assert cli("undo").code == 0
    assert cli("backup", "create").code == 0  # folds everything into a new library file
    assert "carry fields this version does not use (doi, x-reviewer)" in cli("doctor").out
    records = orjson.loads(library_path.read_bytes())["papers"].values()
    kept = next(r for r in records if r["id"] == pid)
    assert kept["doi"] == "10.1000/" + pid
    assert kept["x-reviewer"] == {"name": "Ada", "score": 7}
    assert kept["rating"] == 5
    assert "doi" not in orjson.loads(cli("show", pid, "--json").out)


def test_every_command_leaves_a_damaged_library_untouched(library_path: Path, cli: Cli) -> None:
    make_damaged_library(library_path)
    pid = sorted(Library.open(library_path).papers)[0]
    truncate_half(library_path)
    before = fingerprint(library_path.parent)
    commands = [
        ["list"], ["show", pid], ["rate", pid, "3"], ["tag", pid, "x"], ["status", pid, "read"],
        ["note", pid, "--set", "x"], ["title", pid, "T"], ["delete", pid], ["undo"], ["redo"],
        ["history"], ["stats"], ["backup", "create"], ["backup", "restore", "latest"],
    ]  # fmt: skip
    for command in commands:
        result = cli(*command)
        assert result.code == 1, command
        assert "Traceback" not in result.text
        assert fingerprint(library_path.parent) == before, command


# --- the disk and the file system ---------------------------------------------------------


def no_space(*args: object) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_fails_the_edit_clearly_and_keeps_the_library(
    library_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    expected = make_damaged_library(library_path)
    clock.advance(minutes=1)  # a backup taken now is a new one
    pid = sorted(expected)[0]
    before = fingerprint(library_path.parent)
    monkeypatch.setattr(os, "write", no_space)
    monkeypatch.setattr(os, "fsync", no_space)  # buffered writes are refused when flushed
    for command in (["rate", pid, "1"], ["backup", "create"], ["delete", pid]):
        result = cli(*command)
        assert result.code == 1, command
        assert "No space left on device" in result.err
    monkeypatch.undo()
    assert fingerprint(library_path.parent) == before
    assert cli("rate", pid, "1").code == 0, "once there is room again, editing works"


def test_a_write_cut_short_by_a_full_disk_leaves_no_trace(
    library_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_damaged_library(library_path)
    pid = sorted(Library.open(library_path).papers)[0]
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        if len(data) > 20:
            real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    assert cli("note", pid, "--set", "half of this reached the disk").code == 1
    monkeypatch.undo()
    assert Library.open(library_path).papers[pid].note == "A note worth keeping."
    assert diagnose(library_path).worst <= Level.NOTE
    assert cli("note", pid, "--set", "whole").code == 0
    assert Library.open(library_path).papers[pid].note == "whole"
    assert diagnose(library_path).worst == Level.OK


def test_an_unreadable_library_is_explained_with_the_fix(
    library_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_damaged_library(library_path)
    real_read_bytes = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == library_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    refused = cli("list")
    assert refused.code == 1
    assert "Permission denied" in refused.err and str(library_path) in refused.err
    doctor = cli("doctor")
    assert "Permission denied" in doctor.out
    assert f"chmod u+rw {library_path}" in doctor.out


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_library_without_read_permission_is_repaired_by_doctor(
    library_path: Path, cli: Cli
) -> None:
    make_damaged_library(library_path)
    library_path.chmod(0o000)
    assert cli("list").code == 1
    assert "Permission denied" in cli("doctor").out
    assert cli("doctor", "--repair").code == 0
    assert len(Library.open(library_path)) == 12


def test_files_readable_by_others_are_a_warning_and_repair_makes_them_private(
    library_path: Path, cli: Cli
) -> None:
    make_damaged_library(library_path)
    library_path.chmod(0o644)
    journal(library_path).chmod(0o640)
    doctor = cli("doctor")
    assert doctor.code == 1
    assert "Other users of this computer can read library.json, library.json.journal" in doctor.out
    assert cli("doctor", "--repair").code == 0
    assert library_path.stat().st_mode & 0o777 == 0o600
    assert journal(library_path).stat().st_mode & 0o777 == 0o600


def test_temporary_files_left_by_a_killed_writer_are_harmless_and_removed(
    library_path: Path, cli: Cli
) -> None:
    make_damaged_library(library_path)
    stray = library_path.with_name("library.json.tmp-4242-abcd")
    stray.write_bytes(b'{"half": ')
    doctor = cli("doctor")
    assert doctor.code == 0
    assert "half-written temporary files" in doctor.out
    cli("doctor", "--repair")
    assert not stray.exists()


def test_doctor_notes_a_library_in_use_by_another_program(library_path: Path, cli: Cli) -> None:
    make_damaged_library(library_path)
    with LibraryLock(library_path).held():
        doctor = cli("doctor")
    assert doctor.code == 0
    assert "Another readinglist is using this library right now" in doctor.out


def test_doctor_on_a_healthy_library_says_so(library_path: Path, cli: Cli) -> None:
    make_damaged_library(library_path)
    doctor = cli("doctor")
    assert doctor.code == 0
    assert "The library opens: 12 papers" in doctor.out
    assert "No problems found." in doctor.out


def test_doctor_on_a_new_setup_has_nothing_to_worry_about(cli: Cli) -> None:
    doctor = cli("doctor")
    assert doctor.code == 0
    assert "created on first use" in doctor.out
