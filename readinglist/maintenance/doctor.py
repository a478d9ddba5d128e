"""`readinglist doctor`: what is wrong with a library's files, in plain words, and the fix."""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout

from readinglist.errors import LibraryDamagedError, ReadingListError, StorageError
from readinglist.maintenance.backups import Backup, BackupFolder
from readinglist.maintenance.restore import DAMAGED_MARKER, REPAIR_MARKER, read_backup
from readinglist.model import SCHEMA_VERSION, Paper
from readinglist.ops import apply_op
from readinglist.storage.files import TEMP_MARKER
from readinglist.storage.journal import JOURNAL_FORMAT, Entry, Journal
from readinglist.storage.lock import LibraryLock
from readinglist.storage.migrations import backup_path
from readinglist.storage.snapshot import abstracts_path, read_abstracts, read_snapshot
from readinglist.storage.store import LIBRARY_FORMAT

# Below this much free space (beyond the library's own size) saving may soon fail.
FREE_SPACE_MARGIN = 50 * 1024 * 1024
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


class Level(IntEnum):
    OK = 0
    NOTE = 1  # worth knowing, nothing to do
    WARNING = 2  # the library works, but something needs attention
    PROBLEM = 3  # the library cannot be opened, or data is at risk


class Repair(StrEnum):
    """What `doctor --repair` can do; each keeps a copy of whatever it replaces."""

    FIX_PERMISSIONS = "fix-permissions"
    REMOVE_TEMP_FILES = "remove-temp-files"
    CUT_JOURNAL = "cut-journal"
    REBUILD_SNAPSHOT = "rebuild-from-journal"
    NEW_JOURNAL = "new-journal"


@dataclass(frozen=True, slots=True)
class Finding:
    level: Level
    subject: str
    message: str
    advice: str = ""
    repair: Repair | None = None


@dataclass(slots=True)
class Diagnosis:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    opens: bool = False  # whether `Library.open` would succeed
    papers: int | None = None
    journal_cut: int | None = None  # where `Repair.CUT_JOURNAL` cuts the journal

    @property
    def worst(self) -> Level:
        return max((f.level for f in self.findings), default=Level.OK)

    @property
    def repairs(self) -> list[Repair]:
        """The repairs to run, in the order they must run."""
        wanted = {f.repair for f in self.findings if f.repair}
        return [r for r in Repair if r in wanted]

    def add(self, *args: Any, **kwargs: Any) -> None:
        self.findings.append(Finding(*args, **kwargs))

    def cut_journal_at(self, offset: int) -> Repair:
        self.journal_cut = min(offset, self.journal_cut if self.journal_cut is not None else offset)
        return Repair.CUT_JOURNAL


@dataclass(slots=True)
class JournalScan:
    """Everything in a journal file, read tolerantly: good entries, damage, a torn tail."""

    size: int = 0
    header_id: str | None = None
    header_size: int = 0
    entries: list[Entry] = field(default_factory=list)  # good entries before any damage
    damaged: list[tuple[int, int, str]] = field(default_factory=list)  # (offset, line, why)
    good_end: int = 0  # just after the last complete line before the first damage
    lines: int = 0  # complete lines, the header included
    torn_bytes: int = 0  # an append interrupted before its newline

    @property
    def first_damage(self) -> int | None:
        return self.damaged[0][0] if self.damaged else None


def scan_journal(path: Path) -> JournalScan:
    """Read a whole journal; raises OSError when it cannot be read at all."""
    data = path.read_bytes()
    scan = JournalScan(size=len(data))
    header_end = data.find(b"\n")
    if header_end < 0:
        scan.torn_bytes = len(data)
        return scan
    scan.header_size = scan.good_end = header_end + 1
    try:
        header = orjson.loads(data[:header_end])
        if header.get("format") == JOURNAL_FORMAT:
            scan.header_id = str(header["journal_id"])
    except (ValueError, TypeError, KeyError, AttributeError):
        pass
    position, line = scan.header_size, 2
    while (end := data.find(b"\n", position)) >= 0:
        try:
            entry = Entry.from_json(data[position:end], position)
        except (ValueError, TypeError, KeyError) as error:
            scan.damaged.append((position, line, _short(error)))
        else:
            if not scan.damaged:
                scan.entries.append(entry)
                scan.good_end = end + 1
        position, line = end + 1, line + 1
    scan.torn_bytes = len(data) - position
    scan.lines = line - 1
    return scan


def replay(papers: dict[str, Paper], entries: list[Entry]) -> tuple[int, str] | None:
    """Apply entries in order; on failure, (offset, reason) of the entry that failed."""
    for entry in entries:
        try:
            for op in entry.ops:
                apply_op(papers, op)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            return entry.offset, _short(error)
    return None


class _Examination:
    """One pass over the files of a library; fills a Diagnosis."""

    def __init__(self, path: Path, lock_held: bool) -> None:
        self.path = path
        self.journal_path = Journal(path).path
        self.abstracts_path = abstracts_path(path)
        self.lock_path = LibraryLock(path).path
        self.lock_held = lock_held
        self.backups = BackupFolder(path)
        self.result = Diagnosis(path)
        self.meta: dict[str, Any] | None = None
        self.papers: dict[str, Paper] | None = None  # from the snapshot, with abstracts
        self.snapshot_ok = False
        self.newer_version = False
        self.scan: JournalScan | None = None

    def run(self) -> Diagnosis:
        if not self.path.exists() and not self.journal_path.exists():
            self._no_library()
            return self.result
        self._check_snapshot()
        self._check_journal()
        self._check_journal_against_snapshot()
        self._settle_repairs()
        self._suggest_backup_when_stuck()
        self._check_lock()
        self._check_temp_files()
        self._check_permissions()
        self._check_free_space()
        self._check_backups()
        self._check_leftovers()
        return self.result

    # --- the library's own files ---------------------------------------------------------

    def _no_library(self) -> None:
        backups = self.backups.all()
        if backups:
            self.result.add(
                Level.PROBLEM,
                "library",
                f"There is no library at {self.path}, but there are "
                f"{count(len(backups), 'backup')} of one (the newest from {_when(backups[0])}).",
                f"To bring it back: {command(self.path, 'backup', 'restore', backups[0].id)}",
            )
        else:
            self.result.add(
                Level.NOTE,
                "library",
                f"There is no library at {self.path} yet; it is created on first use.",
            )
            self.result.opens = True

    def _check_snapshot(self) -> None:
        if not self.path.exists():
            self.result.add(
                Level.PROBLEM,
                "library file",
                f"The library file {self.path.name} is missing, but its journal is there.",
                repair=Repair.REBUILD_SNAPSHOT,
            )
            return
        try:
            meta, records = read_snapshot(self.path)
            self.meta = self._checked_meta(meta)
            if self.meta is None:
                return
            self.papers = self._checked_papers(records)
            if self.papers is None:
                return
            abstracts = read_abstracts(self.path)
        except StorageError as error:
            self._unreadable(error)
            return
        except LibraryDamagedError as error:
            repair = Repair.REBUILD_SNAPSHOT
            subject = "abstracts file" if error.path == str(self.abstracts_path) else "library file"
            if subject == "abstracts file" and not self.abstracts_path.exists():
                message = f"The abstracts file {self.abstracts_path.name} is missing."
            else:
                message = f"The {subject} {Path(error.path).name} is damaged: {error.reason}."
            self.result.add(Level.PROBLEM, subject, message, repair=repair)
            self.papers = None
            return
        for paper in self.papers.values():
            paper.abstract = paper.abstract or abstracts.get(paper.id, "")
        self.snapshot_ok = True
        unknown = sorted({key for p in self.papers.values() for key in p.extra})
        if unknown:
            papers_with_extra = sum(1 for p in self.papers.values() if p.extra)
            self.result.add(
                Level.NOTE,
                "library file",
                f"{count(papers_with_extra, 'paper')} carry fields this version does not use "
                f"({', '.join(unknown[:5])}); they are kept as they are.",
            )

    def _checked_meta(self, meta: dict[str, Any]) -> dict[str, Any] | None:
        schema = meta.get("schema")
        problem = ""
        if meta.get("format") != LIBRARY_FORMAT:
            problem = "it is not a readinglist library (its header is missing or foreign)"
        elif not isinstance(schema, int):
            problem = "it has no schema version"
        elif not isinstance(meta.get("journal_id"), str) or not isinstance(
            meta.get("journal_offset"), int
        ):
            problem = "its header does not say which journal it belongs to"
        if problem or not isinstance(schema, int):
            self.result.add(
                Level.PROBLEM,
                "library file",
                f"The library file {self.path.name} is damaged: {problem}.",
                repair=Repair.REBUILD_SNAPSHOT,
            )
            return None
        if schema > SCHEMA_VERSION:
            self.newer_version = True
            self.result.add(
                Level.PROBLEM,
                "library file",
                f"The library was written by a newer readinglist (library schema {schema}; "
                f"this version reads up to {SCHEMA_VERSION}). Nothing is wrong with it.",
                "Upgrade readinglist (for example `pip install -U readinglist`). Do not repair "
                "or restore: this version would not understand it.",
            )
            return None
        if schema < SCHEMA_VERSION:
            self.result.add(
                Level.NOTE,
                "library file",
                f"The library uses the older schema {schema}; it is upgraded when next opened "
                f"and the old file is kept as {backup_path(self.path, schema).name}.",
            )
        return meta

    def _checked_papers(self, records: list[dict[str, Any]]) -> dict[str, Paper] | None:
        papers: dict[str, Paper] = {}
        for number, record in enumerate(records, start=1):
            try:
                paper = Paper.from_dict(record)
            except (KeyError, TypeError, ValueError) as error:
                self.result.add(
                    Level.PROBLEM,
                    "library file",
                    f"The library file {self.path.name} is damaged: paper record {number} is "
                    f"malformed ({_short(error)}), so the library cannot be opened.",
                    repair=Repair.REBUILD_SNAPSHOT,
                )
                return None
            papers[paper.id] = paper
        return papers

    def _unreadable(self, error: StorageError) -> None:
        self.result.add(
            Level.PROBLEM,
            "permissions",
            f"{error.message}. readinglist needs to read and write its own files.",
            f"If the files are yours: `chmod u+rw {_quoted(self.path)}*`; if they belong to "
            "another user, ask them, or take them over with `sudo chown`.",
            repair=Repair.FIX_PERMISSIONS,
        )

    def _check_journal(self) -> None:
        if not self.journal_path.exists():
            self.result.add(
                Level.PROBLEM,
                "journal",
                f"The journal {self.journal_path.name} is missing: changes made since the "
                "library file was last saved are lost, and so is the undo history.",
                repair=Repair.NEW_JOURNAL,
            )
            return
        try:
            self.scan = scan_journal(self.journal_path)
        except OSError as error:
            self._unreadable(StorageError(f"{self.journal_path}: cannot read: {error.strerror}"))
            return
        scan = self.scan
        if scan.header_id is None:
            self.result.add(
                Level.PROBLEM,
                "journal",
                f"The journal {self.journal_path.name} has no valid first line, so it cannot "
                "be matched to the library.",
                repair=Repair.NEW_JOURNAL,
            )
            return
        if scan.torn_bytes:
            self.result.add(
                Level.NOTE,
                "journal",
                f"The journal ends with a change that was interrupted while being written "
                f"({scan.torn_bytes} bytes, from a program that was killed or a crash). It "
                "never counted as saved; it is cut off at the next change.",
                repair=self.result.cut_journal_at(scan.size - scan.torn_bytes),
            )

    def _check_journal_against_snapshot(self) -> None:
        scan, meta = self.scan, self.meta
        if scan is None or scan.header_id is None:
            return
        checkpoint = int(meta["journal_offset"]) if meta and self.snapshot_ok else None
        if checkpoint is not None and meta and scan.header_id != meta["journal_id"]:
            self.result.add(
                Level.PROBLEM,
                "journal",
                f"The journal {self.journal_path.name} belongs to another library (it was "
                "probably copied here without its library file, or the other way round).",
                repair=Repair.NEW_JOURNAL,
            )
            return
        if checkpoint is not None and scan.size < checkpoint:
            self.result.add(
                Level.PROBLEM,
                "journal",
                f"The journal is shorter ({scan.size} bytes) than the library file expects "
                f"({checkpoint} bytes): it was truncated. Your papers are in the library "
                "file; the undo history is lost.",
                repair=Repair.NEW_JOURNAL,
            )
            return
        self._check_damage(scan, checkpoint)
        if checkpoint is not None and self.papers is not None:
            self._check_tail_and_history(scan, checkpoint)
        elif not scan.damaged:
            failure = replay({}, scan.entries)
            if failure is None:
                self.result.add(
                    Level.NOTE,
                    "journal",
                    f"The journal is intact: its {count(len(scan.entries), 'change')} can "
                    "rebuild the library.",
                )
            else:
                self._entry_fails(*failure)

    def _check_damage(self, scan: JournalScan, checkpoint: int | None) -> None:
        if not scan.damaged:
            return
        offset, line, why = scan.damaged[0]
        if checkpoint is not None and offset < checkpoint:
            later = [d for d in scan.damaged if d[0] >= checkpoint]
            self.result.add(
                Level.WARNING,
                "journal",
                f"The journal's history is damaged at line {line} ({why}), before the point "
                "the library file was last saved. Your papers are intact, but undoing changes "
                "older than that fails, and the journal alone can no longer rebuild the "
                "library.",
                "`doctor --repair` starts a fresh journal from the library file (the old "
                "journal is kept).",
                repair=Repair.NEW_JOURNAL,
            )
            if not later:
                return
            offset, line, why = later[0]
        repair = self.result.cut_journal_at(offset) if self.snapshot_ok else None
        self.result.add(
            Level.PROBLEM,
            "journal",
            f"The journal is damaged at line {line} (byte {offset}: {why}), so the library "
            "cannot be opened. The changes before it are fine; "
            f"{count(scan.lines - line, 'later line')} would be dropped by cutting the "
            "journal there.",
            "`doctor --repair` cuts the journal at the damage (a copy of the whole journal "
            "is kept)."
            if repair
            else "",
            repair=repair,
        )

    def _check_tail_and_history(self, scan: JournalScan, checkpoint: int) -> None:
        """Replay what opening would replay, then the whole history, and compare."""
        assert self.papers is not None
        first_damage = scan.first_damage
        if first_damage is not None and first_damage >= checkpoint:
            return  # already reported: the library cannot open
        tail = [e for e in scan.entries if e.offset >= checkpoint]
        if first_damage is not None:
            after_damage = self._entries_after(checkpoint)
            if after_damage is None:
                return
            tail = after_damage
        current = {pid: _copy(p) for pid, p in self.papers.items()}
        failure = replay(current, tail)
        if failure is not None:
            self._entry_fails(*failure)
            return
        self.result.opens = True
        self.result.papers = len(current)
        pending = scan.good_end - checkpoint
        self.result.add(
            Level.OK,
            "library",
            f"The library opens: {count(len(current), 'paper')}; "
            f"{count(len(scan.entries), 'change')} in the "
            f"journal, {len(tail)} of them ({_size(max(pending, 0))}) not yet folded into "
            "the library file.",
        )
        if first_damage is not None:
            return
        rebuilt: dict[str, Paper] = {}
        if replay(rebuilt, scan.entries) is not None or _records(rebuilt) != _records(current):
            differing = sorted(
                set(rebuilt) ^ set(current)
                | {
                    pid
                    for pid in set(rebuilt) & set(current)
                    if rebuilt[pid].to_record() != current[pid].to_record()
                }
            )
            self.result.add(
                Level.WARNING,
                "journal",
                f"The journal's history and the library file disagree about "
                f"{count(len(differing), 'paper')} (for example {differing[:1]}). The library "
                "opens normally; the journal alone would rebuild a different library.",
                "Keep your backups; please report this as a bug.",
            )

    def _entries_after(self, checkpoint: int) -> list[Entry] | None:
        try:
            entries, _ = Journal(self.path).read_from(checkpoint)
        except ReadingListError as error:
            self.result.add(Level.PROBLEM, "journal", f"{error.message}.")
            return None
        return entries

    def _entry_fails(self, offset: int, why: str) -> None:
        self.result.add(
            Level.PROBLEM,
            "journal",
            f"The journal entry at byte {offset} cannot be applied ({why}), so the library "
            "cannot be opened.",
            repair=self.result.cut_journal_at(offset) if self.snapshot_ok else None,
        )

    def _settle_repairs(self) -> None:
        """Keep only the repairs that can work with what is intact."""
        infeasible = set()
        if not self._journal_rebuilds():
            infeasible.add(Repair.REBUILD_SNAPSHOT)
        if not self.snapshot_ok:
            infeasible.add(Repair.NEW_JOURNAL)
        self.result.findings = [
            replace(f, repair=None) if f.repair in infeasible else f for f in self.result.findings
        ]

    def _journal_rebuilds(self) -> bool:
        scan = self.scan
        if scan is None or scan.header_id is None or scan.damaged:
            return False
        return replay({}, scan.entries) is None

    def _suggest_backup_when_stuck(self) -> None:
        """When no repair can bring the library back, say how to restore a backup."""
        if self.result.opens or self.result.worst < Level.PROBLEM or self.newer_version:
            return
        recovering = {Repair.FIX_PERMISSIONS, Repair.REBUILD_SNAPSHOT, Repair.NEW_JOURNAL}
        if self.snapshot_ok:
            recovering.add(Repair.CUT_JOURNAL)
        if recovering & set(self.result.repairs):
            return
        backups = self.backups.all()
        if backups:
            self.result.add(
                Level.PROBLEM,
                "recovery",
                "Neither the library file nor the journal can bring the library back on its "
                f"own. The newest backup is from {_when(backups[0])}.",
                "Restore it (the damaged files are kept beside the library): "
                + command(self.path, "backup", "restore", backups[0].id, "--replace-damaged"),
            )
        else:
            self.result.add(
                Level.PROBLEM,
                "recovery",
                "Neither the library file nor the journal can bring the library back on its "
                "own, and there is no backup. The damaged files were left untouched: both are "
                "text (JSON), so papers may be recoverable by hand.",
            )

    # --- surroundings ----------------------------------------------------------------------

    def _check_lock(self) -> None:
        if self.lock_held or not self.lock_path.exists():
            return
        lock = FileLock(self.lock_path, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            self.result.add(
                Level.NOTE,
                "lock",
                "Another readinglist is using this library right now (an open app or a "
                "running command). That is fine; what doctor saw may change as it saves.",
                "If nothing else seems to be running, wait: a program that was killed "
                "releases the lock by itself.",
            )
        except OSError as error:
            self.result.add(
                Level.WARNING,
                "lock",
                f"The lock file {self.lock_path.name} cannot be used ({error.strerror}).",
                f"Delete it when no readinglist is running: `rm {_quoted(self.lock_path)}`",
            )
        else:
            lock.release()

    def _check_temp_files(self) -> None:
        leftovers = list(self.path.parent.glob(f"{self.path.name}*{TEMP_MARKER}*"))
        leftovers += self.backups.half_made()
        if leftovers:
            self.result.add(
                Level.NOTE,
                "temporary files",
                f"{len(leftovers)} half-written temporary files from a program that was "
                "stopped mid-save. They are harmless (the library file itself is only ever "
                "replaced whole) and are removed the next time the library is saved.",
                repair=Repair.REMOVE_TEMP_FILES,
            )

    def _check_permissions(self) -> None:
        exposed: list[Path] = []
        foreign: list[Path] = []
        for file in self._private_paths():
            try:
                status = file.stat()
            except OSError:
                continue
            if status.st_uid != os.geteuid():
                foreign.append(file)
            limit = PRIVATE_DIR if stat.S_ISDIR(status.st_mode) else PRIVATE_FILE
            if status.st_mode & 0o777 & ~limit:
                exposed.append(file)
        if exposed:
            names = ", ".join(_relative(f, self.path.parent) for f in exposed[:4])
            more = f" and {len(exposed) - 4} more" if len(exposed) > 4 else ""
            self.result.add(
                Level.WARNING,
                "permissions",
                f"Other users of this computer can read {names}{more}; readinglist keeps "
                "them private to you (files 600, folders 700).",
                f"`chmod -R go-rwx {_quoted(self.path)}* {_quoted(self.backups.root)}`.",
                repair=Repair.FIX_PERMISSIONS,
            )
        if foreign:
            self.result.add(
                Level.WARNING,
                "permissions",
                f"{_relative(foreign[0], self.path.parent)} belongs to another user (perhaps "
                "readinglist was once run with sudo), so saving may fail.",
                f"`sudo chown -R $(id -un) {_quoted(self.path)}* {_quoted(self.backups.root)}`",
            )
        folder_mode = self.path.parent.stat().st_mode & 0o777
        if folder_mode & 0o077 and self.path.parent.name == "readinglist":
            self.result.add(
                Level.NOTE,
                "permissions",
                f"Other users can list the file names in {self.path.parent} (mode "
                f"{folder_mode:o}); the files themselves stay private.",
                f"`chmod 700 {_quoted(self.path.parent)}`",
            )

    def _private_paths(self) -> list[Path]:
        paths = [self.path, self.abstracts_path, self.journal_path, self.lock_path]
        if self.backups.root.exists():
            paths.append(self.backups.root)
            for backup in self.backups.all():
                paths += [backup.folder, *backup.folder.iterdir()]
        return [p for p in paths if p.exists()]

    def _check_free_space(self) -> None:
        try:
            free = shutil.disk_usage(self.path.parent).free
        except OSError:
            return
        own = sum(f.stat().st_size for f in (self.path, self.abstracts_path) if f.exists())
        if free < 2 * own + FREE_SPACE_MARGIN:
            self.result.add(
                Level.WARNING,
                "disk",
                f"Only {_size(free)} is free on the disk holding the library: saving changes "
                "and backups may soon fail (nothing is lost when they do, but nothing new is "
                "saved).",
                "Free some disk space.",
            )

    def _check_backups(self) -> None:
        backups = self.backups.all()
        if not backups:
            if self.result.papers:
                self.result.add(
                    Level.WARNING,
                    "backups",
                    "There are no backups yet.",
                    "One is taken at the first open of each day; to take one now: "
                    + command(self.path, "backup", "create"),
                )
            return
        damaged = []
        for backup in backups:
            try:
                backup.info()
                read_backup(backup)
            except ReadingListError as error:
                damaged.append((backup, str(error)))
        for backup, reason in damaged:
            self.result.add(
                Level.WARNING,
                "backups",
                f"Backup {backup.id} cannot be restored: {reason}.",
                f"Delete it: `rm -r {_quoted(backup.folder)}`",
            )
        good = [b for b in backups if b not in {d[0] for d in damaged}]
        if good:
            total = sum(b.size() for b in good)
            self.result.add(
                Level.OK,
                "backups",
                f"{count(len(good), 'backup')}, the newest from {_when(good[0])} "
                f"({count(good[0].info().papers, 'paper')}); {_size(total)} in "
                f"{self.backups.root}.",
            )

    def _check_leftovers(self) -> None:
        names = sorted(
            p.name
            for p in self.path.parent.glob(f"{self.path.name}*")
            if DAMAGED_MARKER in p.name or REPAIR_MARKER in p.name or p.name.endswith(".bak")
        )
        if names:
            self.result.add(
                Level.NOTE,
                "old copies",
                f"Copies kept by an earlier repair, restore or upgrade: {', '.join(names)}. "
                "Delete them once you no longer need them.",
            )


def diagnose(path: Path, *, lock_held: bool = False) -> Diagnosis:
    """Look at every file of the library without changing anything."""
    return _Examination(path, lock_held).run()


def command(path: Path, *args: str) -> str:
    """The exact command line to run, naming the library when it is not the default one."""
    from readinglist.paths import default_library_path

    words = ["readinglist"]
    if path.expanduser().resolve() != default_library_path().expanduser().resolve():
        words += ["--db", _quoted(path)]
    return "`" + " ".join([*words, *args]) + "`"


def count(number: int, noun: str) -> str:
    """`1 paper`, `2 papers`."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _records(papers: dict[str, Paper]) -> dict[str, dict[str, Any]]:
    return {pid: p.to_record() for pid, p in papers.items()}


def _copy(paper: Paper) -> Paper:
    return Paper.from_dict(paper.to_record())


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "…"


def _when(backup: Backup) -> str:
    return backup.created.astimezone().strftime("%Y-%m-%d %H:%M")


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    amount = count / 1024
    for unit in ("KB", "MB"):
        if amount < 1024:
            return f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} GB"


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
