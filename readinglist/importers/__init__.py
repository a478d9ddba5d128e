"""Reading papers from files: collecting inputs, decoding bytes, detecting and parsing formats."""

from __future__ import annotations

from typing import Protocol

from readinglist.errors import ImportFormatError
from readinglist.importers import abstract_lines, bibtex, daily_papers, json_records
from readinglist.importers.base import ParsedPaper, ParseResult
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


_READERS: dict[str, _Reader] = {
    abstract_lines.FORMAT: abstract_lines,
    daily_papers.FORMAT: daily_papers,
    json_records.FORMAT: json_records,
    bibtex.FORMAT: bibtex,
}
FORMATS: tuple[str, ...] = tuple(_READERS)
# Most specific first: JSON and `Abstract:` lines are unmistakable, a Daily Papers page is prose.
_DETECTION_ORDER: tuple[_Reader, ...] = (json_records, abstract_lines, bibtex, daily_papers)
_EXPECTED = (
    "no papers recognised; expected lines starting with `Abstract:`, a Daily Papers page, "
    "a readinglist JSON export or BibTeX entries"
)


def _sniff(text: str) -> str | None:
    for reader in _DETECTION_ORDER:
        if reader.looks_like(text):
            return reader.FORMAT
    return None


def detect_format(text: str) -> str:
    """The format `text` is in; a Daily Papers page, the most forgiving one, when unsure."""
    return _sniff(text) or daily_papers.FORMAT


def parse(source: str, text: str, fmt: str | None = None) -> ParseResult:
    """Papers from decoded text, in the given format or the detected one."""
    text = normalise_newlines(text)
    if fmt is None:
        fmt = _sniff(text)
        if fmt is None:
            raise ImportFormatError(source, _EXPECTED)
    reader = _READERS.get(fmt)
    if reader is None:
        raise ImportFormatError(
            source, f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}"
        )
    return reader.parse(source, text)


def parse_source(source: str, data: bytes, fmt: str | None = None) -> ParseResult:
    """Decode the bytes of one input and parse them."""
    return parse(source, decode(source, data), fmt)
