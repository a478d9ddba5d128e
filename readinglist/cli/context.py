"""What a command needs from its surroundings: the library, opened once, lazily."""

from __future__ import annotations

from pathlib import Path

from readinglist.library import Library
from readinglist.paths import default_library_path


class Context:
    def __init__(self, db: Path | None) -> None:
        self.library_path = db.expanduser() if db else default_library_path()
        self._library: Library | None = None

    def library(self) -> Library:
        if self._library is None:
            self._library = Library.open(self.library_path)
        return self._library

    def close(self) -> None:
        if self._library is not None:
            self._library.close()
