"""BibTeX files, read with bibtexparser v2: one paper per entry that has a title."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import TYPE_CHECKING

from readinglist.bibtex_text import AUTHOR_COUNT_FIELD, ID_FIELD, author_names, unescape_bibtex
from readinglist.errors import ImportFormatError, InvalidValueError
from readinglist.importers.base import ParsedPaper, ParseResult
from readinglist.importers.cleaning import (
    clean_paragraphs,
    split_lines,
    unwrap_paragraphs,
)
from readinglist.importers.latex import latex_to_text
from readinglist.model import normalize_tag
from readinglist.text import one_line, strip_unsafe

# bibtexparser (~10 ms to import) is imported where it is used: detecting the format of
# any import file runs `looks_like` here, and most files are not BibTeX.
if TYPE_CHECKING:
    from bibtexparser.model import Entry, ParsingFailedBlock

FORMAT = "bibtex"
_ENTRY_START = re.compile(r"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
_SNIFF_CHARS = 64 * 1024
_KEY = re.compile(r"@\s*(?P<type>[A-Za-z]+)\s*[{(]\s*(?P<key>[^,\s]*)")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ISO_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
_KEYWORD_SEPARATORS = re.compile(r"[,;]")

# Problems are reported as warnings naming the entry; bibtexparser's own log lines would
# repeat them on stderr (through logging's last-resort handler) when the app logs nothing.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


def looks_like(text: str) -> bool:
    """An `@type{` line near the start."""
    return _ENTRY_START.search(text, 0, _SNIFF_CHARS) is not None


def parse(source: str, text: str) -> ParseResult:
    import bibtexparser

    # bibtexparser re-exports parse_string without listing it in __all__.
    library = bibtexparser.parse_string("\n".join(split_lines(text)))  # type: ignore[attr-defined]
    papers: list[ParsedPaper] = []
    warnings: list[str] = []
    failures: list[str] = []
    for block in library.blocks:
        entry = _entry_of(block, warnings, failures)
        if entry is not None:
            paper = _paper(entry, warnings)
            if paper is not None:
                papers.append(paper)
    if not papers:
        reason = "no papers recognised; expected BibTeX entries with a title"
        if failures:
            reason += f" ({len(failures)} could not be read; first: {failures[0]})"
        raise ImportFormatError(source, reason)
    return ParseResult(source, FORMAT, papers, warnings)


def _entry_of(block: object, warnings: list[str], failures: list[str]) -> Entry | None:
    """The entry a block holds, reporting blocks that failed; None for comments, strings..."""
    from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

    if isinstance(block, Entry):
        return block
    if not isinstance(block, ParsingFailedBlock):
        return None
    where = _describe(block)
    salvaged = block.ignore_error_block
    if isinstance(block, DuplicateBlockKeyBlock) and isinstance(salvaged, Entry):
        warnings.append(f"{where}: the key is used twice; imported both entries")
        return salvaged
    if isinstance(salvaged, Entry):
        warnings.append(f"{where}: {_reason(block.error)}; imported what could be read")
        return salvaged
    failures.append(f"{where}: {_reason(block.error)}")
    warnings.append(f"{failures[-1]}; skipped")
    return None


def _describe(block: ParsingFailedBlock) -> str:
    """`line 12 (@article{smith2020)`: where the block starts and what it is."""
    where = f"line {block.start_line + 1}" if block.start_line is not None else "an entry"
    start = _KEY.match((block.raw or "").lstrip())
    if start is None:
        return where
    return f"{where} (@{start['type']}{{{one_line(start['key'])})"


def _reason(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return one_line(lines[-1]) if lines else "could not be parsed"


def _paper(entry: Entry, warnings: list[str]) -> ParsedPaper | None:
    fields = {field.key.lower(): str(field.value) for field in entry.fields}
    line = entry.start_line + 1 if entry.start_line is not None else None
    if ID_FIELD in fields:
        return _our_paper(fields, line)
    title = one_line(latex_to_text(fields.get("title", "")))
    if not title:
        where = f"line {line} (@{one_line(entry.entry_type)}{{{one_line(entry.key)})"
        warnings.append(f"{where}: no title; skipped")
        return None
    return ParsedPaper(
        title,
        _paragraphs(fields.get("abstract", "")),
        authors=_authors(fields.get("author", "")),
        published=_published(fields),
        tags=_tags(fields.get("keywords", ""), one_line(entry.key), warnings),
        line=line,
        note=_paragraphs(fields.get("annote", "")),
    )


def _our_paper(fields: dict[str, str], line: int | None) -> ParsedPaper | None:
    """An entry readinglist exported: its values are escaped text, not LaTeX, so they come
    back exactly (backslashes, `--`, line breaks and indentation in notes included)."""
    title = one_line(unescape_bibtex(fields.get("title", "")))
    if not title:
        return None
    count = fields.get(AUTHOR_COUNT_FIELD, "")
    keywords = unescape_bibtex(fields.get("keywords", ""))
    return ParsedPaper(
        title,
        clean_paragraphs(unescape_bibtex(fields.get("abstract", ""))),
        authors=author_names(fields["author"])
        if "author" in fields
        else (int(count) if count.isdigit() else None),
        published=_published(fields),
        tags=[t for t in keywords.split(", ") if t],
        line=line,
        note=strip_unsafe(unescape_bibtex(fields.get("annote", ""))),
    )


def _paragraphs(value: str) -> str:
    return clean_paragraphs(latex_to_text(unwrap_paragraphs(value.split("\n"))))


def _authors(value: str) -> list[str] | None:
    """`Doe, John and Jane Roe` -> `["John Doe", "Jane Roe"]`; `and others` is dropped."""
    from bibtexparser.middlewares.names import (
        InvalidNameError,
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    names = []
    for raw in split_multiple_persons_names(value):
        if raw.strip().lower() == "others":
            continue
        try:
            merged = parse_single_name_into_parts(raw, strict=False).merge_first_name_first
        except InvalidNameError:
            merged = raw
        name = one_line(latex_to_text(merged))
        if name:
            names.append(name)
    return names or None


def _published(fields: dict[str, str]) -> str | None:
    """An ISO date when year, month and day are known; else `Mon YYYY` or the year."""
    iso = _ISO_DATE.fullmatch(fields.get("date", "").strip())
    year_match = re.search(r"\d{4}", fields.get("year", ""))
    year = int(year_match.group()) if year_match else int(iso["year"]) if iso else None
    month = _month(fields.get("month", "")) or (int(iso["month"]) if iso and iso["month"] else None)
    day = _day(fields.get("day", "")) or (int(iso["day"]) if iso and iso["day"] else None)
    if year is None:
        return None
    if month is not None and day is not None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            pass  # e.g. 31 June: fall back to month and year
    if month is not None:
        return f"{_MONTHS[month - 1].capitalize()} {year}"
    return str(year)


def _month(value: str) -> int | None:
    value = value.strip().lower().rstrip(".")
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return _MONTHS.index(value[:3]) + 1 if value[:3] in _MONTHS else None


def _day(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() and 1 <= int(value) <= 31 else None


def _tags(value: str, key: str, warnings: list[str]) -> list[str]:
    tags: set[str] = set()
    for keyword in _KEYWORD_SEPARATORS.split(latex_to_text(value)):
        if not keyword.strip():
            continue
        try:
            tags.add(normalize_tag(keyword))
        except InvalidValueError as error:
            warnings.append(f"entry {key}: keyword skipped: {error.message}")
    return sorted(tags)
