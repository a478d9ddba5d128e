"""A library on disk: snapshot + journal + lock, and how they are read back together."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readinglist.errors import LibraryDamagedError, LibraryVersionError
from readinglist.model import SCHEMA_VERSION
from readinglist.storage.files import ensure_private_dir, remove_stale_temp_files
from readinglist.storage.journal import Entry, Journal
from readinglist.storage.lock import LibraryLock
from readinglist.storage.migrations import migrate
from readinglist.storage.snapshot import (
    read_abstracts,
    read_snapshot,
    write_abstracts,
    write_snapshot,
)

LIBRARY_FORMAT = "readinglist"


@dataclass(slots=True)
class LoadedLibrary:
    """The snapshot's records and the journal entries written after it, to replay in order."""

    records: list[dict[str, Any]]
    entries: list[Entry]
    undo_stack: list[int] = field(default_factory=list)  # journal offsets of undoable entries
    redo_stack: list[int] = field(default_factory=list)
    last_seq: int = 0


class LibraryStore:
    """Owns the files of one library. All writes happen with `locked()` held."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.journal = Journal(path)
        self.lock = LibraryLock(path)
        self.journal_id = ""
        self.read_offset = 0  # the journal is known up to here
        self.checkpoint_offset = 0  # the snapshot covers the journal up to here

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self.lock.held():
            yield

    def load(self) -> LoadedLibrary:
        """Read snapshot + journal; a new library is created (files 0600) if neither exists."""
        ensure_private_dir(self.path.parent)
        with self.locked():
            remove_stale_temp_files(self.path)
            if not self.path.exists() and not self.journal.exists():
                self._create()
            meta, records = read_snapshot(self.path)
            meta, records = self._check_meta(meta, records)
            if not self.journal.exists():
                raise LibraryDamagedError(str(self.journal.path), "the journal file is missing")
            self.journal_id = str(meta["journal_id"])
            if self.journal.read_header() != self.journal_id:
                raise LibraryDamagedError(
                    str(self.journal.path), "the journal does not belong to this library"
                )
            self.checkpoint_offset = int(meta["journal_offset"])
            if self.journal.size() < self.checkpoint_offset:
                raise LibraryDamagedError(str(self.journal.path), "the journal is truncated")
            entries, self.read_offset = self.journal.read_from(self.checkpoint_offset)
        return LoadedLibrary(
            records=records,
            entries=entries,
            undo_stack=list(meta.get("undo_stack", [])),
            redo_stack=list(meta.get("redo_stack", [])),
            last_seq=int(meta.get("seq", 0)),
        )

    def read_new_entries(self) -> list[Entry]:
        """Entries other processes appended since we last looked (cheap when there are none)."""
        if self.journal.size() <= self.read_offset:
            return []
        entries, self.read_offset = self.journal.read_from(self.read_offset)
        return entries

    def append(self, entry: Entry) -> None:
        """Durably commit one entry. Call with the lock held, after `read_new_entries`."""
        self.read_offset = self.journal.append(entry, self.read_offset)

    def read_entry(self, offset: int) -> Entry:
        return self.journal.read_entry(offset)

    def read_all_entries(self) -> list[Entry]:
        entries, _ = self.journal.read_from(self._first_entry_offset())
        return entries

    def pending_bytes(self) -> int:
        """Journal bytes not yet folded into the snapshot."""
        return self.read_offset - self.checkpoint_offset

    def read_abstracts(self) -> dict[str, str]:
        return read_abstracts(self.path)

    def checkpoint(
        self,
        records: Iterable[dict[str, Any]],
        seq: int,
        undo: list[int],
        redo: list[int],
        abstracts: dict[str, str] | None = None,
    ) -> None:
        """Write a snapshot of the state as of `read_offset`. Call with the lock held.

        `abstracts` (id -> abstract for every paper) is given only when papers were added or
        removed. It is written first: a crash between the two writes leaves abstracts for the
        newer state, and replaying the journal over the older snapshot reaches that state.
        """
        if abstracts is not None:
            write_abstracts(self.path, abstracts)
        meta = self._meta(seq, self.read_offset, undo, redo)
        write_snapshot(self.path, meta, records)
        self.checkpoint_offset = self.read_offset

    def _meta(self, seq: int, offset: int, undo: list[int], redo: list[int]) -> dict[str, Any]:
        return {
            "format": LIBRARY_FORMAT,
            "schema": SCHEMA_VERSION,
            "journal_id": self.journal_id,
            "journal_offset": offset,
            "seq": seq,
            "undo_stack": undo,
            "redo_stack": redo,
        }

    def _create(self) -> None:
        self.journal_id = uuid.uuid4().hex
        offset = self.journal.create(self.journal_id)
        write_abstracts(self.path, {})
        write_snapshot(self.path, self._meta(0, offset, [], []), [])

    def _first_entry_offset(self) -> int:
        with self.journal.path.open("rb") as handle:
            return len(handle.readline())

    def _check_meta(
        self, meta: dict[str, Any], records: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        if meta.get("format") != LIBRARY_FORMAT:
            raise LibraryDamagedError(str(self.path), "not a readinglist library")
        schema = meta.get("schema")
        if not isinstance(schema, int):
            raise LibraryDamagedError(str(self.path), "the library has no schema version")
        if schema > SCHEMA_VERSION:
            raise LibraryVersionError(
                f"{self.path}: written by a newer readinglist (library schema {schema}, "
                f"this version reads up to {SCHEMA_VERSION})",
                "upgrade readinglist; the file was left untouched",
            )
        if schema < SCHEMA_VERSION:
            meta, records = migrate(self.path, meta, records, self._write_migrated)
        return meta, records

    def _write_migrated(self, meta: dict[str, Any], records: list[dict[str, Any]]) -> None:
        write_snapshot(self.path, meta, records)


MigrationWriter = Callable[[dict[str, Any], list[dict[str, Any]]], None]
