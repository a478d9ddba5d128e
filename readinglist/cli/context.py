"""What a command needs from its surroundings: the library, opened once, lazily."""

from __future__ import annotations

import sys
from pathlib import Path

from readinglist.errors import ReadingListError
from readinglist.library import Library
from readinglist.paths import default_library_path


class Context:
    def __init__(self, db: Path | None) -> None:
        self.library_path = db.expanduser() if db else default_library_path()
        self._library: Library | None = None

    def library(self, *, with_abstracts: bool = False) -> Library:
        """The library; abstracts (most of its bytes) are read only when a command shows them."""
        if self._library is None:
            self._library = Library.open(self.library_path, lazy_abstracts=True)
        if with_abstracts:
            self._library.load_abstracts()
        return self._library

    def close(self) -> None:
        """Fold the journal into the snapshot if it has grown; never hides the command's result."""
        if self._library is not None:
            try:
                self._library.close()
            except ReadingListError as error:
                print(f"readinglist: warning: {error}", file=sys.stderr)
