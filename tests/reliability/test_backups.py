"""Promise 4: rotating private backups that never slow an edit, and restores that are undoable."""

from __future__ import annotations

import errno
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from readinglist.library import Library
from readinglist.maintenance import backups as backups_module
from readinglist.maintenance.backups import KEEP_DAYS, KEEP_LATEST, Backup, BackupFolder
from readinglist.maintenance.restore import read_backup
from readinglist.model import Status
from tests.conftest import make_paper
from tests.reliability.conftest import Cli, Clock, fingerprint


def records(library: Library) -> dict[str, dict[str, object]]:
    library.load_abstracts()
    return {pid: paper.to_record() for pid, paper in library.papers.items()}


def test_adding_papers_keeps_a_backup_that_restores_every_field(
    filled_library: Library,
) -> None:
    [backup] = BackupFolder(filled_library.path).all()
    restored = read_backup(backup)
    assert {pid: p.to_record() for pid, p in restored.items()} == records(filled_library)
    assert backup.info().papers == 12


def test_backups_are_private_to_the_owner(filled_library: Library) -> None:
    folder = BackupFolder(filled_library.path)
    assert folder.root.stat().st_mode & 0o777 == 0o700
    for backup in folder.all():
        assert backup.folder.stat().st_mode & 0o777 == 0o700
        assert {f.stat().st_mode & 0o777 for f in backup.folder.iterdir()} == {0o600}


def test_edits_write_no_snapshot_and_no_backup_only_one_journal_line(
    filled_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    heavy_writes: list[str] = []
    monkeypatch.setattr(
        "readinglist.storage.store.write_snapshot", lambda *a: heavy_writes.append("snapshot")
    )
    monkeypatch.setattr(BackupFolder, "take", lambda *a, **k: heavy_writes.append("backup"))
    journal = filled_library.path.with_name("library.json.journal")
    paper_id = next(iter(filled_library.papers))
    edits = [
        lambda: filled_library.rate([paper_id], 4),
        lambda: filled_library.tag([paper_id], ["storage"]),
        lambda: filled_library.set_note(paper_id, "a note"),
        lambda: filled_library.set_status([paper_id], Status.READING),
        filled_library.undo,
        filled_library.redo,
    ]
    for edit in edits:
        lines_before = journal.read_bytes().count(b"\n")
        edit()
        assert journal.read_bytes().count(b"\n") == lines_before + 1
    assert heavy_writes == []


def test_the_bytes_an_edit_writes_do_not_grow_with_the_library(tmp_path: Path) -> None:
    written = []
    for size in (10, 2_000):
        library = Library.open(tmp_path / f"n{size}" / "library.json")
        library.add_papers(
            make_paper(f"Paper {n} of {size}", f"Abstract {n}.") for n in range(size)
        )
        journal = library.path.with_name("library.json.journal")
        before = journal.stat().st_size
        library.rate([next(iter(library.papers))], 3)
        written.append(journal.stat().st_size - before)
    assert abs(written[0] - written[1]) < 16  # only the paper id and timestamps differ


def test_the_first_open_of_a_day_takes_a_backup_when_something_changed(
    library_path: Path, clock: Clock
) -> None:
    library = Library.open(library_path)
    library.add_papers([make_paper("Day one paper", "Its abstract.")])
    folder = BackupFolder(library_path)
    assert len(folder.all()) == 1
    library.rate([next(iter(library.papers))], 5)
    Library.open(library_path)
    assert len(folder.all()) == 1, "the same day: no second daily backup"
    clock.advance(days=1)
    Library.open(library_path)
    newest = folder.all()[0]
    assert newest.created.date() == clock.now.date()
    assert next(iter(read_backup(newest).values())).rating == 5
    clock.advance(days=1)
    Library.open(library_path)
    assert len(folder.all()) == 2, "nothing changed since the last backup: none taken"


def test_an_app_can_open_first_and_take_the_days_backup_after_painting(
    library_path: Path, clock: Clock
) -> None:
    library = Library.open(library_path)
    library.add_papers([make_paper("Day one paper", "Its abstract.")])
    library.rate([next(iter(library.papers))], 5)
    folder = BackupFolder(library_path)
    clock.advance(days=1)
    opened = Library.open(library_path, lazy_abstracts=True, daily_backup=False)
    assert len(folder.all()) == 1
    opened.back_up_daily()
    assert len(folder.all()) == 2
    assert next(iter(read_backup(folder.all()[0]).values())).rating == 5


def make_backups(stamps: list[datetime]) -> list[Backup]:
    return [
        Backup(f"{s.strftime('%Y%m%dT%H%M%SZ')}-{n}", Path("/x"), "library.json", s)
        for n, s in enumerate(stamps)
    ]


def test_rotation_keeps_the_newest_ten_and_one_a_day_for_a_week() -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    # Five backups a day, every day for three weeks; the last twelve all today.
    stamps = [
        now - timedelta(days=day, hours=hour) for day in range(1, 21) for hour in range(5)
    ] + [now - timedelta(minutes=m) for m in range(12)]
    all_backups = make_backups(stamps)
    keep = backups_module.backups_to_keep(all_backups, now)
    newest_first = sorted(all_backups, key=lambda b: (b.created, b.id), reverse=True)
    expected = {b.id for b in newest_first[:KEEP_LATEST]}
    for day in range(1, KEEP_DAYS):
        that_day = [
            b for b in newest_first if b.created.date() == (now - timedelta(days=day)).date()
        ]
        expected.add(that_day[0].id)
    assert keep == expected
    assert len(keep) == KEEP_LATEST + KEEP_DAYS - 1


def test_old_backups_are_pruned_on_disk(library_path: Path, clock: Clock) -> None:
    clock.now = clock.now.replace(hour=1)  # three checkpoints an hour apart stay on one day
    library = Library.open(library_path)
    library.add_papers([make_paper("Pruned paper", "Abstract.")])
    paper_id = next(iter(library.papers))
    for day in range(12):
        for hour in range(3):
            clock.advance(hours=1)
            library.rate([paper_id], (day + hour) % 5 + 1)
            library.checkpoint()
        clock.advance(days=1)
    kept = BackupFolder(library_path).all()
    assert len(kept) == KEEP_LATEST + 3  # the last ten span four days; three more days kept
    assert {b.created.date() for b in kept} == {
        (clock.now - timedelta(days=day)).date() for day in range(1, KEEP_DAYS + 1)
    }


def test_backups_share_unchanged_abstracts_instead_of_copying_them(
    filled_library: Library, clock: Clock
) -> None:
    filled_library.rate([next(iter(filled_library.papers))], 2)
    clock.advance(seconds=5)
    filled_library.checkpoint()
    newest, older = BackupFolder(filled_library.path).all()[:2]
    assert (newest.folder / "library.json.abstracts").stat().st_nlink == 2
    assert (newest.folder / "library.json").read_bytes() != (
        older.folder / "library.json"
    ).read_bytes()


def test_backups_survive_the_library_file_being_rewritten_in_place(
    filled_library: Library,
) -> None:
    [backup] = BackupFolder(filled_library.path).all()
    saved = fingerprint(backup.folder)
    with filled_library.path.open("r+b") as in_place:  # what `cat x > library.json` does
        in_place.truncate(0)
    with filled_library.path.with_name("library.json.abstracts").open("r+b") as in_place:
        in_place.write(b"garbage")
    assert fingerprint(backup.folder) == saved
    assert len(read_backup(backup)) == 12


def test_a_backup_that_cannot_be_written_never_fails_the_change(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups_module, "_copy_private", disk_full)
    library = Library.open(library_path)
    library.add_papers([make_paper("Saved despite a full backup disk", "Abstract.")])
    monkeypatch.undo()
    assert len(Library.open(library_path)) == 1
    folder = BackupFolder(library_path)
    assert folder.half_made() == []
    assert len(folder.all()) == 1, "the next open of the day backs up after all"


def test_a_half_made_backup_is_ignored_then_cleaned_up(filled_library: Library) -> None:
    folder = BackupFolder(filled_library.path)
    half = folder.root / ".tmp-library.json-20261101T000000Z-9-abcd"
    half.mkdir()
    (half / "library.json").write_bytes(b'{"meta": ')
    assert len(folder.all()) == 1
    filled_library.rate([next(iter(filled_library.papers))], 1)
    filled_library.checkpoint()
    assert not half.exists()


# --- the CLI ------------------------------------------------------------------------------


def test_backup_list_shows_ids_dates_and_paper_counts(filled_library: Library, cli: Cli) -> None:
    result = cli("backup", "list")
    assert result.code == 0
    [backup] = BackupFolder(filled_library.path).all()
    row = next(line for line in result.out.splitlines() if backup.id in line)
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d\s+12\s", row)


def test_backup_list_without_backups_says_how_to_take_one(cli: Cli) -> None:
    result = cli("backup", "list")
    assert result.code == 0
    assert "backup create" in result.out


def test_backup_create_takes_one_now(filled_library: Library, cli: Cli, clock: Clock) -> None:
    filled_library.rate([next(iter(filled_library.papers))], 3)
    result = cli("backup", "create")
    assert result.code == 0
    newest = BackupFolder(filled_library.path).all()[0]
    assert newest.id in result.out
    assert any(p.rating == 3 for p in read_backup(newest).values())


def mess_up(library: Library) -> dict[str, str]:
    """Delete two papers, rate one, add one; returns what happened, by id."""
    ids = sorted(library.papers)
    library.delete(ids[:2])
    library.rate([ids[2]], 5)
    library.add_papers([make_paper("A paper added after the backup", "Abstract.")])
    added = next(pid for pid in library.papers if library.papers[pid].title.startswith("A paper"))
    return {ids[0]: "+", ids[1]: "+", ids[2]: "~", added: "-"}


def test_restore_shows_what_it_will_change_and_backs_up_first(
    filled_library: Library, cli: Cli, clock: Clock
) -> None:
    [backup] = BackupFolder(filled_library.path).all()
    clock.advance(minutes=1)
    changes = mess_up(filled_library)
    before_restore = records(filled_library)
    clock.advance(minutes=1)
    result = cli("backup", "restore", backup.id)
    assert result.code == 0, result.err
    assert "changes 4 papers: 2 come back (+), 1 go (-), 1 change (~)" in result.out
    for paper_id, sign in changes.items():
        assert f"  {sign} {paper_id[:6]}" in result.out
    safety = BackupFolder(filled_library.path).all()[0]
    assert f"backed up as {safety.id}" in result.out
    assert {pid: p.to_record() for pid, p in read_backup(safety).items()} == before_restore
    assert records(Library.open(filled_library.path)) == {
        pid: p.to_record() for pid, p in read_backup(backup).items()
    }


def test_a_restore_is_one_change_that_undo_takes_back(filled_library: Library, cli: Cli) -> None:
    [backup] = BackupFolder(filled_library.path).all()
    mess_up(filled_library)
    messed = records(filled_library)
    assert cli("backup", "restore", backup.id).code == 0
    assert cli("undo").code == 0
    assert records(Library.open(filled_library.path)) == messed
    assert cli("redo").code == 0
    assert len(Library.open(filled_library.path)) == 12
    assert backup.id in cli("history", "--limit", "3").out


def test_restore_dry_run_changes_nothing(filled_library: Library, cli: Cli) -> None:
    [backup] = BackupFolder(filled_library.path).all()
    mess_up(filled_library)
    folder = filled_library.path.parent
    before = fingerprint(folder)
    result = cli("backup", "restore", backup.id, "--dry-run")
    assert result.code == 0
    assert "Nothing was changed" in result.out
    assert fingerprint(folder) == before


def test_restoring_the_state_the_library_is_in_does_nothing(
    filled_library: Library, cli: Cli
) -> None:
    result = cli("backup", "restore", "latest")
    assert result.code == 0
    assert "nothing to restore" in result.out


def test_an_unknown_backup_id_is_a_clear_error(filled_library: Library, cli: Cli) -> None:
    result = cli("backup", "restore", "1999")
    assert result.code == 1
    assert "no backup matches '1999'" in result.err
    assert "backup list" in result.err


def test_restore_after_a_disaster_brings_every_paper_back(
    filled_library: Library, cli: Cli
) -> None:
    """A sync tool wrote garbage over both the library file and its journal."""
    expected = records(filled_library)
    path = filled_library.path
    journal = path.with_name("library.json.journal")
    path.write_bytes(b"\x00" * 100)
    journal.write_bytes(b"<<<<<<< conflict\n")
    damaged = {path.name: path.read_bytes(), journal.name: journal.read_bytes()}

    opened = cli("list")
    assert opened.code == 1
    assert "readinglist doctor" in opened.err
    doctor = cli("doctor")
    assert doctor.code == 1
    restore_command = re.search(
        r"`readinglist (--db \S+ backup restore \S+ --replace-damaged)`", doctor.out
    )
    assert restore_command, doctor.out
    refused = cli("backup", "restore", "latest")
    assert refused.code == 1
    assert "--replace-damaged" in refused.err
    assert path.read_bytes() == damaged[path.name]

    restored = cli(*restore_command[1].split()[2:])
    assert restored.code == 0, restored.err
    assert records(Library.open(path)) == expected
    kept = {p.name.split(".damaged-")[0]: p.read_bytes() for p in path.parent.glob("*.damaged-*")}
    assert kept[path.name] == damaged[path.name]
    assert kept[journal.name] == damaged[journal.name]
    assert cli("doctor").code == 0


def test_a_deleted_library_is_restored_from_its_backups(filled_library: Library, cli: Cli) -> None:
    expected = records(filled_library)
    for file in filled_library.path.parent.glob("library.json*"):
        file.unlink()
    doctor = cli("doctor")
    assert doctor.code == 1
    assert "no library at" in doctor.out
    assert "backup restore" in doctor.out
    assert cli("backup", "restore", "latest").code == 0
    assert records(Library.open(filled_library.path)) == expected


def test_a_damaged_backup_is_refused_and_reported(filled_library: Library, cli: Cli) -> None:
    [backup] = BackupFolder(filled_library.path).all()
    os.chmod(backup.snapshot, 0o600)
    backup.snapshot.write_bytes(b'{"meta": {"1": ')
    restore = cli("backup", "restore", backup.id)
    assert restore.code == 1
    assert str(backup.snapshot) in restore.err
    doctor = cli("doctor")
    assert f"Backup {backup.id} cannot be restored" in doctor.out
    assert doctor.code == 1


def test_backup_descriptions_are_small_json(filled_library: Library) -> None:
    [backup] = BackupFolder(filled_library.path).all()
    info = orjson.loads((backup.folder / "backup.json").read_bytes())
    assert info["format"] == "readinglist-backup"
    assert info["papers"] == 12


def test_a_restore_whose_safety_backup_fails_restores_nothing(
    filled_library: Library, cli: Cli, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    [backup] = BackupFolder(filled_library.path).all()
    mess_up(filled_library)
    messed = records(filled_library)
    clock.advance(minutes=1)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups_module, "_write_private", disk_full)
    result = cli("backup", "restore", backup.id)
    assert result.code == 1
    assert "cannot write a backup: No space left on device" in result.err
    assert records(Library.open(filled_library.path)) == messed
