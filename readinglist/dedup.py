"""Finding the paper a newly imported one duplicates: exact keys first, then fuzzy candidates.

Fuzzy matching compares a new paper only with candidates that share one of a few
"sketch" words (the words with the smallest hashes: a bottom-k MinHash sketch), so an
import costs about the same per paper whatever the size of the library.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain

from rapidfuzz import fuzz

from readinglist.model import normalize_title

# Same paper when titles are near-identical (punctuation, a typo, a version suffix) and the
# abstracts agree; tests/test_dedup.py holds the pairs that fixed these numbers, including
# near misses (same title pattern, different paper) that must stay apart.
TITLE_SIMILARITY = 90.0
ABSTRACT_SIMILARITY_WITH_TITLE = 85.0
# A title alone (one side has no abstract) must be closer still.
TITLE_ONLY_SIMILARITY = 95.0
# Two unrelated English abstracts still score 50-65 (shared letters); 92 is well clear.
ABSTRACT_ONLY_SIMILARITY = 92.0
MIN_ABSTRACT_FOR_MATCH = 100
ABSTRACT_PREFIX = 1500
SKETCH_SIZE = 6
# A sketch word shared by more papers than this is too common to point at a duplicate
# (and following it would make each import cost grow with the library).
MAX_CANDIDATES_PER_WORD = 64
# Versions of one paper share most of their sketch; unrelated papers share a word by chance.
# Only candidates sharing this many sketch words are compared in full (the costly part).
MIN_SHARED_SKETCH_WORDS = 2
_SKETCH_WORD = re.compile(r"[a-z0-9]{4,}")
# `normalize_title` for ASCII text in one pass over bytes, several times faster than its
# regex: letters are lower-cased, every other byte but a digit becomes a word break.
_ASCII_WORD_BYTES = bytes(
    c | 0x20 if chr(c).isalpha() else c if chr(c).isdigit() else 0x20 for c in range(128)
).ljust(256, b" ")
# The range of `hash()`, to pick a bound under which a few of a paper's word hashes fall.
_HASH_LOW = -(1 << (sys.hash_info.width - 1))
_HASH_SPAN = 1 << sys.hash_info.width


@dataclass(slots=True, frozen=True)
class Fingerprint:
    """What dedup needs of a paper, normalised once."""

    title: str  # normalised; "" when the title was derived
    abstract: str  # normalised prefix
    sketch: tuple[int, ...]  # hashes of the SKETCH_SIZE smallest-hashing words

    @classmethod
    def of(cls, title: str, title_derived: bool, abstract: str) -> Fingerprint:
        title_words = [] if title_derived else _normal_words(title)
        # Normalising only shrinks text a little: a slice a bit past the prefix is enough.
        abstract_words = _normal_words(abstract[: ABSTRACT_PREFIX + 300])
        normal_abstract = " ".join(abstract_words)
        if len(normal_abstract) > ABSTRACT_PREFIX:
            normal_abstract = normal_abstract[:ABSTRACT_PREFIX]
            abstract_words = _prefix_words(abstract_words, normal_abstract)
        normal_title = " ".join(title_words)
        if normal_title.isascii() and normal_abstract.isascii():
            sketch = _sketch([*title_words, *abstract_words])
        else:  # only the ASCII words count, as in `_SKETCH_WORD`
            sketch = _sketch(_SKETCH_WORD.findall(f"{normal_title} {normal_abstract}"))
        return cls(normal_title, normal_abstract, sketch)


def title_key(title: str) -> str:
    """The dedup key of a title: `normalize_title(title)`, faster."""
    return " ".join(_normal_words(title))


def _normal_words(text: str) -> list[str]:
    """The words of `normalize_title(text)`, with a faster path for ASCII text (most text)."""
    if text.isascii():
        return text.encode().translate(_ASCII_WORD_BYTES).decode().split()
    return normalize_title(text).split()


def _prefix_words(words: list[str], prefix: str) -> list[str]:
    """The words of `prefix`, a prefix of `" ".join(words)`, the last one perhaps cut short."""
    cut = prefix.rpartition(" ")[2]
    whole = words[: prefix.count(" ")]
    return [*whole, cut] if cut else whole


def _sketch(words: list[str]) -> tuple[int, ...]:
    """The SKETCH_SIZE smallest hashes of the words longer than 3 characters."""
    long_words = {word for word in words if len(word) > 3}
    # str hashes are cached and consistent within a process, which is all the index needs.
    # Hashes are uniform: about four times SKETCH_SIZE of them fall under this bound, and
    # only those are sorted (sorting a hundred big ints is slow); all when too few do.
    bound = _HASH_LOW + _HASH_SPAN * 4 * SKETCH_SIZE // (len(long_words) + 1)
    smallest = sorted(filter(bound.__gt__, map(hash, long_words)))
    if len(smallest) < SKETCH_SIZE:
        smallest = sorted(map(hash, long_words))
    return tuple(smallest[:SKETCH_SIZE])


def same_paper(a: Fingerprint, b: Fingerprint) -> bool:
    if a.title and a.title == b.title:
        return True
    both_abstracts = min(len(a.abstract), len(b.abstract)) >= MIN_ABSTRACT_FOR_MATCH
    if both_abstracts and a.abstract == b.abstract:
        return True
    if a.title and b.title:
        title_score = fuzz.ratio(a.title, b.title)
        if not both_abstracts:
            return title_score >= TITLE_ONLY_SIMILARITY
        if title_score >= TITLE_SIMILARITY:
            return fuzz.ratio(a.abstract, b.abstract) >= ABSTRACT_SIMILARITY_WITH_TITLE
    if not both_abstracts:
        return False
    return fuzz.ratio(a.abstract, b.abstract, score_cutoff=ABSTRACT_ONLY_SIMILARITY) > 0


class DuplicateFinder:
    """An index of the papers already known, answering `find(fingerprint) -> id | None`."""

    def __init__(self) -> None:
        self._by_title: dict[str, str] = {}
        self._by_abstract: dict[str, str] = {}
        self._by_sketch: defaultdict[int, list[str]] = defaultdict(list)
        self._fingerprints: dict[str, Fingerprint] = {}

    def add(self, paper_id: str, fingerprint: Fingerprint) -> None:
        self._fingerprints[paper_id] = fingerprint
        if fingerprint.title:
            self._by_title.setdefault(fingerprint.title, paper_id)
        if len(fingerprint.abstract) >= MIN_ABSTRACT_FOR_MATCH:
            self._by_abstract.setdefault(fingerprint.abstract, paper_id)
        for key in fingerprint.sketch:
            self._by_sketch[key].append(paper_id)

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._fingerprints

    def fingerprint(self, paper_id: str) -> Fingerprint | None:
        return self._fingerprints.get(paper_id)

    def find_title(self, normal_title: str) -> str | None:
        """The cheap first test: the same normalised title (no abstract work needed)."""
        return self._by_title.get(normal_title) if normal_title else None

    def find(self, fingerprint: Fingerprint) -> str | None:
        if not self._fingerprints:  # an import into an empty library
            return None
        exact = self._by_title.get(fingerprint.title) or self._by_abstract.get(fingerprint.abstract)
        if exact:
            return exact
        for candidate in self._candidates(fingerprint.sketch):
            if same_paper(fingerprint, self._fingerprints[candidate]):
                return candidate
        return None

    def _candidates(self, sketch: tuple[int, ...]) -> list[str]:
        """Papers sharing enough sketch words to be worth comparing, most shared first."""
        by_sketch = self._by_sketch
        lists = [
            ids
            for key in sketch
            if 0 < len(ids := by_sketch.get(key, ())) <= MAX_CANDIDATES_PER_WORD
        ]
        needed = min(MIN_SHARED_SKETCH_WORDS, len(sketch))
        shared = Counter(chain.from_iterable(lists))
        if needed > 1 and len(shared) == sum(map(len, lists)):
            return []  # often no paper shares two words: nothing to filter or sort
        # most_common() order (stable among equal counts), for those shared often enough.
        often = [candidate for candidate, count in shared.items() if count >= needed]
        return sorted(often, key=shared.__getitem__, reverse=True)
