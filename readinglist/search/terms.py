"""Words as search sees them: tokens, their normal form, and when a query word matches a term."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from enum import IntEnum

from rapidfuzz.distance import OSA

# Letters and digits; `_` and punctuation separate words, so `self-attention` is two words.
WORD = re.compile(r"[^\W_]+")
# The same for ASCII text, as a byte table: lower-case letters, keep digits, the rest is space.
_ASCII_WORDS = (
    bytes(
        byte | 0x20 if chr(byte).isalpha() else byte if chr(byte).isdigit() else 0x20
        for byte in range(128)
    )
    + b" " * 128
)


class Kind(IntEnum):
    """How a query word matched a term; the value is its weight in the ranking."""

    TYPO2 = 1
    TYPO1 = 2
    PREFIX = 3
    EXACT = 4


def normalize(word: str) -> str:
    """Case and accents do not matter: `Über` and `uber` are one term."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    # `re.IGNORECASE` treats dotless i (U+0131) as i; so do we, or phrase look-ups could miss.
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\u0131", "i")


def terms_of(text: str) -> set[str]:
    """The distinct terms of a text (what the index stores for it)."""
    if text.isascii():
        return set(text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split())
    return {term for term in map(normalize, set(WORD.findall(text))) if term}


def query_terms(text: str) -> list[str]:
    """The terms of a query word, in order: `Self-Attention` gives `self`, `attention`."""
    return [term for term in map(normalize, WORD.findall(text)) if term]


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, term) of every word of `text`, with offsets in `text` itself."""
    for match in WORD.finditer(text):
        term = normalize(match.group())
        if term:
            yield match.start(), match.end(), term


def max_edits(word: str) -> int:
    """How many typos a query word may contain and still match.

    None up to 3 characters: one edit changes a third of the word, so `gan` would match
    `can`, `man`, `an`. One up to 6 (`difusion` is 8: two; `modle` is 5: one). Words
    with digits get none: `2023` is not a typo of `2024`, nor `gpt4` of `gpt3`.
    """
    if len(word) <= 3 or any(c.isdigit() for c in word):
        return 0
    return 1 if len(word) <= 6 else 2


def match_kind(word: str, term: str, *, prefix: bool) -> Kind | None:
    """The best way `word` matches `term`; `prefix` when the word may be unfinished.

    Typos are counted as optimal-string-alignment edits: a swap of two neighbouring letters
    (`trasnformer`) is one typo, as people make them. A typo'd term must also share one of the
    word's first two letters at one of its first two places: every single typo does, and the
    index only has to compare a fraction of its vocabulary with the word.
    """
    if term == word:
        return Kind.EXACT
    if prefix and term.startswith(word):
        return Kind.PREFIX
    budget = max_edits(word)
    if budget and abs(len(term) - len(word)) <= budget and not set(word[:2]).isdisjoint(term[:2]):
        distance = OSA.distance(word, term, score_cutoff=budget)
        if distance <= budget:
            return Kind.TYPO1 if distance == 1 else Kind.TYPO2
    return None
