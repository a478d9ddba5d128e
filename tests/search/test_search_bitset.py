"""Bitsets as ints, and bit-sliced scores: the arithmetic the ranking rests on."""

from __future__ import annotations

from array import array

from hypothesis import given
from hypothesis import strategies as st

from readinglist.search import bitset

doc_sets = st.sets(st.integers(0, 3000), max_size=300)


def mask_of(docs: set[int]) -> int:
    return sum(1 << doc for doc in docs)


@given(doc_sets)
def test_members_lists_the_set_bits_in_order(docs: set[int]) -> None:
    assert bitset.members(mask_of(docs)) == sorted(docs)


def test_members_of_a_dense_set() -> None:
    docs = set(range(0, 5000, 2)) | {4999}
    assert bitset.members(mask_of(docs)) == sorted(docs)


@given(st.lists(doc_sets, max_size=5), st.integers(1, 4000))
def test_union_of_lists_and_bitsets(sets: list[set[int]], extra: int) -> None:
    size = 3001 + extra
    postings: list[array[int] | bytearray] = []
    for index, docs in enumerate(sets):
        if index % 2:
            postings.append(bitset.to_bitset(sorted(docs), size))
        else:
            postings.append(array("I", docs))
    mask, listed = bitset.union(postings, size)
    assert mask == mask_of(set().union(*sets))
    assert listed == sum(len(docs) for index, docs in enumerate(sets) if not index % 2)


def test_set_and_clear_bits_grow_the_bitset() -> None:
    bits = bytearray()
    bitset.set_bit(bits, 17)
    bitset.set_bit(bits, 3)
    assert bitset.from_bitset(bits) == 1 << 17 | 1 << 3
    bitset.clear_bit(bits, 17)
    bitset.clear_bit(bits, 999)
    assert bitset.from_bitset(bits) == 1 << 3


@given(st.lists(st.tuples(doc_sets, st.integers(1, 200)), max_size=8), doc_sets)
def test_score_classes_group_documents_by_their_summed_weights(
    additions: list[tuple[set[int], int]], candidates: set[int]
) -> None:
    planes: list[int] = []
    expected: dict[int, int] = {}
    for docs, weight in additions:
        bitset.add_weighted(planes, mask_of(docs), weight)
        for doc in docs:
            expected[doc] = expected.get(doc, 0) + weight
    classes = list(bitset.score_classes(planes, mask_of(candidates)))
    assert [score for score, _ in classes] == sorted({s for s, _ in classes}, reverse=True)
    found = {doc: score for score, docs in classes for doc in bitset.members(docs)}
    assert found == {doc: expected.get(doc, 0) for doc in candidates}


@given(doc_sets)
def test_select_picks_items_by_doc_number(docs: set[int]) -> None:
    items = [f"paper{n}" for n in range(3001)]
    assert bitset.select(items, mask_of(docs)) == [items[doc] for doc in sorted(docs)]


def test_select_from_a_dense_set() -> None:
    items = list(range(100, 5100))
    docs = set(range(0, 5000, 3))
    assert bitset.select(items, mask_of(docs)) == [items[doc] for doc in sorted(docs)]
