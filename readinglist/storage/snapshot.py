"""The snapshot: a TinyDB database file holding every paper as of a journal offset."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from readinglist.errors import LibraryDamagedError, StorageError
from readinglist.storage.files import atomic_write

PAPERS_TABLE = "papers"
META_TABLE = "meta"
ABSTRACTS_TABLE = "abstracts"


class AtomicJSONStorage(Storage):
    """TinyDB storage: orjson, atomic durable replace, and no silent 'empty' on damage.

    Stock JSONStorage rewrites the file in place (torn by a crash) and reads a 0-byte file
    as an empty database; this one refuses anything that is not a whole JSON object.
    """

    def __init__(self, path: str, create: bool = False) -> None:
        self.path = Path(path)
        self.create = create

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            if self.create:
                return None
            raise LibraryDamagedError(str(self.path), "the library file is missing") from None
        except OSError as error:
            raise StorageError(f"{self.path}: cannot read: {error.strerror}") from error
        if not raw.strip():
            raise LibraryDamagedError(str(self.path), "the file is empty (0 bytes of data)")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            line = raw.count(b"\n", 0, error.pos) + 1
            raise LibraryDamagedError(
                str(self.path), f"not valid JSON (line {line}: {error.msg})"
            ) from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise LibraryDamagedError(str(self.path), "not a readinglist library (no tables)")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write(self.path, orjson.dumps(data))


def read_snapshot(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The meta document and the paper records; raises LibraryDamagedError if unreadable.

    The tables are read straight from the storage: TinyDB's Table would wrap every record
    in a Document copy, which costs a second at 100,000 papers.
    """
    data = AtomicJSONStorage(str(path)).read() or {}
    metas = list(data.get(META_TABLE, {}).values())
    if len(metas) != 1 or not isinstance(metas[0], dict):
        raise LibraryDamagedError(str(path), "not a readinglist library (no meta record)")
    records = list(data.get(PAPERS_TABLE, {}).values())
    if set(map(type, records)) - {dict}:  # one pass in C; then find the culprit's number
        number = next(n for n, r in enumerate(records, start=1) if type(r) is not dict)
        raise LibraryDamagedError(str(path), f"paper record {number} is not an object")
    return metas[0], records


def open_tinydb(path: Path) -> TinyDB:
    """The snapshot as a TinyDB database, for tools that query it (doctor, tests)."""
    return TinyDB(str(path), storage=AtomicJSONStorage)


def write_snapshot(path: Path, meta: dict[str, Any], records: Iterable[dict[str, Any]]) -> None:
    """Replace the whole snapshot in one atomic write."""
    data = {
        META_TABLE: {"1": meta},
        PAPERS_TABLE: {str(number): record for number, record in enumerate(records, start=1)},
    }
    AtomicJSONStorage(str(path), create=True).write(data)


def abstracts_path(path: Path) -> Path:
    """Abstracts live in a second TinyDB file: they are most of the bytes and never change,
    so opening the library and folding edits into the snapshot need not touch them."""
    return path.with_name(path.name + ".abstracts")


def read_abstracts(path: Path) -> dict[str, str]:
    file = abstracts_path(path)
    data = AtomicJSONStorage(str(file)).read() or {}
    documents = list(data.get(ABSTRACTS_TABLE, {}).values())
    if len(documents) != 1 or not isinstance(documents[0], dict):
        raise LibraryDamagedError(str(file), "not a readinglist abstracts file")
    abstracts: dict[str, str] = documents[0]
    if not all(type(v) is str for v in abstracts.values()):
        raise LibraryDamagedError(str(file), "an abstract is not a string")
    return abstracts


def write_abstracts(path: Path, abstracts: dict[str, str]) -> None:
    AtomicJSONStorage(str(abstracts_path(path)), create=True).write(
        {ABSTRACTS_TABLE: {"1": abstracts}}
    )
