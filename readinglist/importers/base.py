"""What every importer produces: papers parsed from one source, plus warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from readinglist.model import Authors

# The importers' format names, here so the CLI can list them without loading every parser.
FORMAT_NAMES = ("abstracts", "daily-papers", "json", "bibtex")


@dataclass(slots=True)
class ParsedPaper:
    """A paper as a source describes it, before it gets an id and user fields."""

    title: str
    abstract: str = ""
    title_derived: bool = False
    authors: Authors = None
    published: str | None = None
    upvotes: int | None = None
    tags: list[str] = field(default_factory=list)
    # The reader's own note about the paper, e.g. a BibTeX `annote`.
    note: str = ""
    # 1-based line in the source where the paper starts, for messages.
    line: int | None = None
    # A whole record from our own JSON export: id, user fields, sources, timestamps.
    record: dict[str, Any] | None = None


@dataclass(slots=True)
class ParseResult:
    source: str
    format: str
    papers: list[ParsedPaper]
    warnings: list[str] = field(default_factory=list)
