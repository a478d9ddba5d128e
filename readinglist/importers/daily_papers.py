"""Hugging Face Daily Papers page dumps: title, abstract and a metadata block per paper."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from readinglist.errors import ImportFormatError
from readinglist.importers.base import ParsedPaper, ParseResult
from readinglist.importers.cleaning import clean_paragraphs, join_wrapped, split_lines
from readinglist.model import normalize_title
from readinglist.text import one_line

FORMAT = "daily-papers"

# Whole lines of page chrome around the paper list.
_CHROME = frozenset(
    {
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "by AK and the research community",
        "byAK and the research community",
    }
)
_AUTHORS = re.compile(r"(?:•\s*)?(?P<count>\d{1,6})\s+authors?")
_SEPARATOR = "·"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# `Sep 4, 2024`, `Oct 2`, `Sep 27, 2024 3` (3 upvotes), `Sep 8 8`.
_DATE = re.compile(
    rf"(?P<day>(?P<month>{'|'.join(_MONTHS)})[a-z]*\.?\s+(?P<day_number>\d{{1,2}}))"
    r"(?:,\s*(?P<year>\d{4}))?(?:\s+(?P<upvotes>\d{1,7}))?"
)

# Metadata lines are short; longer lines skip the metadata patterns altogether.
_MAX_METADATA_CHARS = 30

# Shape of a title: one short line without sentence structure.
_MAX_TITLE_CHARS = 300
_MAX_TITLE_WORDS = 45
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_ABSTRACT_OPENING = re.compile(
    r"(?:we|in this (?:paper|work)|this (?:paper|work|study)|our)\b", re.IGNORECASE
)
_ENDS_WITH_ABBREVIATION = re.compile(r"(?:\bet al|\bvs|\bv\d+(?:\.\d+)*|\bNo|\bInc)\.$")
# How much of a file `looks_like` reads: chrome and the first papers come early.
_SNIFF_CHARS = 64 * 1024


def is_title_shaped(text: str) -> bool:
    """One short line that reads like a title, not like prose."""
    if len(text) > _MAX_TITLE_CHARS or "\n" in text:
        return False
    words = text.split()
    if not words or len(words) > _MAX_TITLE_WORDS:
        return False
    if text.endswith(".") and not _ENDS_WITH_ABBREVIATION.search(text):
        return False
    if len(_SENTENCE_BREAK.findall(text)) >= 2:
        return False
    return not (_ABSTRACT_OPENING.match(text) and len(words) > 12)


@dataclass(slots=True)
class _Draft:
    """A paper being read: its parts arrive in order, any of them may be missing."""

    line: int
    title: str = ""
    abstract: str = ""
    authors: int | None = None
    published: str | None = None
    upvotes: int | None = None
    has_metadata: bool = False

    def takes_abstract(self) -> bool:
        return bool(self.title) and not self.abstract and not self.has_metadata


class _Reader:
    """Walks the lines once; blank lines end paragraphs, metadata and chrome lines stand alone."""

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []
        self.warnings: list[str] = []
        self.current: _Draft | None = None
        self.paragraph: list[str] = []
        self.paragraph_start = 0
        # Chrome, metadata, or a title followed by its abstract: signs this is such a page.
        self.evidence = False

    def read(self, lines: list[str]) -> None:
        for number, line in enumerate(lines, 1):
            stripped = line.strip()
            if not stripped:
                self.end_paragraph()
            elif len(stripped) <= _MAX_METADATA_CHARS and self.apply_metadata(stripped, number):
                self.evidence = True
            elif stripped in _CHROME and not self.paragraph:
                self.current = None
                self.evidence = True
            else:
                if not self.paragraph:
                    self.paragraph_start = number
                self.paragraph.append(stripped)
        self.end_paragraph()

    def apply_metadata(self, stripped: str, number: int) -> bool:
        """Apply a metadata line to the current paper; False if the line is something else."""
        authors = when = None
        if stripped != _SEPARATOR:
            authors = _AUTHORS.fullmatch(stripped)
            when = None if authors else _DATE.fullmatch(stripped)
            if not (authors or when):
                return False
        self.end_paragraph()  # the abstract above belongs to the paper before its metadata
        if authors:
            self.set_authors(int(authors["count"]), number)
        elif when:
            self.set_date(when)
        return True

    def set_authors(self, count: int, number: int) -> None:
        if self.current is None or self.current.authors is not None:
            self.warnings.append(f"line {number}: author count without a paper; ignored")
            return
        self.current.authors = count
        self.current.has_metadata = True

    def set_date(self, when: re.Match[str]) -> None:
        paper = self.current
        if paper is None or paper.published is not None or paper.upvotes is not None:
            return  # the page's own date ("Dec 12"), not a paper's
        paper.published = _published(when)
        paper.upvotes = int(when["upvotes"]) if when["upvotes"] else None
        paper.has_metadata = True

    def end_paragraph(self) -> None:
        if not self.paragraph:
            return
        heading, body = _split_heading(self.paragraph)
        start, self.paragraph = self.paragraph_start, []
        if heading:
            self.start_paper(_Draft(start, title=heading))
            if body:
                self.add_text(body, start + 1)
            return
        self.add_text(body, start)

    def add_text(self, text: str, start: int) -> None:
        if is_title_shaped(text):
            self.start_paper(_Draft(start, title=text))
        elif self.current is not None and self.current.takes_abstract():
            self.current.abstract = text
            self.evidence = True
        else:
            self.start_paper(_Draft(start, abstract=text))

    def start_paper(self, draft: _Draft) -> None:
        self.drafts.append(draft)
        self.current = draft


def _split_heading(lines: list[str]) -> tuple[str, str]:
    """A title line directly above its abstract, with no blank line between; else one paragraph."""
    if len(lines) == 1:  # most paragraphs: the line is stripped and not empty already
        return "", lines[0]
    if is_title_shaped(lines[0]) and _is_title_cased(lines[0]):
        body = join_wrapped(lines[1:])
        if not is_title_shaped(body):
            return lines[0], body
    return "", join_wrapped(lines)


def _is_title_cased(line: str) -> bool:
    words = [w for w in line.split() if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _published(when: re.Match[str]) -> str:
    """ISO date when the year is known, else the text as written (`Oct 2`)."""
    if when["year"]:
        month = _MONTHS.index(when["month"]) + 1
        try:
            return date(int(when["year"]), month, int(when["day_number"])).isoformat()
        except ValueError:
            return f"{when['day']}, {when['year']}"
    return when["day"]


def looks_like(text: str) -> bool:
    """Page chrome, a metadata line, or a title followed by its abstract near the start."""
    reader = _Reader()
    head = text[:_SNIFF_CHARS]
    reader.read(split_lines(head[: head.rfind("\n")] if len(text) > _SNIFF_CHARS else head))
    return reader.evidence


def parse(source: str, text: str) -> ParseResult:
    reader = _Reader()
    reader.read(split_lines(text))
    if not reader.drafts:
        raise ImportFormatError(
            source,
            "no papers recognised; expected a Daily Papers page: a title line, "
            "its abstract, and `• N authors` / date lines, separated by blank lines",
        )
    papers = _papers(reader.drafts, reader.warnings)
    if not papers:
        raise ImportFormatError(source, "no papers recognised; every title and abstract was empty")
    return ParseResult(source, FORMAT, papers, reader.warnings)


def _papers(drafts: list[_Draft], warnings: list[str]) -> list[ParsedPaper]:
    titles = [one_line(d.title) for d in drafts]
    # Normalising every title is costly; only needed when some title has to be made up.
    taken = {normalize_title(t) for t in titles if t} if not all(titles) else set()
    papers = []
    for draft, title in zip(drafts, titles, strict=True):
        abstract = clean_paragraphs(draft.abstract)
        derived = not title
        if derived and not abstract:
            warnings.append(f"line {draft.line}: paper with neither title nor abstract; skipped")
            continue
        if derived:
            title = _derived_title(abstract, taken)
        papers.append(
            ParsedPaper(
                title,
                abstract,
                title_derived=derived,
                authors=draft.authors,
                published=draft.published,
                upvotes=draft.upvotes,
                line=draft.line,
            )
        )
    return papers


def _derived_title(abstract: str, taken: set[str]) -> str:
    # Imported on first use: titles.py compiles many patterns (~10 ms), and most pages have
    # a title for every paper.
    from readinglist.importers.titles import unique_derived_title

    return unique_derived_title(abstract, taken)
