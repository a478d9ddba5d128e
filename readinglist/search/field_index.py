"""An inverted index over one group of fields: term -> documents, with prefix and typo look-ups."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz import process
from rapidfuzz.distance import OSA

from readinglist.search import bitset
from readinglist.search.bitset import Postings
from readinglist.search.terms import max_edits

# A term's documents are kept as a bitset once that is no bigger than the list of numbers.
_DENSE_SHARE = 32
_MIN_DENSE = 64
# A prefix whose terms list more than size/8 doc numbers keeps its union, updated on every
# change: otherwise "a" or "co" would visit a million numbers on every keystroke.
_HEAVY_PREFIX_SHARE = 8
_MEMO_SIZE = 64


@dataclass(frozen=True, slots=True)
class WordMatches:
    """The documents where a query word matches a term, by kind of match (the sets overlap)."""

    exact: int
    prefix: int
    typo1: int
    typo2: int

    @property
    def any(self) -> int:
        return self.exact | self.prefix | self.typo1 | self.typo2


class FieldIndex:
    """Documents are numbers below `size`, each with a set of normalised terms."""

    def __init__(self, postings: Mapping[str, Sequence[int]] | None = None, size: int = 0) -> None:
        """`postings`: term -> doc numbers, each listed once (any order)."""
        self.size = size
        self._postings: dict[str, Postings] = {
            term: self._stored(docs) for term, docs in (postings or {}).items()
        }
        self._vocabulary = sorted(self._postings)
        # (length, position, character) -> terms with that character at position 0 or 1.
        self._starts: dict[tuple[int, int, str], list[str]] = {}
        for term in self._vocabulary:
            self._file_start(term)
        self._heavy_prefixes: dict[str, bytearray] = {}
        self._longest_heavy_prefix = 0
        self._memo: dict[tuple[str, bool], WordMatches] = {}
        self._cache_heavy_prefixes()

    @property
    def vocabulary_size(self) -> int:
        return len(self._vocabulary)

    def add(self, doc: int, terms: Iterable[str]) -> None:
        self.size = max(self.size, doc + 1)
        for term in terms:
            docs = self._postings.get(term)
            if docs is None:
                self._postings[term] = array("I", (doc,))
                insort(self._vocabulary, term)
                self._file_start(term)
            elif isinstance(docs, bytearray):
                bitset.set_bit(docs, doc)
            else:
                docs.append(doc)
                if self._should_be_dense(len(docs)):
                    self._postings[term] = bitset.to_bitset(docs, self.size)
            for prefix in self._cached_prefixes_of(term):
                bitset.set_bit(self._heavy_prefixes[prefix], doc)
        self._memo.clear()

    def remove(self, doc: int, terms: Iterable[str]) -> None:
        """Forget a document; `terms` must be all the terms it was added with."""
        for term in terms:
            docs = self._postings.get(term)
            if docs is None:
                continue
            if isinstance(docs, bytearray):
                bitset.clear_bit(docs, doc)
            elif doc in docs:
                docs.remove(doc)
            if not (any(docs) if isinstance(docs, bytearray) else docs):
                self._forget(term)
            for prefix in self._cached_prefixes_of(term):
                bitset.clear_bit(self._heavy_prefixes[prefix], doc)
        self._memo.clear()

    def matches(self, word: str, *, prefix: bool) -> WordMatches:
        """Where `word` is a term, starts one (if `prefix`), or is one or two typos from one.

        Remembered until the next change: typing re-runs the same words.
        """
        key = (word, prefix)
        found = self._memo.get(key)
        if found is None:
            typo1, typo2 = self._typos(word)
            found = WordMatches(
                exact=self.exact(word),
                prefix=self.starting_with(word) if prefix else 0,
                typo1=typo1,
                typo2=typo2,
            )
            if len(self._memo) >= _MEMO_SIZE:
                del self._memo[next(iter(self._memo))]
            self._memo[key] = found
        return found

    def exact(self, term: str) -> int:
        docs = self._postings.get(term)
        return 0 if docs is None else bitset.union((docs,), self.size)[0]

    def starting_with(self, prefix: str) -> int:
        """Documents with a term that starts with `prefix`."""
        cached = self._heavy_prefixes.get(prefix)
        if cached is not None:
            return bitset.from_bitset(cached)
        low, high = self._prefix_range(prefix)
        postings = self._postings
        mask, listed = bitset.union(
            (postings[term] for term in self._vocabulary[low:high]), self.size
        )
        if listed * _HEAVY_PREFIX_SHARE > self.size:
            self._keep_prefix(prefix, mask)
        return mask

    def with_term_where(self, test: Callable[[str], bool]) -> int | None:
        """Documents with a term passing `test`; None when that would mean visiting more doc
        numbers than there are documents (checking each document is then as quick)."""
        postings = [self._postings[term] for term in filter(test, self._vocabulary)]
        listed = sum(len(docs) for docs in postings if not isinstance(docs, bytearray))
        if listed > self.size:
            return None
        return bitset.union(postings, self.size)[0]

    def _typos(self, word: str) -> tuple[int, int]:
        """Documents with a term one typo away from `word`, and two typos away.

        As `match_kind` requires, only terms sharing one of the word's first two letters at one
        of their first two places are compared with it (a term costs about 100 ns).
        """
        budget = max_edits(word)
        if not budget:
            return 0, 0
        distances: dict[str, int] = {}
        for length in range(len(word) - budget, len(word) + budget + 1):
            for position in (0, 1):
                for character in {word[0], word[1]}:
                    candidates = self._starts.get((length, position, character))
                    if candidates:
                        for term, distance, _ in process.extract(
                            word, candidates, scorer=OSA.distance, score_cutoff=budget, limit=None
                        ):
                            distances[term] = distance
        by_distance: dict[int, list[Postings]] = {0: [], 1: [], 2: []}  # 0: the word itself
        for term, distance in distances.items():
            by_distance[distance].append(self._postings[term])
        return (
            bitset.union(by_distance[1], self.size)[0],
            bitset.union(by_distance[2], self.size)[0],
        )

    def _prefix_range(self, prefix: str, low: int = 0, high: int | None = None) -> tuple[int, int]:
        """Where the terms starting with `prefix` are in the sorted vocabulary."""
        vocabulary = self._vocabulary
        high = len(vocabulary) if high is None else high
        low = bisect_left(vocabulary, prefix, low, high)
        length = len(prefix)
        return low, bisect_right(vocabulary, prefix, low, high, key=lambda t: t[:length])

    def _stored(self, docs: Sequence[int]) -> Postings:
        if self._should_be_dense(len(docs)):
            return bitset.to_bitset(docs, self.size)
        return docs if isinstance(docs, array) else array("I", docs)

    def _should_be_dense(self, count: int) -> bool:
        return count >= _MIN_DENSE and count * _DENSE_SHARE >= self.size

    def _file_start(self, term: str) -> None:
        for position, character in enumerate(term[:2]):
            self._starts.setdefault((len(term), position, character), []).append(term)

    def _forget(self, term: str) -> None:
        del self._postings[term]
        del self._vocabulary[bisect_left(self._vocabulary, term)]
        for position, character in enumerate(term[:2]):
            self._starts[len(term), position, character].remove(term)

    def _keep_prefix(self, prefix: str, mask: int) -> None:
        self._heavy_prefixes[prefix] = bytearray(mask.to_bytes((self.size + 7) >> 3, "little"))
        self._longest_heavy_prefix = max(self._longest_heavy_prefix, len(prefix))

    def _cached_prefixes_of(self, term: str) -> Iterator[str]:
        for length in range(1, min(len(term), self._longest_heavy_prefix) + 1):
            prefix = term[:length]
            if prefix in self._heavy_prefixes:
                yield prefix

    def _cache_heavy_prefixes(self) -> None:
        """Keep the union of every heavy prefix (the parent of a heavy prefix is heavy too)."""
        listed = [
            0 if isinstance(docs, bytearray) else len(docs)
            for docs in map(self._postings.__getitem__, self._vocabulary)
        ]
        before = [0, *accumulate(listed)]  # numbers listed by the terms before each position
        heavy: dict[str, tuple[int, int]] = {}
        frontier = [("", 0, len(self._vocabulary))]
        while frontier:
            children = [child for parent in frontier for child in self._children(*parent)]
            frontier = [
                (prefix, low, high)
                for prefix, low, high in children
                if (before[high] - before[low]) * _HEAVY_PREFIX_SHARE > self.size
            ]
            heavy.update((prefix, (low, high)) for prefix, low, high in frontier)
        # Longest first, so that each prefix reuses the unions of its heavy children.
        for prefix in sorted(heavy, key=len, reverse=True):
            self._keep_prefix(prefix, self._union_reusing_children(prefix, *heavy[prefix]))

    def _children(self, parent: str, low: int, high: int) -> Iterator[tuple[str, int, int]]:
        """Each prefix one character longer than `parent`, with its range of terms."""
        length = len(parent) + 1
        vocabulary = self._vocabulary
        if low < high and len(vocabulary[low]) < length:
            low += 1  # `parent` itself, which sorts first
        while low < high:
            prefix = vocabulary[low][:length]
            end = bisect_right(vocabulary, prefix, low, high, key=lambda t: t[:length])
            yield prefix, low, end
            low = end

    def _union_reusing_children(self, prefix: str, low: int, high: int) -> int:
        mask = 0
        parts: list[Postings] = []
        length = len(prefix) + 1
        index = low
        while index < high:
            term = self._vocabulary[index]
            child = self._heavy_prefixes.get(term[:length]) if len(term) >= length else None
            if child is not None:
                mask |= bitset.from_bitset(child)
                index = self._prefix_range(term[:length], index, high)[1]
            else:
                parts.append(self._postings[term])
                index += 1
        return mask | bitset.union(parts, self.size)[0]
