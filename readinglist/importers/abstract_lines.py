"""Abstract lines: one paper per line starting `Abstract:`, with no titles of their own."""

from __future__ import annotations

import re

from readinglist.errors import ImportFormatError
from readinglist.importers.base import ParsedPaper, ParseResult
from readinglist.importers.cleaning import (
    clean_paragraphs,
    split_lines,
    text_start,
    unwrap_paragraphs,
)

FORMAT = "abstracts"
_MARKER = re.compile(r"[ \t]*abstract[ \t]*:[ \t]?", re.IGNORECASE)


def looks_like(text: str) -> bool:
    """The first line with text starts with `Abstract:`."""
    return _MARKER.match(text_start(text)) is not None


def parse(source: str, text: str) -> ParseResult:
    # Imported here, not when the format is detected: titles.py compiles many patterns.
    from readinglist.importers.titles import unique_derived_title

    papers: list[ParsedPaper] = []
    warnings: list[str] = []
    taken: set[str] = set()
    for start, lines in _entries(split_lines(text), warnings):
        abstract = clean_paragraphs(unwrap_paragraphs(lines))
        if not abstract:
            warnings.append(f"line {start}: empty abstract; skipped")
            continue
        title = unique_derived_title(abstract, taken)
        papers.append(ParsedPaper(title, abstract, title_derived=True, line=start))
    if not papers:
        raise ImportFormatError(
            source, "no papers recognised; expected lines starting with `Abstract:`"
        )
    return ParseResult(source, FORMAT, papers, warnings)


def _entries(lines: list[str], warnings: list[str]) -> list[tuple[int, list[str]]]:
    """(first line number, lines) per `Abstract:` entry, with its wrapped continuation lines."""
    entries: list[tuple[int, list[str]]] = []
    ignored: list[int] = []
    for number, line in enumerate(lines, 1):
        marker = _MARKER.match(line)
        if marker:
            entries.append((number, [line[marker.end() :]]))
        elif entries:
            entries[-1][1].append(line)
        elif line.strip():
            ignored.append(number)
    if ignored:
        warnings.append(
            f"line {ignored[0]}: ignored {len(ignored)} line(s) before the first `Abstract:` line"
        )
    return entries
