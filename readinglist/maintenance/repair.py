"""`readinglist doctor --repair`: the safe repairs, each keeping a copy of what it replaces."""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readinglist.errors import ReadingListError, StorageError
from readinglist.library import Library
from readinglist.maintenance.backups import STAMP_FORMAT, BackupFolder, utc_now
from readinglist.maintenance.doctor import (
    PRIVATE_DIR,
    PRIVATE_FILE,
    Diagnosis,
    Repair,
    diagnose,
    replay,
    scan_journal,
)
from readinglist.maintenance.restore import REPAIR_MARKER
from readinglist.model import Paper
from readinglist.model import utc_now as timestamp
from readinglist.ops import add_op
from readinglist.storage.files import fsync_dir, remove_stale_temp_files
from readinglist.storage.journal import Entry, Journal
from readinglist.storage.lock import LibraryLock
from readinglist.storage.snapshot import abstracts_path, read_abstracts, read_snapshot
from readinglist.storage.store import LibraryStore

# Each round fixes one thing and looks again; a repair that changes nothing stops the loop.
MAX_ROUNDS = 6


@dataclass(slots=True)
class RepairReport:
    done: list[str] = field(default_factory=list)  # what was done, in plain words
    kept: list[Path] = field(default_factory=list)  # copies of what was replaced
    after: Diagnosis | None = None


def repair(path: Path) -> RepairReport:
    """Run the repairs the diagnosis offers, one at a time, with the library locked."""
    report = RepairReport()
    attempted: set[Repair] = set()
    for _ in range(MAX_ROUNDS):
        with LibraryLock(path).held():
            diagnosis = diagnose(path, lock_held=True)
            pending = [r for r in diagnosis.repairs if r not in attempted]
            if not pending:
                break
            step = pending[0]
            attempted.add(step)
            stamp = utc_now().strftime(STAMP_FORMAT)
            try:
                done, kept = _STEPS[step](path, diagnosis, stamp)
            except OSError as error:
                raise StorageError(
                    f"{path}: the repair ({step.value}) stopped: {error.strerror or error}",
                    "nothing was replaced without a copy; run `readinglist doctor` again",
                ) from error
        report.done.append(done)
        report.kept += kept
    report.after = diagnose(path)
    return report


def _fix_permissions(path: Path, diagnosis: Diagnosis, stamp: str) -> tuple[str, list[Path]]:
    backups = BackupFolder(path)
    files = [path, abstracts_path(path), Journal(path).path, LibraryLock(path).path]
    folders = [backups.root] if backups.root.exists() else []
    for backup in backups.all():
        folders.append(backup.folder)
        files += list(backup.folder.iterdir())
    changed = 0
    for item in [*files, *folders]:
        try:
            status = item.stat()
        except OSError:
            continue
        if status.st_uid != os.geteuid():
            continue
        private = PRIVATE_DIR if stat.S_ISDIR(status.st_mode) else PRIVATE_FILE
        if status.st_mode & 0o777 != private:
            item.chmod(private)
            changed += 1
    return f"Made {changed} files and folders private to you (600 / 700).", []


def _remove_temp_files(path: Path, diagnosis: Diagnosis, stamp: str) -> tuple[str, list[Path]]:
    removed = len(remove_stale_temp_files(path))
    for folder in BackupFolder(path).half_made():
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return f"Removed {removed} half-written temporary files.", []


def _cut_journal(path: Path, diagnosis: Diagnosis, stamp: str) -> tuple[str, list[Path]]:
    journal = Journal(path).path
    cut = diagnosis.journal_cut
    if cut is None:
        raise ReadingListError("doctor found nothing to cut in the journal")
    kept = _keep_copy(journal, stamp)
    dropped = journal.stat().st_size - cut
    with journal.open("r+b") as handle:
        handle.truncate(cut)
        os.fsync(handle.fileno())
    return (
        f"Cut the journal at byte {cut}, dropping {dropped} bytes of damaged or unfinished "
        f"changes; the whole journal is kept as {kept.name}.",
        [kept],
    )


def _rebuild_snapshot(path: Path, diagnosis: Diagnosis, stamp: str) -> tuple[str, list[Path]]:
    """Replay the whole journal in a scratch folder, the way opening a library replays it,
    then put the rebuilt files in place of the damaged ones."""
    journal = Journal(path).path
    scan = scan_journal(journal)
    if scan.header_id is None or scan.damaged:
        raise ReadingListError("the journal is damaged too; it cannot rebuild the library")
    scratch = path.parent / f".{path.name}.repair-{secrets.token_hex(4)}"
    scratch.mkdir(mode=PRIVATE_DIR)
    try:
        rebuilt = scratch / path.name
        Journal(rebuilt).path.write_bytes(journal.read_bytes()[: scan.good_end])
        store = LibraryStore(rebuilt)
        store.journal_id, store.read_offset = scan.header_id, scan.header_size
        store.checkpoint([], 0, [], [], {})
        library = Library.open(rebuilt)
        library.checkpoint()
        kept = [_keep_copy(f, stamp) for f in (path, abstracts_path(path)) if f.exists()]
        os.replace(abstracts_path(rebuilt), abstracts_path(path))
        os.replace(rebuilt, path)
        fsync_dir(path.parent)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    copies = f"; the replaced files are kept as {', '.join(k.name for k in kept)}" if kept else ""
    return (
        f"Rebuilt {path.name} from the journal's {len(scan.entries)} changes "
        f"({len(library)} papers){copies}.",
        kept,
    )


def _new_journal(path: Path, diagnosis: Diagnosis, stamp: str) -> tuple[str, list[Path]]:
    """Fold what the old journal still adds into the snapshot, then start a fresh journal."""
    meta, records = read_snapshot(path)
    abstracts = read_abstracts(path)
    papers = {}
    for record in records:
        paper = Paper.from_dict(record)
        paper.abstract = paper.abstract or abstracts.get(paper.id, "")
        papers[paper.id] = paper
    seq = int(meta.get("seq", 0))
    journal = Journal(path)
    for entry in _usable_tail(path, meta):
        if replay(papers, [entry]) is not None:
            break
        seq = max(seq, entry.seq)
    kept = [_keep_copy(path, stamp)]
    if journal.exists():
        old = _free_name(journal.path, stamp)
        os.rename(journal.path, old)
        kept.append(old)
    store = LibraryStore(path)
    store.journal_id = uuid.uuid4().hex
    header_end = journal.create(store.journal_id)
    # The fresh journal starts with every paper, so that it alone can rebuild the library
    # again; it is left off the undo stack (an undo must not empty the library).
    baseline = Entry(
        seq=seq + 1,
        at=timestamp(),
        kind="change",
        label="start a fresh journal (doctor --repair)",
        ops=[add_op(p) for p in papers.values()],
    )
    store.read_offset = journal.append(baseline, header_end)
    store.checkpoint(
        (p.to_record(with_abstract=False) for p in papers.values()),
        baseline.seq,
        [],
        [],
        {p.id: p.abstract for p in papers.values() if p.abstract},
    )
    return (
        f"Started a fresh journal for the library's {len(papers)} papers (the undo history "
        f"starts again); the old files are kept as {', '.join(k.name for k in kept)}.",
        kept,
    )


def _usable_tail(path: Path, meta: dict[str, Any]) -> list[Entry]:
    """Entries after the snapshot's checkpoint, if the old journal is this library's own."""
    journal = Journal(path)
    offset = meta.get("journal_offset")
    if not journal.exists() or not isinstance(offset, int):
        return []
    try:
        if journal.read_header() != meta.get("journal_id") or journal.size() < offset:
            return []
        entries, _ = journal.read_from(offset)
    except ReadingListError:
        return []
    return entries


def _keep_copy(file: Path, stamp: str) -> Path:
    target = _free_name(file, stamp)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as writer, file.open("rb") as reader:
        shutil.copyfileobj(reader, writer, 1 << 20)
        writer.flush()
        os.fsync(writer.fileno())
    return target


def _free_name(file: Path, stamp: str) -> Path:
    target = file.with_name(f"{file.name}{REPAIR_MARKER}{stamp}")
    number = 2
    while target.exists():
        target = file.with_name(f"{file.name}{REPAIR_MARKER}{stamp}-{number}")
        number += 1
    return target


_STEPS: dict[Repair, Callable[[Path, Diagnosis, str], tuple[str, list[Path]]]] = {
    Repair.FIX_PERMISSIONS: _fix_permissions,
    Repair.REMOVE_TEMP_FILES: _remove_temp_files,
    Repair.CUT_JOURNAL: _cut_journal,
    Repair.REBUILD_SNAPSHOT: _rebuild_snapshot,
    Repair.NEW_JOURNAL: _new_journal,
}
