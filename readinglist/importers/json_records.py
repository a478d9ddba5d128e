"""Our own JSON: an export `{"format": "readinglist", "version": 1, "papers": [...]}` or a list."""

from __future__ import annotations

from typing import Any

import orjson

from readinglist.errors import ImportFormatError
from readinglist.importers.base import ParsedPaper, ParseResult
from readinglist.importers.cleaning import clean_paragraphs, text_start
from readinglist.model import Paper, Status
from readinglist.text import one_line, strip_unsafe

FORMAT = "json"
EXPORT_FORMAT_NAME = "readinglist"
EXPORT_VERSION = 1
_NOT_OURS = "not a readinglist export"
_NOT_OURS_HINT = (
    'expected {"format": "readinglist", "version": 1, "papers": [...]} '
    "or the list printed by `readinglist list --json`"
)
# Text fields shown to people: made safe on the way in, like every imported text.
_ONE_LINE_FIELDS = ("id", "title", "published")
_MULTI_LINE_FIELDS = ("abstract",)
_SOURCE_KEYS = ("file", "batch", "imported_at")
_STATUSES = tuple(status.value for status in Status)
_JSON_VALUE_STARTS = frozenset('{["]-0123456789')


def looks_like(text: str) -> bool:
    """A JSON object, or a JSON list (not a line like `[Re] A title`)."""
    start = text_start(text)
    return start.startswith("{") or (
        start.startswith("[") and start[1:].lstrip()[:1] in _JSON_VALUE_STARTS
    )


def parse(source: str, text: str) -> ParseResult:
    document = _load(source, text)
    if isinstance(document, dict):
        records, label = _export_papers(source, document), "papers"
    elif isinstance(document, list) and (not document or isinstance(document[0], dict)):
        records, label = document, ""
    else:
        raise ImportFormatError(source, _NOT_OURS, hint=_NOT_OURS_HINT)
    if not records:
        raise ImportFormatError(source, "no papers recognised; the export holds no papers")
    papers = [_paper(source, f"{label}[{index}]", record) for index, record in enumerate(records)]
    return ParseResult(source, FORMAT, papers)


def _load(source: str, text: str) -> Any:
    try:
        return orjson.loads(text.removeprefix("\ufeff"))
    except orjson.JSONDecodeError as error:
        reason = f"not valid JSON ({error.msg}, column {error.colno})"
        raise ImportFormatError(source, reason, error.lineno) from None


def _export_papers(source: str, document: dict[str, Any]) -> list[Any]:
    if document.get("format") != EXPORT_FORMAT_NAME:
        raise ImportFormatError(source, _NOT_OURS, hint=_NOT_OURS_HINT)
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFormatError(source, f"unknown export version {version!r}")
    if version > EXPORT_VERSION:
        raise ImportFormatError(
            source,
            f"written by a newer readinglist (export version {version}; "
            f"this one reads version {EXPORT_VERSION})",
            hint="upgrade readinglist to import it",
        )
    papers = document.get("papers")
    if not isinstance(papers, list):
        raise ImportFormatError(source, '"papers" must be a list of paper records')
    return papers


def _paper(source: str, where: str, record: Any) -> ParsedPaper:
    if not isinstance(record, dict):
        raise ImportFormatError(source, f"{where}: expected a paper record (a JSON object)")
    _check_sources(source, where, record.get("sources", []))
    _check_status(source, where, record.get("status", Status.NEW.value))
    try:
        paper = Paper.from_dict(_sanitised(record))
    except KeyError as error:
        raise ImportFormatError(source, f"{where}: missing field {error.args[0]!r}") from None
    except (TypeError, ValueError) as error:
        raise ImportFormatError(source, f"{where}: {error}") from None
    if not paper.title:
        raise ImportFormatError(source, f"{where}: title is empty")
    return ParsedPaper(
        paper.title,
        paper.abstract,
        title_derived=paper.title_derived,
        authors=paper.authors,
        published=paper.published,
        upvotes=paper.upvotes,
        tags=list(paper.tags),
        note=paper.note,
        record=paper.to_record(),
    )


def _check_sources(source: str, where: str, sources: Any) -> None:
    """`Paper.from_dict` reports malformed sources poorly; say what is wrong here."""
    if not isinstance(sources, list):
        raise ImportFormatError(source, f"{where}: sources must be a list")
    for index, entry in enumerate(sources):
        missing = [k for k in _SOURCE_KEYS if k not in entry] if isinstance(entry, dict) else None
        if missing is None:
            raise ImportFormatError(source, f"{where}: sources[{index}] must be an object")
        if missing:
            raise ImportFormatError(source, f"{where}: sources[{index}] has no {missing[0]!r}")


def _check_status(source: str, where: str, status: Any) -> None:
    if status not in _STATUSES:
        choices = ", ".join(_STATUSES)
        raise ImportFormatError(source, f"{where}: status {status!r} is not one of: {choices}")


def _sanitised(record: dict[str, Any]) -> dict[str, Any]:
    """A copy whose text fields cannot carry terminal escapes or control characters."""
    clean = dict(record)
    for key in _ONE_LINE_FIELDS:
        if isinstance(clean.get(key), str):
            clean[key] = one_line(clean[key])
    for key in _MULTI_LINE_FIELDS:
        if isinstance(clean.get(key), str):
            clean[key] = clean_paragraphs(clean[key])
    if isinstance(clean.get("note"), str):
        # The note is the user's own Markdown: indentation and hard breaks are meaning.
        clean["note"] = strip_unsafe(clean["note"])
    for key in ("tags", "authors"):
        if isinstance(clean.get(key), list):
            clean[key] = [one_line(v) if isinstance(v, str) else v for v in clean[key]]
    if isinstance(clean.get("sources"), list):
        clean["sources"] = [_sanitised_source(s) for s in clean["sources"]]
    return clean


def _sanitised_source(entry: Any) -> Any:
    if not isinstance(entry, dict):
        return entry
    return {k: one_line(v) if isinstance(v, str) else v for k, v in entry.items()}
