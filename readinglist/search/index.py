"""The search index: typo-tolerant ranked search over titles, tags, notes and abstracts."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, insort
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import islice, repeat
from operator import attrgetter, methodcaller
from types import MappingProxyType, MemberDescriptorType

from readinglist.garbage import collector_paused
from readinglist.model import Paper, normalize_title
from readinglist.search import bitset
from readinglist.search.field_index import FieldIndex
from readinglist.search.highlight import Highlighter, Span, phrase_pattern
from readinglist.search.query import Query, TagFilter, parse_query
from readinglist.search.terms import WORD, Kind, normalize, terms_of

TAG_SEPARATOR = ", "
# How much a match counts in each group of fields; multiplied by its Kind (exact 4 .. typo 1).
# A title word is the strongest evidence; tags and notes are the user's own words; one word
# in a 200-word abstract is weak. So an exact title match (24) beats a typo in the title (6),
# which beats an exact abstract match (4).
TITLE_WEIGHT = 6
TAGS_NOTE_WEIGHT = 3
ABSTRACT_WEIGHT = 1

# Doc numbers listed per step: a few milliseconds of C at a time.
LISTING_WINDOW = 4096
_WINDOW_MASK = (1 << LISTING_WINDOW) - 1
_NO_SPANS: Mapping[str, list[Span]] = MappingProxyType({})
_paper_id = attrgetter("id")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Hit:
    """One search result. `spans` maps a field (title, tags, note, abstract) to where the query
    matched in `field_text(paper, field)`; hits from `search` work them out on first use."""

    paper_id: str
    score: float
    spans: Mapping[str, list[Span]] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hit):
            return NotImplemented
        return (self.paper_id, self.score, dict(self.spans)) == (
            other.paper_id,
            other.score,
            dict(other.spans),
        )

    def __hash__(self) -> int:
        return hash((self.paper_id, self.score))

    def __repr__(self) -> str:
        return f"Hit(paper_id={self.paper_id!r}, score={self.score!r}, spans={dict(self.spans)!r})"


def field_text(paper: Paper, name: str) -> str:
    """The text of a field as `Hit.spans` indexes it (tags are joined with `TAG_SEPARATOR`)."""
    if name == "tags":
        return TAG_SEPARATOR.join(paper.tags)
    text: str = getattr(paper, name)
    return text


@dataclass(frozen=True, slots=True, repr=False)
class Ranking:
    """The papers a query found, grouped by score, best first, before they are listed.

    Scoring is quick (whole sets at a time); listing 100,000 ids is what takes long. Listing
    needs no lock: the index only ever appends doc numbers or blanks removed ones, and papers
    are looked up one at a time. So a UI takes the first screenful at once and the rest in a
    worker, and a library's edits need not wait for either.
    """

    classes: list[tuple[int, int]]  # (score, docs), highest score first
    doc_ids: list[str]  # doc -> paper id ("" once removed)
    title_rank: list[int] | None  # doc -> position in title order; None: doc order is title order
    papers: Mapping[str, Paper]
    filters: tuple[Callable[[Paper], bool], ...]

    def __repr__(self) -> str:  # the default would print every paper
        return f"<Ranking of {self.count} papers>"

    @property
    def count(self) -> int:
        """How many papers were found; an upper bound when filters are still to be checked."""
        return sum(docs.bit_count() for _, docs in self.classes)

    @property
    def scored(self) -> bool:
        """Whether the query had words or phrases (else every score is 0)."""
        return any(score for score, _ in self.classes)

    def paper_ids(
        self,
        limit: int | None = None,
        where: Callable[[Paper], bool] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> list[str]:
        """The ids, best first (ties by title), of papers also passing `where`.

        `stop` is asked between windows of docs: a worker whose list is no longer wanted
        gets a partial one back early instead of listing 100,000 papers for nothing.
        """
        found: list[str] = []
        for _, paper_ids in self.groups(limit, where):
            found += paper_ids
            if stop is not None and stop():
                break
        return found

    def groups(
        self, limit: int | None = None, where: Callable[[Paper], bool] | None = None
    ) -> Iterator[tuple[int, list[str]]]:
        """(score, ids in title order) by score, best first, a window of docs at a time, at
        most `limit` ids in all. Windows keep each step short: a first screenful is listed
        without going through whole classes, and a thread listing everything lets the UI
        thread run in between (each step is a C loop that holds the GIL)."""
        filters = (*self.filters, where) if where else self.filters
        wanted = limit
        for score, docs in self.classes:
            for in_order in self._windows(docs):
                if wanted is not None and wanted <= 0:
                    return
                # Papers missing from `papers` are dropped by id, in C, without touching a
                # Paper (and one deleted meanwhile by another thread is simply not found).
                found: Iterator[str] = filter(self.papers.__contains__, in_order)
                if filters:
                    chosen: Iterator[Paper] = filter(None, map(self.papers.get, in_order))
                    for passes in filters:
                        chosen = filter(passes, chosen)
                    found = map(_paper_id, chosen)
                paper_ids = list(islice(found, wanted))
                if wanted is not None:
                    wanted -= len(paper_ids)
                if paper_ids:
                    yield score, paper_ids

    def _windows(self, docs: int) -> Iterator[list[str]]:
        """The ids of `docs` in title order, `LISTING_WINDOW` doc numbers at a time."""
        doc_ids = self.doc_ids
        if self.title_rank is None:  # doc order is title order
            for offset in range(0, docs.bit_length(), LISTING_WINDOW):
                window = docs >> offset & _WINDOW_MASK
                if window:
                    yield bitset.select(doc_ids[offset : offset + LISTING_WINDOW], window)
            return
        ordered = sorted(bitset.members(docs), key=self.title_rank.__getitem__)
        for start in range(0, len(ordered), LISTING_WINDOW):
            yield list(map(doc_ids.__getitem__, ordered[start : start + LISTING_WINDOW]))


class SearchIndex:
    """Papers are numbered ("docs"); the editable fields are indexed apart from the abstract,
    which never changes, so an edit re-indexes a dozen words, not two hundred.

    Not thread-safe: build it in a worker thread if you like, then use it from one thread.
    """

    def __init__(self, papers: Iterable[Paper] = ()) -> None:
        keyed = sorted((_title_key(p), p) for p in {p.id: p for p in papers}.values())
        # Numbered in title order, results mostly come out of the bitsets already sorted.
        self._ids = [paper.id for _, paper in keyed]  # doc -> paper id ("" once removed)
        self._docs = {paper_id: doc for doc, paper_id in enumerate(self._ids)}
        self._alive = (1 << len(keyed)) - 1
        self._title_keys = [key for key, _ in keyed]
        self._by_title = [(*key, doc) for doc, key in enumerate(self._title_keys)]
        # doc -> position in title order (None: work it out again after changes). Numbered in
        # title order, docs are their own positions: no first search pays for sorting 100k.
        self._rank: list[int] | None = list(range(len(keyed)))
        self._ranked_by_doc = True  # whether doc order is title order
        self._abstract_hashes = [hash(paper.abstract) for _, paper in keyed]
        self._editable_terms: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        postings: list[defaultdict[str, array[int]]] = [
            defaultdict(partial(array, "I")) for _ in range(3)
        ]
        title_postings, tags_note_postings, abstract_postings = postings
        for doc, (_, paper) in enumerate(keyed):
            title_terms, tags_note_terms = self._remember_editable_terms(doc, paper)
            for term in title_terms:
                title_postings[term].append(doc)
            for term in tags_note_terms:
                tags_note_postings[term].append(doc)
            for term in terms_of(paper.abstract):
                abstract_postings[term].append(doc)
        size = len(keyed)
        self._title, self._tags_note, self._abstract = (FieldIndex(p, size) for p in postings)

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._docs

    def add(self, paper: Paper) -> None:
        """Index a new paper (one already indexed under this id is replaced)."""
        self.remove(paper.id)
        doc = len(self._ids)
        self._ids.append(paper.id)
        self._docs[paper.id] = doc
        self._alive |= 1 << doc
        self._abstract_hashes.append(hash(paper.abstract))
        title_terms, tags_note_terms = self._remember_editable_terms(doc, paper)
        self._title.add(doc, title_terms)
        self._tags_note.add(doc, tags_note_terms)
        self._abstract.add(doc, terms_of(paper.abstract))
        self._title_keys.append(_title_key(paper))
        insort(self._by_title, (*self._title_keys[doc], doc))
        self._rank = None

    def update(self, paper: Paper) -> None:
        """Re-index a paper whose title, tags or note may have changed (the abstract stays)."""
        doc = self._docs.get(paper.id)
        if doc is None or self._abstract_hashes[doc] != hash(paper.abstract):
            self.add(paper)
            return
        old_title_terms, old_tags_note_terms = self._editable_terms[doc]
        title_terms, tags_note_terms = self._remember_editable_terms(doc, paper)
        # A rating or status change leaves the words alone, and the memoised look-ups valid.
        if set(title_terms) != set(old_title_terms):
            self._title.remove(doc, old_title_terms)
            self._title.add(doc, title_terms)
        if set(tags_note_terms) != set(old_tags_note_terms):
            self._tags_note.remove(doc, old_tags_note_terms)
            self._tags_note.add(doc, tags_note_terms)
        key = _title_key(paper)
        if key != self._title_keys[doc]:
            self._drop_title(doc)
            self._title_keys[doc] = key
            insort(self._by_title, (*key, doc))
            self._rank = None

    def remove(self, paper_id: str) -> None:
        """Forget a paper; unknown ids are ignored."""
        doc = self._docs.pop(paper_id, None)
        if doc is None:
            return
        title_terms, tags_note_terms = self._editable_terms.pop(doc)
        self._title.remove(doc, title_terms)
        self._tags_note.remove(doc, tags_note_terms)
        # The abstract index only grows; the doc number is retired instead.
        self._alive &= ~(1 << doc)
        self._ids[doc] = ""
        self._drop_title(doc)
        self._rank = None

    def search(
        self, query: Query | str, papers: Mapping[str, Paper], limit: int | None = None
    ) -> list[Hit]:
        """Ranked hits, best first; ties go by title, then id.

        `papers` (id -> Paper) gives the current fields for filters and phrases; only papers in
        both the index and `papers` are found. Without words or phrases every paper passing the
        filters is a hit, with score 0, in title order. Raises QuerySyntaxError for a bad string.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        if limit is not None and limit <= 0:
            return []
        ranking = self.rank(parsed, papers)
        context = _SpanContext(Highlighter(parsed), papers) if parsed.has_text else None
        hits: list[Hit] = []
        with collector_paused():
            for score, paper_ids in ranking.groups(limit):
                hits += _new_hits(paper_ids, float(score), context)
        return hits

    def rank(self, query: Query | str, papers: Mapping[str, Paper]) -> Ranking:
        """What `search` finds, scored but not yet listed: see `Ranking`."""
        parsed = parse_query(query) if isinstance(query, str) else query
        planes: list[int] = []
        candidates = self._word_candidates(parsed, planes)
        candidates = self._without_excluded_words(parsed, candidates)
        candidates = self._with_tags(parsed, candidates)
        candidates = self._phrase_candidates(parsed, papers, candidates, planes)
        rank = self._ranks()
        return Ranking(
            classes=list(bitset.score_classes(planes, candidates)),
            doc_ids=self._ids,
            title_rank=None if self._ranked_by_doc else rank,
            papers=papers,
            filters=tuple(f.matches for f in parsed.filters),
        )

    def _word_candidates(self, query: Query, planes: list[int]) -> int:
        """Papers matching every word; adds each word's best match per field group to `planes`."""
        last = len(query.words) - 1
        matches = [
            [
                (group.matches(word, prefix=index == last), weight)
                for group, weight in self._groups()
            ]
            for index, word in enumerate(query.words)
        ]
        candidates = self._alive
        for word_matches in matches:
            found = 0
            for match, _ in word_matches:
                found |= match.any
            candidates &= found
        for word_matches in matches:
            for match, weight in word_matches:
                seen = 0
                for kind, docs in (
                    (Kind.EXACT, match.exact),
                    (Kind.PREFIX, match.prefix),
                    (Kind.TYPO1, match.typo1),
                    (Kind.TYPO2, match.typo2),
                ):
                    docs &= candidates
                    docs ^= docs & seen
                    if docs:
                        bitset.add_weighted(planes, docs, weight * kind)
                        seen |= docs
        return candidates

    def _with_tags(self, query: Query, candidates: int) -> int:
        """Narrow `tag:` filters through the index (the filters still check each paper)."""
        for tag_filter in query.filters:
            if isinstance(tag_filter, TagFilter):
                for term in terms_of(tag_filter.tag):
                    candidates &= self._tags_note.exact(term)
        return candidates

    def _without_excluded_words(self, query: Query, candidates: int) -> int:
        for terms in query.excluded_words:
            excluded = candidates
            for term in terms:
                excluded &= self._with_term(term)
            candidates ^= excluded
        return candidates

    def _phrase_candidates(
        self, query: Query, papers: Mapping[str, Paper], candidates: int, planes: list[int]
    ) -> int:
        """Papers containing every phrase and none of the excluded ones; scores where they are."""
        for phrase in query.phrases:
            pattern = phrase_pattern(phrase)
            in_field: dict[str, list[int]] = {"title": [], "note": [], "abstract": []}
            for doc in bitset.members(candidates & self._may_contain(phrase)):
                paper = papers.get(self._ids[doc])
                if paper is not None:
                    for name, docs in in_field.items():
                        if pattern.search(getattr(paper, name)):
                            docs.append(doc)
            found = 0
            for name, weight in (
                ("title", TITLE_WEIGHT),
                ("note", TAGS_NOTE_WEIGHT),
                ("abstract", ABSTRACT_WEIGHT),
            ):
                in_this_field = bitset.union((in_field[name],), len(self._ids))[0]
                bitset.add_weighted(planes, in_this_field, weight * Kind.EXACT)
                found |= in_this_field
            candidates &= found
        for phrase in query.excluded_phrases:
            pattern = phrase_pattern(phrase)
            excluded = [
                doc
                for doc in bitset.members(candidates & self._may_contain(phrase))
                if (paper := papers.get(self._ids[doc])) is not None
                and any(pattern.search(text) for text in (paper.title, paper.note, paper.abstract))
            ]
            candidates ^= bitset.union((excluded,), len(self._ids))[0]
        return candidates

    def _may_contain(self, phrase: str) -> int:
        """Papers that can contain `phrase`, judged from the terms its words must be part of.

        A phrase may start or end inside a word ("ffusion mod" is in "diffusion models"), so a
        word of it is a whole term only between two separators; after a separator it starts a
        term, before one it ends a term, and alone it is inside one.
        """
        candidates = self._alive
        for match in WORD.finditer(phrase):
            term = normalize(match.group())
            starts_term, ends_term = match.start() > 0, match.end() < len(phrase)
            if not term:
                continue
            if starts_term and ends_term:
                candidates &= self._with_term(term)
            elif starts_term:
                candidates &= self._with_prefix(term)
            else:
                test = methodcaller("endswith" if ends_term else "__contains__", term)
                candidates &= self._with_term_where(test)
        return candidates

    def _with_term_where(self, test: Callable[[str], bool]) -> int:
        """Papers with a term passing `test`, or all of them if that is most of the index."""
        found = 0
        for group in (self._title, self._tags_note, self._abstract):
            docs = group.with_term_where(test)
            if docs is None:
                return self._alive
            found |= docs
        return found

    def _with_term(self, term: str) -> int:
        return self._title.exact(term) | self._tags_note.exact(term) | self._abstract.exact(term)

    def _with_prefix(self, prefix: str) -> int:
        return (
            self._title.starting_with(prefix)
            | self._tags_note.starting_with(prefix)
            | self._abstract.starting_with(prefix)
        )

    def _groups(self) -> tuple[tuple[FieldIndex, int], ...]:
        return (
            (self._title, TITLE_WEIGHT),
            (self._tags_note, TAGS_NOTE_WEIGHT),
            (self._abstract, ABSTRACT_WEIGHT),
        )

    def _remember_editable_terms(
        self, doc: int, paper: Paper
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        # Tuples of strings, unlike sets, are not tracked by the garbage collector.
        terms = (
            tuple(terms_of(paper.title)),
            tuple(terms_of(" ".join((*paper.tags, paper.note)))),
        )
        self._editable_terms[doc] = terms
        return terms

    def _ranks(self) -> list[int]:
        """doc -> position in title order, recomputed after changes."""
        if self._rank is None:
            rank = [0] * len(self._ids)
            for position, (_, _, doc) in enumerate(self._by_title):
                rank[doc] = position
            self._rank = rank
            in_order = [doc for _, _, doc in self._by_title]
            self._ranked_by_doc = in_order == sorted(in_order)
        return self._rank

    def _drop_title(self, doc: int) -> None:
        del self._by_title[bisect_left(self._by_title, (*self._title_keys[doc], doc))]


def _title_key(paper: Paper) -> tuple[str, str]:
    """Titles sort as `normalize_title` compares them (no case, accents or punctuation)."""
    title = paper.title
    if title.isascii():  # the same result, several times faster
        return _ASCII_PUNCTUATION.sub(" ", title.lower()).strip(), paper.id
    return normalize_title(title), paper.id


_ASCII_PUNCTUATION = re.compile(r"[\W_]+")


class _SpanContext:
    """What the hits of one search share to work out their spans when asked."""

    def __init__(self, highlighter: Highlighter, papers: Mapping[str, Paper]) -> None:
        self.highlighter = highlighter
        self.papers = papers

    def spans_for(self, paper_id: str) -> dict[str, list[Span]]:
        paper = self.papers.get(paper_id)
        if paper is None:
            return {}
        found = {}
        for name in ("title", "tags", "note", "abstract"):
            spans = self.highlighter.spans(field_text(paper, name), phrases=name != "tags")
            if spans:
                found[name] = spans
        return found


_spans_slot: MemberDescriptorType = Hit.__dict__["spans"]


class _LazyHit(Hit):
    """A hit from `search`: its spans are worked out from the paper on first use."""

    __slots__ = ("_context",)
    _context: _SpanContext

    @property
    def spans(self) -> Mapping[str, list[Span]]:
        try:
            spans: Mapping[str, list[Span]] = _spans_slot.__get__(self)
        except AttributeError:
            spans = self._context.spans_for(self.paper_id)
            _spans_slot.__set__(self, spans)
        return spans


_set_paper_id = Hit.__dict__["paper_id"].__set__
_set_score = Hit.__dict__["score"].__set__
_set_context = _LazyHit.__dict__["_context"].__set__


def _new_hits(paper_ids: list[str], score: float, context: _SpanContext | None) -> list[Hit]:
    """Hits made by filling their slots from C loops (`map`), with no Python code per hit:
    a search may return 100,000 of them, and the frozen dataclass __init__ is 3x slower."""
    count = len(paper_ids)
    hits: list[Hit] = list(map(object.__new__, repeat(Hit if context is None else _LazyHit, count)))
    deque(map(_set_paper_id, hits, paper_ids), 0)
    deque(map(_set_score, hits, repeat(score, count)), 0)
    if context is None:
        deque(map(_spans_slot.__set__, hits, repeat(_NO_SPANS, count)), 0)
    else:
        deque(map(_set_context, hits, repeat(context, count)), 0)
    return hits
