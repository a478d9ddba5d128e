"""Reading papers from files: collecting inputs, decoding bytes, detecting and parsing formats."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Protocol, cast

from readinglist.errors import ImportFormatError
from readinglist.importers.base import FORMAT_NAMES, ParsedPaper, ParseResult
from readinglist.importers.cleaning import normalise_newlines
from readinglist.importers.decoding import MAX_IMPORT_BYTES, decode
from readinglist.importers.inputs import collect_inputs

__all__ = [
    "FORMATS",
    "MAX_IMPORT_BYTES",
    "ParseResult",
    "ParsedPaper",
    "collect_inputs",
    "decode",
    "detect_format",
    "parse",
    "parse_source",
]


class _Reader(Protocol):
    """What each format module provides."""

    FORMAT: str

    def looks_like(self, text: str) -> bool: ...

    def parse(self, source: str, text: str) -> ParseResult: ...


FORMATS: tuple[str, ...] = FORMAT_NAMES
_MODULES = {
    "abstracts": "abstract_lines",
    "daily-papers": "daily_papers",
    "json": "json_records",
    "bibtex": "bibtex",
}
# Most specific first: JSON and `Abstract:` lines are unmistakable, a Daily Papers page is prose.
_DETECTION_ORDER = ("json", "abstracts", "bibtex", "daily-papers")


@cache
def _reader(fmt: str) -> _Reader:
    """A format's parser module, imported on first use (BibTeX's pulls in bibtexparser)."""
    return cast(_Reader, import_module(f"readinglist.importers.{_MODULES[fmt]}"))


_EXPECTED = (
    "no papers recognised; expected lines starting with `Abstract:`, a Daily Papers page, "
    "a readinglist JSON export or BibTeX entries"
)


def _sniff(text: str) -> str | None:
    for fmt in _DETECTION_ORDER:
        if _reader(fmt).looks_like(text):
            return fmt
    return None


def detect_format(text: str) -> str:
    """The format `text` is in; a Daily Papers page, the most forgiving one, when unsure."""
    return _sniff(text) or "daily-papers"


def parse(source: str, text: str, fmt: str | None = None) -> ParseResult:
    """Papers from decoded text, in the given format or the detected one."""
    text = normalise_newlines(text)
    if fmt is None:
        fmt = _sniff(text)
        if fmt is None:
            raise ImportFormatError(source, _EXPECTED)
    if fmt not in _MODULES:
        raise ImportFormatError(
            source, f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}"
        )
    return _reader(fmt).parse(source, text)


def parse_source(source: str, data: bytes, fmt: str | None = None) -> ParseResult:
    """Decode the bytes of one input and parse them."""
    return parse(source, decode(source, data), fmt)
