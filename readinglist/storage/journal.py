"""The append-only journal: every change, in order, one JSON line each.

The journal is the commit log. An entry is durable once its line (ending in a newline) is
fsynced; the snapshot is only a checkpoint of the journal up to some offset. A line without
its newline is a write torn by a crash: readers ignore it and the next writer cuts it off.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from readinglist.errors import LibraryDamagedError, StorageError
from readinglist.storage.files import FILE_MODE, fsync_dir

JOURNAL_FORMAT = "readinglist-journal"


@dataclass(slots=True)
class Entry:
    """One change. `ops` are absolute (replaying them twice gives the same state)."""

    seq: int
    at: str
    kind: str  # "change", "undo" or "redo"
    label: str
    ops: list[dict[str, Any]]
    target: int | None = None  # the entry an undo/redo acts on
    offset: int = field(default=-1, compare=False)  # where its line starts in the journal

    def to_json(self) -> bytes:
        data: dict[str, Any] = {"seq": self.seq, "at": self.at, "kind": self.kind}
        data["label"] = self.label
        if self.target is not None:
            data["target"] = self.target
        data["ops"] = self.ops
        return orjson.dumps(data) + b"\n"

    @classmethod
    def from_json(cls, line: bytes, offset: int) -> Entry:
        data = orjson.loads(line)
        if not isinstance(data, dict) or not isinstance(data.get("ops"), list):
            raise ValueError("not a journal entry")
        kind = data["kind"]
        if kind not in ("change", "undo", "redo"):
            raise ValueError(f"unknown entry kind {kind!r}")
        target = data.get("target")
        return cls(
            int(data["seq"]), str(data["at"]), kind, str(data.get("label", "")),
            data["ops"], int(target) if target is not None else None, offset,
        )  # fmt: skip


class Journal:
    """Reads and appends the journal file beside the library."""

    def __init__(self, library_path: Path) -> None:
        self.path = library_path.with_name(library_path.name + ".journal")

    def exists(self) -> bool:
        return self.path.exists()

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def create(self, journal_id: str) -> int:
        """Start a new journal with a header line; returns the offset after it."""
        header = orjson.dumps({"format": JOURNAL_FORMAT, "journal_id": journal_id}) + b"\n"
        self._append(header, create=True)
        return len(header)

    def read_header(self) -> str:
        """The journal id, which ties a snapshot to the journal it checkpoints."""
        with self._open_for_reading() as handle:
            line = handle.readline()
        try:
            header = orjson.loads(line)
            if header.get("format") != JOURNAL_FORMAT:
                raise ValueError
            return str(header["journal_id"])
        except (ValueError, TypeError, KeyError, AttributeError):
            raise LibraryDamagedError(str(self.path), "the journal has no valid header") from None

    def read_from(self, offset: int) -> tuple[list[Entry], int]:
        """Complete entries after `offset`, and the offset just after the last complete one."""
        with self._open_for_reading() as handle:
            handle.seek(offset)
            data = handle.read()
        entries = []
        position = 0
        while True:
            end = data.find(b"\n", position)
            if end < 0:
                break  # nothing more, or a torn last line: ignored
            entries.append(self._parse(data[position:end], offset + position))
            position = end + 1
        return entries, offset + position

    def read_entry(self, offset: int) -> Entry:
        with self._open_for_reading() as handle:
            handle.seek(offset)
            line = handle.readline()
        if not line.endswith(b"\n"):
            raise LibraryDamagedError(str(self.path), f"no complete entry at byte {offset}")
        return self._parse(line[:-1], offset)

    def append(self, entry: Entry, good_size: int) -> int:
        """Append durably after cutting off any torn tail beyond `good_size`; returns new size."""
        line = entry.to_json()
        if self.size() > good_size:
            self._truncate(good_size)
        entry.offset = good_size
        self._append(line)
        return good_size + len(line)

    def _parse(self, line: bytes, offset: int) -> Entry:
        try:
            return Entry.from_json(line, offset)
        except (ValueError, TypeError, KeyError) as error:
            raise LibraryDamagedError(
                str(self.path), f"damaged entry at byte {offset}: {error}"
            ) from None

    def _open_for_reading(self) -> Any:
        try:
            return self.path.open("rb")
        except OSError as error:
            raise StorageError(f"{self.path}: cannot read: {error.strerror}") from error

    def _append(self, data: bytes, create: bool = False) -> None:
        flags = os.O_WRONLY | os.O_APPEND | (os.O_CREAT | os.O_EXCL if create else 0)
        try:
            fd = os.open(self.path, flags, FILE_MODE)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            if create:
                fsync_dir(self.path.parent)
        except OSError as error:
            raise StorageError(f"{self.path}: cannot write: {error.strerror or error}") from error

    def _truncate(self, size: int) -> None:
        try:
            with self.path.open("r+b") as handle:
                handle.truncate(size)
                os.fsync(handle.fileno())
        except OSError as error:
            raise StorageError(f"{self.path}: cannot repair: {error.strerror}") from error
