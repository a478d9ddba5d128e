"""The inter-process lock held around every read-modify-write of a library."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from readinglist.errors import StorageError
from readinglist.storage.files import FILE_MODE

LOCK_TIMEOUT_SECONDS = 15.0


class LibraryLock:
    """An OS file lock (flock): a killed holder releases it, so it never goes stale.

    Re-entrant within one process, so a caller holding it may call code that takes it again.
    """

    def __init__(self, library_path: Path) -> None:
        self.path = library_path.with_name(library_path.name + ".lock")
        self._lock = FileLock(self.path, timeout=LOCK_TIMEOUT_SECONDS, mode=FILE_MODE)

    @contextmanager
    def held(self) -> Iterator[None]:
        try:
            self._lock.acquire()
        except Timeout:
            raise StorageError(
                f"{self.path}: another readinglist has held the library lock for "
                f"{LOCK_TIMEOUT_SECONDS:.0f} s",
                "try again; if nothing else is running, the lock clears by itself",
            ) from None
        except OSError as error:
            raise StorageError(f"{self.path}: cannot lock: {error.strerror}") from error
        try:
            yield
        finally:
            self._lock.release()
