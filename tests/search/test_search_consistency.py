"""The index finds and scores exactly what a slow, obvious scan of every paper would."""

from __future__ import annotations

import random
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.errors import QuerySyntaxError
from readinglist.model import Paper, normalize_title
from readinglist.search import Query, SearchIndex, parse_query
from readinglist.search.highlight import phrase_pattern
from readinglist.search.index import ABSTRACT_WEIGHT, TAGS_NOTE_WEIGHT, TITLE_WEIGHT, _title_key
from readinglist.search.terms import WORD, Kind, match_kind, normalize
from tests.search.synthetic_papers import synthetic_papers

# Enough papers that frequent terms become bitsets and short prefixes get cached unions.
PAPERS = synthetic_papers(600, seed=7)
MAPPING = {paper.id: paper for paper in PAPERS}


@cache
def built_index() -> SearchIndex:
    return SearchIndex(PAPERS)


def words_of(text: str) -> set[str]:
    return {normalize(word) for word in WORD.findall(text)} - {""}


# Each paper's terms by field group, with the group's weight.
GROUPS = {
    paper.id: [
        (words_of(paper.title), TITLE_WEIGHT),
        (words_of(" ".join((*paper.tags, paper.note))), TAGS_NOTE_WEIGHT),
        (words_of(paper.abstract), ABSTRACT_WEIGHT),
    ]
    for paper in PAPERS
}
VOCABULARY = set().union(*(terms for groups in GROUPS.values() for terms, _ in groups))


def scan(query: Query, papers: list[Paper]) -> list[tuple[str, float]]:
    """Every paper, every word, every term: the definition the index must agree with."""
    last = len(query.words) - 1
    kinds = [
        {term: kind for term in VOCABULARY if (kind := match_kind(word, term, prefix=i == last))}
        for i, word in enumerate(query.words)
    ]
    found = []
    for paper in papers:
        score = scan_score(query, paper, kinds)
        if score is not None and query.matches_filters(paper):
            found.append((paper.id, float(score), normalize_title(paper.title)))
    found.sort(key=lambda hit: (-hit[1], hit[2], hit[0]))
    return [(paper_id, score) for paper_id, score, _ in found]


def scan_score(query: Query, paper: Paper, kinds: list[dict[str, Kind]]) -> int | None:
    groups = GROUPS[paper.id]
    score = 0
    for word_kinds in kinds:
        word_score = 0
        for terms, weight in groups:
            word_score += weight * max((word_kinds.get(term, 0) for term in terms), default=0)
        if not word_score:
            return None
        score += word_score
    every_term = set().union(*(terms for terms, _ in groups))
    if any(set(terms) <= every_term for terms in query.excluded_words):
        return None
    fields = [(paper.title, TITLE_WEIGHT), (paper.note, TAGS_NOTE_WEIGHT)]
    fields.append((paper.abstract, ABSTRACT_WEIGHT))
    for phrase in query.phrases:
        pattern = phrase_pattern(phrase)
        phrase_score = sum(weight * Kind.EXACT for text, weight in fields if pattern.search(text))
        if not phrase_score:
            return None
        score += phrase_score
    for phrase in query.excluded_phrases:
        if any(phrase_pattern(phrase).search(text) for text, _ in fields):
            return None
    return score


def search(index: SearchIndex, query: Query) -> list[tuple[str, float]]:
    return [(hit.paper_id, hit.score) for hit in index.search(query, MAPPING)]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 2:
        return word
    at = rng.randrange(len(word) - 1)
    edits = [
        word[:at] + word[at + 1 :],
        word[:at] + "e" + word[at:],
        word[:at] + word[at + 1] + word[at] + word[at + 2 :],
        word[:at] + "o" + word[at + 1 :],
    ]
    return rng.choice(edits)


@st.composite
def queries(draw: st.DrawFn) -> str:
    rng = random.Random(draw(st.integers(0, 2**32)))
    source = rng.choice(PAPERS)
    words = WORD.findall(f"{source.title} {source.abstract}")
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        word = rng.choice(words)
        action = rng.random()
        if action < 0.3:
            word = typo(word, rng)
        elif action < 0.5:
            word = word[: rng.randint(1, len(word))]
        parts.append(word)
    if draw(st.booleans()):
        start = rng.randrange(len(source.abstract))
        length = rng.randint(1, 15)
        phrase = source.abstract[start : start + length].replace('"', "")
        parts.append(f'{"-" if rng.random() < 0.2 else ""}"{phrase}"')
    if rng.random() < 0.2:
        parts.append("-" + rng.choice(words))
    extras = ["tag:vision", "-tag:survey", "status:read", "rating>=3", "has:note", "batch:b0003"]
    if rng.random() < 0.3:
        parts.append(rng.choice(extras))
    rng.shuffle(parts)
    return " ".join(parts)


@settings(max_examples=120, deadline=None)
@given(queries())
def test_index_agrees_with_a_full_scan(text: str) -> None:
    try:
        query = parse_query(text)
    except QuerySyntaxError:
        return
    assert search(built_index(), query) == scan(query, PAPERS)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abdeiotrsnm ", min_size=1, max_size=12))
def test_short_and_odd_words_agree_with_a_full_scan(text: str) -> None:
    query = parse_query(text)
    assert search(built_index(), query) == scan(query, PAPERS)


def test_an_edited_index_equals_one_built_from_scratch() -> None:
    rng = random.Random(3)
    papers = synthetic_papers(500, seed=11)
    index = SearchIndex(papers[:300])
    current = {paper.id: paper for paper in papers[:300]}
    for paper in papers[300:]:
        index.add(paper)
        current[paper.id] = paper
    for paper_id in rng.sample(sorted(current), 80):
        index.remove(paper_id)
        del current[paper_id]
    donors = synthetic_papers(60, seed=12)
    for paper_id, donor in zip(rng.sample(sorted(current), 60), donors, strict=True):
        edited = current[paper_id]
        edited = Paper(id=paper_id, title=donor.title, abstract=edited.abstract, tags=donor.tags,
                       note=donor.note, status=edited.status, rating=edited.rating)  # fmt: skip
        index.update(edited)
        current[paper_id] = edited
    fresh = SearchIndex(current.values())
    for text in ["", "a", "d", "pro", "diffusion", "difusion", "tra video", "mo", '"the"', "x"]:
        query = parse_query(text)
        assert index.search(query, current) == fresh.search(query, current), text


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_title_order_is_normalize_title_order(title: str) -> None:
    key, _ = _title_key(Paper(id="x", title=title))
    assert key == normalize_title(title)
