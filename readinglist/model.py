"""The paper record, its user fields, and conversion to and from plain dicts."""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from operator import itemgetter
from typing import Any

from readinglist.errors import InvalidValueError
from readinglist.text import one_line

SCHEMA_VERSION = 1
ID_LENGTH = 12
MIN_ID_PREFIX = 4
MAX_RATING = 5
MAX_TITLE_LENGTH = 300

# The keys of `--json` output and of our JSON export, in this order.
PAPER_KEYS = (
    "id", "title", "title_derived", "abstract", "authors", "published", "upvotes", "sources",
    "added_at", "updated_at", "status", "rating", "tags", "note", "queue_position",
)  # fmt: skip
USER_FIELDS = ("title", "title_derived", "status", "rating", "tags", "note", "queue_position")


class Status(StrEnum):
    NEW = "new"
    TO_READ = "to-read"
    READING = "reading"
    READ = "read"
    SKIPPED = "skipped"


def parse_status(value: str) -> Status:
    """A status from user input; accepts `to_read`, `toread`, `queue` as spellings of to-read."""
    key = value.strip().lower().replace("_", "-")
    aliases = {"toread": "to-read", "queue": "to-read", "queued": "to-read", "skip": "skipped"}
    try:
        return Status(aliases.get(key, key))
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise InvalidValueError(f"unknown status {value!r}", f"use one of: {choices}") from None


def parse_rating(value: str | int) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = -1
    if not 0 <= rating <= MAX_RATING:
        raise InvalidValueError(
            f"rating must be a whole number from 0 to {MAX_RATING}, not {value!r}"
        )
    return rating


_TAG_SEPARATORS = re.compile(r"[\s,]+")


def normalize_tag(tag: str) -> str:
    """Lower-case, no spaces or commas (they separate tags), no control characters."""
    cleaned = _TAG_SEPARATORS.sub("-", one_line(tag).lower()).strip("-")
    if not cleaned:
        raise InvalidValueError(f"empty tag {tag!r}")
    if len(cleaned) > 60:
        raise InvalidValueError(
            f"tag too long ({len(cleaned)} characters, at most 60): {cleaned[:20]}…"
        )
    return cleaned


def normalize_tags(tags: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    return sorted({normalize_tag(t) for t in tags})


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")  # the same, for casefolded ASCII, twice as fast


def normalize_title(title: str) -> str:
    """The dedup key of a title: case, accents, punctuation and spacing do not matter."""
    folded = title.casefold()
    if folded.isascii():  # no accents to take off; most titles and abstracts
        return " ".join(_ASCII_WORD.findall(folded))
    # Folded again after decomposing: U+1D538 (double-struck A) has no case but becomes "A".
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", folded).casefold())
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(without_accents))


def paper_id(title: str, abstract: str, title_derived: bool) -> str:
    """Short stable id from content: the title, or the abstract when the title was made up."""
    basis = normalize_title(abstract if title_derived or not title else title)
    return hashlib.sha1(basis.encode()).hexdigest()[:ID_LENGTH]


def id_variants(candidate: str) -> Iterator[str]:
    """`candidate`, then stable variants of it, for when other papers hold it already:
    different papers whose titles normalise alike ("???" and "!!!", both "") are both kept."""
    yield candidate
    for number in itertools.count(1):
        yield hashlib.sha1(f"{candidate}/{number}".encode()).hexdigest()[:ID_LENGTH]


Authors = list[str] | int | None


@dataclass(slots=True)
class Source:
    """One import that brought this paper: which file, which batch, when."""

    file: str
    batch: str
    imported_at: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "batch": self.batch, "imported_at": self.imported_at}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(str(data["file"]), str(data["batch"]), str(data["imported_at"]))


@dataclass(slots=True)
class Paper:
    id: str
    title: str
    abstract: str = ""
    title_derived: bool = False
    authors: Authors = None
    published: str | None = None
    upvotes: int | None = None
    sources: list[Source] = field(default_factory=list)
    added_at: str = ""
    updated_at: str = ""
    status: Status = Status.NEW
    rating: int = 0
    tags: list[str] = field(default_factory=list)
    note: str = ""
    queue_position: int | None = None
    # Keys a newer version or a hand edit put in the record: kept as they are, never shown.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def author_count(self) -> int | None:
        if isinstance(self.authors, list):
            return len(self.authors)
        return self.authors

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict with exactly `PAPER_KEYS`, in that order."""
        return {
            "id": self.id,
            "title": self.title,
            "title_derived": self.title_derived,
            "abstract": self.abstract,
            "authors": list(self.authors) if isinstance(self.authors, list) else self.authors,
            "published": self.published,
            "upvotes": self.upvotes,
            "sources": [s.to_dict() for s in self.sources],
            "added_at": self.added_at,
            "updated_at": self.updated_at,
            "status": self.status.value,
            "rating": self.rating,
            "tags": list(self.tags),
            "note": self.note,
            "queue_position": self.queue_position,
        }

    def to_record(self, with_abstract: bool = True) -> dict[str, Any]:
        """What is stored: `to_dict()` plus any unknown keys the record arrived with."""
        record = {**self.extra, **self.to_dict()} if self.extra else self.to_dict()
        if not with_abstract:
            del record["abstract"]
        return record

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        """Build from a stored dict; raises ValueError/TypeError/KeyError on malformed data.

        This runs once per paper when a library opens (100,000 times for a big one), so it
        reads the fields in one C call, checks them with exact-type tests in one expression,
        and fills the slots of a bare object.
        """
        try:  # every record we write has all these keys; only hand edits may lack some
            fields = _STORED_FIELDS(data)
            known_keys = len(_STORED_KEYS) + ("abstract" in data)
        except KeyError:
            fields = _stored_fields_or_defaults(data)
            known_keys = len(data.keys() & _KNOWN_KEYS)
        (
            id_, title, title_derived, authors, published, upvotes, sources, added_at,
            updated_at, status, rating, tags, note, queue_position,
        ) = fields  # fmt: skip
        abstract = data.get("abstract", "")
        if not (
            type(id_) is str
            and type(title) is str
            and type(abstract) is str
            and type(note) is str
            and type(added_at) is str
            and type(updated_at) is str
            and type(title_derived) is bool
            and type(rating) is int
            and 0 <= rating <= MAX_RATING
            and type(tags) is list
            and (not tags or _only(str, tags))
            and (
                authors is None
                or type(authors) is int
                or (type(authors) is list and _only(str, authors))
            )
            and (upvotes is None or type(upvotes) is int)
            and (queue_position is None or type(queue_position) is int)
            and (published is None or type(published) is str)
        ):
            raise TypeError(_first_type_problem(data))
        # No __init__ call: setting the slots takes half the time of a 16-argument call. Every
        # field is set here; the round-trip tests fail if a new field is forgotten.
        paper = _new_object(cls)
        paper.id = id_
        paper.title = title
        paper.abstract = abstract
        paper.title_derived = title_derived
        paper.authors = list(authors) if type(authors) is list else authors
        paper.published = published
        paper.upvotes = upvotes
        paper.sources = list(map(Source.from_dict, sources))
        paper.added_at = added_at
        paper.updated_at = updated_at
        paper.status = _STATUS_BY_VALUE[status]
        paper.rating = rating
        paper.tags = list(tags)
        paper.note = note
        paper.queue_position = queue_position
        paper.extra = (
            {k: v for k, v in data.items() if k not in _KNOWN_KEYS}
            if len(data) > known_keys
            else {}
        )
        return paper


# What a stored record holds: `PAPER_KEYS` except the abstract (it has a file of its own).
_STORED_KEYS = (
    "id", "title", "title_derived", "authors", "published", "upvotes", "sources", "added_at",
    "updated_at", "status", "rating", "tags", "note", "queue_position",
)  # fmt: skip
_STORED_FIELDS = itemgetter(*_STORED_KEYS)
_new_object = object.__new__


def _stored_fields_or_defaults(data: dict[str, Any]) -> tuple[Any, ...]:
    """The stored fields of a record missing some: the defaults stand in (id and title are
    required)."""
    get = data.get
    return (
        data["id"], data["title"], get("title_derived", False), get("authors"),
        get("published"), get("upvotes"), get("sources", ()), get("added_at", ""),
        get("updated_at", ""), get("status", "new"), get("rating", 0), get("tags", []),
        get("note", ""), get("queue_position"),
    )  # fmt: skip


def _only(kind: type, values: list[Any]) -> bool:
    return not values or set(map(type, values)) == {kind}


def _int_or_none(value: object) -> bool:
    return value is None or type(value) is int


def _first_type_problem(data: dict[str, Any]) -> str:
    """Name the offending field (slow path, only for damaged records)."""
    expected: dict[str, tuple[str, Any]] = {
        "id": ("a string", lambda v: type(v) is str),
        "title": ("a string", lambda v: type(v) is str),
        "abstract": ("a string", lambda v: type(v) is str),
        "note": ("a string", lambda v: type(v) is str),
        "added_at": ("a string", lambda v: type(v) is str),
        "updated_at": ("a string", lambda v: type(v) is str),
        "title_derived": ("true or false", lambda v: type(v) is bool),
        "rating": (
            f"a whole number 0-{MAX_RATING}",
            lambda v: type(v) is int and 0 <= v <= MAX_RATING,
        ),
        "tags": ("a list of strings", lambda v: type(v) is list and _only(str, v)),
        "authors": (
            "a list of names, a count or null",
            lambda v: v is None or type(v) is int or (type(v) is list and _only(str, v)),
        ),
        "upvotes": ("a whole number or null", _int_or_none),
        "queue_position": ("a whole number or null", _int_or_none),
        "published": ("a string or null", lambda v: v is None or type(v) is str),
    }
    for key, (description, valid) in expected.items():
        if key in data and not valid(data[key]):
            return f"{key} must be {description}, not {data[key]!r:.40}"
    return "a field has the wrong type"


_STATUS_BY_VALUE = {s.value: s for s in Status}
_MONTHS = {m: n for n, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
)}  # fmt: skip
_PARTIAL_DATE = re.compile(r"^(?:([A-Za-z]{3})[a-z]*\.?\s+)?(\d{1,2}\b)?,?\s*(\d{4})?$")


def published_sort_key(paper: Paper) -> str:
    """`YYYY-MM-DD` for sorting, also for partial dates such as "Oct 2" (the year it was added)
    or "2023"; papers without a date sort as oldest."""
    published = (paper.published or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        return published
    match = _PARTIAL_DATE.match(published)
    if not published or not match:
        return ""
    month_name, day, year = match.groups()
    month = _MONTHS.get((month_name or "").lower(), 0)
    year = year or paper.added_at[:4]
    return f"{year}-{month:02d}-{int(day or 0):02d}"


_KNOWN_KEYS = frozenset(PAPER_KEYS)
