"""One error hierarchy: every message names the bad thing, says why, and hints what to do."""

from __future__ import annotations


class ReadingListError(Exception):
    """A user-facing error: shown as one line, never as a traceback."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ImportFormatError(ReadingListError):
    """A file could not be imported: it names the file, and the line where that helps."""

    def __init__(self, source: str, reason: str, line: int | None = None, hint: str = "") -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}", hint)
        self.source = source
        self.line = line
        self.reason = reason


class LibraryDamagedError(ReadingListError):
    """The library file is not something we can read safely; it is left untouched."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            f"{path}: {reason}",
            "the file was left untouched; run `readinglist doctor` to see how to recover",
        )
        self.path = path
        self.reason = reason


class LibraryVersionError(ReadingListError):
    """The library was written by a newer readinglist."""


class StorageError(ReadingListError):
    """The disk refused a read or write (permissions, full disk)."""


class PaperNotFoundError(ReadingListError):
    """No paper, or more than one, matches an id prefix."""


class InvalidValueError(ReadingListError):
    """A value given by the user is out of range or malformed (rating, status, tag...)."""


class QuerySyntaxError(ReadingListError):
    """A search query could not be parsed."""


class NothingToUndoError(ReadingListError):
    """Undo or redo has nothing to act on, or the change was superseded."""


class ExportError(ReadingListError):
    """An export could not be written (existing file without --force, bad folder...)."""
