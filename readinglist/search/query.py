"""The search query language: fuzzy words, "exact phrases", and filters like tag:x or rating>=4."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from readinglist.errors import InvalidValueError, QuerySyntaxError
from readinglist.model import MAX_RATING, Paper, Status, normalize_tag, parse_status
from readinglist.search.terms import query_terms

QUERY_HELP = f"""\
Search syntax (words, phrases and filters mix freely, in any order):

  diffusion model     papers with every word, in the title, tags, note or abstract;
                      a typo is forgiven in words of 4-6 letters, two in longer ones
                      (difusion, transformr), none in shorter words or numbers;
                      the last word may be unfinished (diff finds diffusion)
  "exact phrase"      the phrase as written, ignoring case (title, abstract or note)
  -word  -"phrase"    papers without this word (exactly) or phrase
  tag:vision          tagged vision; repeat for several tags (all must be present)
  status:to-read      new, to-read (or queue), reading, read, skipped;
                      several status: filters mean any of them
  rating>=4           also rating<=2, rating>2, rating<3, rating:3 or rating=3
                      (ratings go from 0, unrated, to {MAX_RATING})
  has:note            has a note; also has:tags, has:abstract, has:rating
  is:derived          the title was made up from the abstract
  batch:ID            brought by that import batch (the start of its ID is enough)
  source:NAME         imported from a file whose path contains NAME
  source:"my file"    quote a value that contains spaces

Put - before any filter to negate it: -tag:survey, -status:read.
Best matches first: title, then tags and note, then abstract; whole words before
unfinished ones before typos. Quote a word with a colon to search for it: "re:invent".
"""

MAX_QUERY_LENGTH = 1000

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<negation>-)?(?P<key>[A-Za-z]+)(?P<op>:|>=|<=|=|>|<)
            (?:"(?P<quoted>[^"]*)"|(?P<value>[^\s"]*))
      | (?P<phrase_negation>-)?"(?P<phrase>[^"]*)"
      | (?P<word>[^\s"]+)
      | (?P<unclosed>")
    )""",
    re.VERBOSE,
)


class Filter(Protocol):
    """A condition on a paper's fields; `str()` gives it back in query syntax."""

    def matches(self, paper: Paper) -> bool: ...


@dataclass(frozen=True)
class TagFilter:
    tag: str

    def matches(self, paper: Paper) -> bool:
        return self.tag in paper.tags

    def __str__(self) -> str:
        return f"tag:{self.tag}"


@dataclass(frozen=True)
class StatusFilter:
    statuses: frozenset[Status]

    def matches(self, paper: Paper) -> bool:
        return paper.status in self.statuses

    def __str__(self) -> str:
        return " ".join(f"status:{s.value}" for s in Status if s in self.statuses)


_COMPARISONS: dict[str, Callable[[int, int], bool]] = {
    ":": operator.eq,
    "=": operator.eq,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}


@dataclass(frozen=True)
class RatingFilter:
    op: str
    value: int

    def matches(self, paper: Paper) -> bool:
        return _COMPARISONS[self.op](paper.rating, self.value)

    def __str__(self) -> str:
        return f"rating{self.op}{self.value}"


_HAS: dict[str, Callable[[Paper], bool]] = {
    "note": lambda paper: bool(paper.note.strip()),
    "tags": lambda paper: bool(paper.tags),
    "abstract": lambda paper: bool(paper.abstract.strip()),
    "rating": lambda paper: paper.rating > 0,
}


@dataclass(frozen=True)
class HasFilter:
    what: str

    def matches(self, paper: Paper) -> bool:
        return _HAS[self.what](paper)

    def __str__(self) -> str:
        return f"has:{self.what}"


@dataclass(frozen=True)
class DerivedTitleFilter:
    def matches(self, paper: Paper) -> bool:
        return paper.title_derived

    def __str__(self) -> str:
        return "is:derived"


@dataclass(frozen=True)
class BatchFilter:
    prefix: str

    def matches(self, paper: Paper) -> bool:
        return any(s.batch.casefold().startswith(self.prefix) for s in paper.sources)

    def __str__(self) -> str:
        return f"batch:{self.prefix}"


@dataclass(frozen=True)
class SourceFilter:
    needle: str

    def matches(self, paper: Paper) -> bool:
        return any(self.needle in s.file.casefold() for s in paper.sources)

    def __str__(self) -> str:
        return f'source:"{self.needle}"' if " " in self.needle else f"source:{self.needle}"


@dataclass(frozen=True)
class NotFilter:
    inner: Filter

    def matches(self, paper: Paper) -> bool:
        return not self.inner.matches(paper)

    def __str__(self) -> str:
        return f"-{self.inner}"


@dataclass(frozen=True)
class Query:
    """A parsed query. `words` are normalised terms; the last one may be unfinished."""

    text: str
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    # Each entry excludes papers containing all of its terms (`-self-attention` is two).
    excluded_words: tuple[tuple[str, ...], ...] = ()
    excluded_phrases: tuple[str, ...] = ()
    filters: tuple[Filter, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.has_text or self.excluded_words or self.excluded_phrases or self.filters)

    @property
    def has_text(self) -> bool:
        """Whether the query ranks papers (words or phrases) rather than only filtering them."""
        return bool(self.words or self.phrases)

    def matches_filters(self, paper: Paper) -> bool:
        return all(f.matches(paper) for f in self.filters)


def parse_query(text: str) -> Query:
    """Parse a search box or `--query` string; raises QuerySyntaxError saying what is wrong."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            f"query too long ({len(text)} characters, at most {MAX_QUERY_LENGTH})",
            'search for a few distinctive words or an "exact phrase"',
        )
    parts = _QueryParts()
    for match in _TOKEN.finditer(text):
        if match["unclosed"] is not None:
            raise QuerySyntaxError(
                f"unclosed quote at character {match.start('unclosed') + 1} of the query",
                'end the phrase with another ", e.g. "like this"',
            )
        if match["key"] is not None:
            value = match["quoted"] if match["quoted"] is not None else match["value"]
            parts.add_filter(match["key"].lower(), match["op"], value, bool(match["negation"]))
        elif match["phrase"] is not None:
            parts.add_phrase(match["phrase"], bool(match["phrase_negation"]))
        elif match["word"] is not None:
            parts.add_word(match["word"])
    return parts.query(text)


class _QueryParts:
    """What the parser has collected so far."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.phrases: list[str] = []
        self.excluded_words: list[tuple[str, ...]] = []
        self.excluded_phrases: list[str] = []
        self.filters: list[Filter] = []
        self.statuses: set[Status] = set()

    def add_word(self, word: str) -> None:
        if word.startswith("-"):
            terms = tuple(query_terms(word))
            if terms:
                self.excluded_words.append(terms)
        else:
            self.words.extend(query_terms(word))

    def add_phrase(self, phrase: str, negated: bool) -> None:
        phrase = " ".join(phrase.split())
        if phrase:
            (self.excluded_phrases if negated else self.phrases).append(phrase)

    def add_filter(self, key: str, op: str, value: str, negated: bool) -> None:
        if key not in _FILTER_PARSERS and op != ":":
            # `p<0.05` or `a=b` are words, not misspelt filters.
            self.add_word(f"{'-' if negated else ''}{key}{op}{value}")
            return
        if key not in _FILTER_PARSERS:
            raise QuerySyntaxError(
                f"unknown filter {key}: in the query",
                f"filters are {', '.join(_FILTER_SYNTAX.values())}; "
                f'to search for the text itself, quote it: "{key}:{value}"',
            )
        if op not in (":", "=") and key != "rating":
            raise QuerySyntaxError(f"{key} takes no comparison: write {key}:{value or '…'}")
        value = value.strip()
        if not value:
            raise QuerySyntaxError(f"{key}{op} needs a value, for example {_FILTER_SYNTAX[key]}")
        if key == "status" and not negated:
            self.statuses.add(_parse_status(value))
            return
        parsed = _FILTER_PARSERS[key](op, value)
        self.filters.append(NotFilter(parsed) if negated else parsed)

    def query(self, text: str) -> Query:
        filters = list(self.filters)
        if self.statuses:
            filters.insert(0, StatusFilter(frozenset(self.statuses)))
        return Query(
            text=text,
            words=tuple(self.words),
            phrases=tuple(self.phrases),
            excluded_words=tuple(self.excluded_words),
            excluded_phrases=tuple(self.excluded_phrases),
            filters=tuple(filters),
        )


def _parse_tag(op: str, value: str) -> Filter:
    try:
        return TagFilter(normalize_tag(value))
    except InvalidValueError as error:
        raise QuerySyntaxError(f"tag:{value}: {error.message}", error.hint) from None


def _parse_status(value: str) -> Status:
    try:
        return parse_status(value)
    except InvalidValueError as error:
        raise QuerySyntaxError(f"status:{value}: {error.message}", error.hint) from None


def _parse_status_filter(op: str, value: str) -> Filter:
    return StatusFilter(frozenset({_parse_status(value)}))


def _parse_rating(op: str, value: str) -> Filter:
    # `rating:>=4` reads naturally too.
    for comparison in (">=", "<=", ">", "<", "="):
        if op == ":" and value.startswith(comparison):
            op, value = comparison, value[len(comparison) :].strip()
            break
    if not (value.isascii() and value.isdigit() and 0 <= int(value) <= MAX_RATING):
        raise QuerySyntaxError(
            f"bad rating {value!r} in rating{op}{value}",
            f"ratings are whole numbers from 0 to {MAX_RATING}, e.g. rating>=4",
        )
    return RatingFilter(op, int(value))


def _parse_has(op: str, value: str) -> Filter:
    what = value.lower()
    if what not in _HAS:
        raise QuerySyntaxError(
            f"unknown has:{value}", f"use one of: {', '.join(f'has:{w}' for w in _HAS)}"
        )
    return HasFilter(what)


def _parse_is(op: str, value: str) -> Filter:
    if value.lower() != "derived":
        raise QuerySyntaxError(f"unknown is:{value}", "the only one is is:derived")
    return DerivedTitleFilter()


def _parse_batch(op: str, value: str) -> Filter:
    return BatchFilter(value.casefold())


def _parse_source(op: str, value: str) -> Filter:
    return SourceFilter(value.casefold())


_FILTER_PARSERS: dict[str, Callable[[str, str], Filter]] = {
    "tag": _parse_tag,
    "status": _parse_status_filter,
    "rating": _parse_rating,
    "has": _parse_has,
    "is": _parse_is,
    "batch": _parse_batch,
    "source": _parse_source,
}
_FILTER_SYNTAX = {
    "tag": "tag:vision",
    "status": "status:to-read",
    "rating": "rating>=4",
    "has": "has:note",
    "is": "is:derived",
    "batch": "batch:ID",
    "source": "source:NAME",
}
