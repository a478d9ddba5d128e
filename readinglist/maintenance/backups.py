"""Rotating backups: private copies of a checkpoint's files in `backups/` beside the library."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

from readinglist.errors import LibraryDamagedError, ReadingListError, StorageError
from readinglist.storage.files import FILE_MODE, TEMP_MARKER, ensure_private_dir, fsync_dir
from readinglist.storage.snapshot import abstracts_path

# A backup is a folder holding copies of the snapshot and the abstracts file as of one
# checkpoint, plus `backup.json` describing it. Copies, not hard links to the library's files:
# a sync tool or an editor that rewrites `library.json` in place would rewrite linked backups
# too. Backups share identical files with each other through hard links, so the abstracts
# (most of the bytes) are stored once until papers are added or removed.
BACKUPS_FOLDER = "backups"
INFO_FILE = "backup.json"
BACKUP_FORMAT = "readinglist-backup"
KEEP_LATEST = 10  # the newest backups, whatever their age
KEEP_DAYS = 7  # plus the newest backup of each of the last seven days (UTC)
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
LATEST = "latest"
_ID_PATTERN = re.compile(r"(\d{8}T\d{6}Z)-(\d+)")
_COPY_CHUNK = 1 << 20

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What `backup.json` says about a backup."""

    papers: int
    seq: int
    journal_id: str
    journal_offset: int


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup folder; its id is `<UTC time>-<number of the last change it holds>`."""

    id: str
    folder: Path
    library_name: str
    created: datetime

    @property
    def snapshot(self) -> Path:
        """The backed-up library file; the abstracts file sits beside it, as in the library."""
        return self.folder / self.library_name

    @property
    def files(self) -> tuple[Path, Path]:
        return self.snapshot, abstracts_path(self.snapshot)

    def info(self) -> BackupInfo:
        """Read `backup.json`; raises LibraryDamagedError when it is missing or malformed."""
        path = self.folder / INFO_FILE
        try:
            data = orjson.loads(path.read_bytes())
            if data.get("format") != BACKUP_FORMAT:
                raise ValueError("not a readinglist backup")
            return BackupInfo(
                papers=int(data["papers"]),
                seq=int(data["seq"]),
                journal_id=str(data["journal_id"]),
                journal_offset=int(data["journal_offset"]),
            )
        except OSError as error:
            raise LibraryDamagedError(str(path), f"cannot read: {error.strerror}") from None
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            reason = f"not a valid backup description ({error})"
            raise LibraryDamagedError(str(path), reason) from None

    def size(self) -> int:
        return sum(f.stat().st_size for f in self.files if f.exists())


class BackupFolder:
    """The backups of one library. Taking and pruning happen with the library lock held."""

    def __init__(self, library_path: Path, clock: Clock | None = None) -> None:
        self.library_path = library_path
        self.root = library_path.parent / BACKUPS_FOLDER
        self._prefix = f"{library_path.name}-"
        self._clock = clock or (lambda: utc_now())

    def all(self) -> list[Backup]:
        """Complete backups of this library, newest first (half-made ones are skipped)."""
        try:
            names = os.listdir(self.root)
        except OSError:
            return []
        backups = []
        for name in names:
            match = _ID_PATTERN.fullmatch(name.removeprefix(self._prefix))
            if name.startswith(self._prefix) and match:
                created = datetime.strptime(match[1], STAMP_FORMAT).replace(tzinfo=UTC)
                backups.append(Backup(match[0], self.root / name, self.library_path.name, created))
        return sorted(backups, key=_age_order, reverse=True)

    def find(self, wanted: str) -> Backup:
        """The backup with this id, a unique prefix of one, or `latest`."""
        backups = self.all()
        if not backups:
            raise ReadingListError(
                f"{self.root}: there are no backups of {self.library_path.name}",
                "backups are taken when the library is checkpointed, and once a day",
            )
        if wanted == LATEST:
            return backups[0]
        matches = [b for b in backups if b.id == wanted] or [
            b for b in backups if b.id.startswith(wanted)
        ]
        if len(matches) != 1:
            problem = "no backup" if not matches else "more than one backup"
            raise ReadingListError(
                f"{problem} matches {wanted!r}", "`readinglist backup list` shows their ids"
            )
        return matches[0]

    def due(self, journal_id: str, journal_offset: int) -> bool:
        """Whether the first open of a day should take a backup: none yet today, and the
        library changed since the newest one."""
        backups = self.all()
        if not backups:
            return True
        if backups[0].created.date() == self._clock().date():
            return False
        with contextlib.suppress(ReadingListError):
            info = backups[0].info()
            return (info.journal_id, info.journal_offset) != (journal_id, journal_offset)
        return True

    def take(
        self, *, seq: int, papers: int, journal_id: str, journal_offset: int, strict: bool = False
    ) -> Backup | None:
        """Back up the files of the checkpoint just written; call with the library lock held.
        Returns the backup, or None when there is none.

        Unless `strict`, never raises: a backup that cannot be made (full disk, permissions)
        must not turn a committed change into a reported failure; `readinglist doctor` reports
        stale backups. An empty library is not backed up: it could only push out useful ones.
        """
        if papers == 0:
            return None
        created = self._clock().replace(microsecond=0)
        backup_id = f"{created.strftime(STAMP_FORMAT)}-{seq}"
        final = self.root / f"{self._prefix}{backup_id}"
        temp = self.root / f"{TEMP_MARKER}{self._prefix}{backup_id}-{secrets.token_hex(4)}"
        try:
            ensure_private_dir(self.root)
            self._remove_half_made()
            if final.exists():  # the same change, backed up earlier this second
                return Backup(backup_id, final, self.library_path.name, created)
            newest = self.all()[:1]
            temp.mkdir(mode=0o700)
            self._copy_files(temp, newest[0] if newest else None)
            info = {
                "format": BACKUP_FORMAT,
                "created": created.isoformat().replace("+00:00", "Z"),
                "papers": papers,
                "seq": seq,
                "journal_id": journal_id,
                "journal_offset": journal_offset,
            }
            _write_private(temp / INFO_FILE, orjson.dumps(info, option=orjson.OPT_INDENT_2))
            fsync_dir(temp)
            os.rename(temp, final)
            fsync_dir(self.root)
        except (OSError, StorageError) as error:
            shutil.rmtree(temp, ignore_errors=True)
            if not strict:
                return None
            reason = error.message if isinstance(error, StorageError) else error.strerror
            raise StorageError(
                f"{self.root}: cannot write a backup: {reason or error}",
                "free some disk space or fix the folder's permissions; the library is unchanged",
            ) from error
        self.prune()
        return Backup(backup_id, final, self.library_path.name, created)

    def prune(self) -> list[Backup]:
        """Delete backups outside the rotation; returns the ones deleted."""
        backups = self.all()
        keep = backups_to_keep(backups, self._clock())
        removed = [b for b in backups if b.id not in keep]
        for backup in removed:
            # Renamed away first: a kill mid-delete must not leave a backup missing files.
            doomed = self.root / f"{TEMP_MARKER}{backup.folder.name}-{secrets.token_hex(4)}"
            try:
                os.rename(backup.folder, doomed)
            except OSError:
                continue
            shutil.rmtree(doomed, ignore_errors=True)
        return removed

    def half_made(self) -> list[Path]:
        """Folders left by a backup that was interrupted (a killed process)."""
        try:
            return sorted(self.root.glob(f"{TEMP_MARKER}{self._prefix}*"))
        except OSError:
            return []

    def _remove_half_made(self) -> None:
        for folder in self.half_made():
            shutil.rmtree(folder, ignore_errors=True)

    def _copy_files(self, target: Path, newest: Backup | None) -> None:
        """Copy the library's files; a file identical to the newest backup's is hard-linked
        to that copy instead (the abstracts change only when papers come or go)."""
        for source in (self.library_path, abstracts_path(self.library_path)):
            shared = newest.folder / source.name if newest else None
            if shared is not None and _same_bytes(source, shared):
                os.link(shared, target / source.name)
            else:
                _copy_private(source, target / source.name)


def backups_to_keep(backups: Iterable[Backup], now: datetime) -> set[str]:
    """The rotation: the newest KEEP_LATEST, plus the newest of each of the last KEEP_DAYS days."""
    newest_first = sorted(backups, key=_age_order, reverse=True)
    keep = {b.id for b in newest_first[:KEEP_LATEST]}
    days_seen = set()
    for backup in newest_first:
        day = backup.created.date()
        if (now.date() - day).days < KEEP_DAYS and day not in days_seen:
            days_seen.add(day)
            keep.add(backup.id)
    return keep


def _age_order(backup: Backup) -> tuple[datetime, int]:
    return backup.created, int(backup.id.rsplit("-", 1)[1])


def _same_bytes(first: Path, second: Path) -> bool:
    try:
        if first.stat().st_size != second.stat().st_size:
            return False
        with first.open("rb") as a, second.open("rb") as b:
            while True:
                chunk = a.read(_COPY_CHUNK)
                if chunk != b.read(_COPY_CHUNK):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def _copy_private(source: Path, target: Path) -> None:
    """Copy into a new owner-only file and fsync it."""
    with source.open("rb") as reader:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as writer:
            shutil.copyfileobj(reader, writer, _COPY_CHUNK)
            writer.flush()
            os.fsync(writer.fileno())


def _write_private(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as writer:
        writer.write(data)
        writer.flush()
        os.fsync(writer.fileno())
