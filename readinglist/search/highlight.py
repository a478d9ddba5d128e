"""Where a query matches inside a text, by the same rules the index uses, for highlighting."""

from __future__ import annotations

import re

from readinglist.search.query import Query, parse_query
from readinglist.search.terms import Kind, match_kind, tokens

Span = tuple[int, int]


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as written, ignoring case; any run of spaces or line breaks between its words."""
    return re.compile(r"\s+".join(map(re.escape, phrase.split())), re.IGNORECASE)


class Highlighter:
    """Finds a query's words and phrases in texts; remembers each term it has judged."""

    def __init__(self, query: Query) -> None:
        last = len(query.words) - 1
        self._words = [(word, index == last) for index, word in enumerate(query.words)]
        self._phrases = [phrase_pattern(phrase) for phrase in query.phrases]
        # term -> how many of its leading characters matched (all, or a query word's length).
        self._matched_length: dict[str, int] = {}

    def spans(self, text: str, *, phrases: bool = True) -> list[Span]:
        """Sorted, non-overlapping (start, end) offsets into `text`."""
        found: list[Span] = []
        if self._words:
            for start, end, term in tokens(text):
                length = self._match_length(term)
                if length:
                    exact_width = length < len(term) and text[start:end].isascii()
                    found.append((start, start + length if exact_width else end))
        if phrases:
            for pattern in self._phrases:
                found.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
        return _merged(found)

    def _match_length(self, term: str) -> int:
        length = self._matched_length.get(term)
        if length is None:
            length = 0
            for word, is_last in self._words:
                kind = match_kind(word, term, prefix=is_last)
                if kind is Kind.PREFIX:
                    length = max(length, len(word))
                elif kind is not None:
                    length = len(term)
                    break
            self._matched_length[term] = length
        return length


def highlight_spans(query: Query | str, text: str) -> list[Span]:
    """Where the query's words and phrases match in `text`: sorted, non-overlapping spans.

    A word matching only as the start of a longer word (the last, unfinished query word)
    highlights just that start when the text is plain ASCII, the whole word otherwise.
    """
    parsed = parse_query(query) if isinstance(query, str) else query
    return Highlighter(parsed).spans(text)


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
