"""The per-field inverted index: exact, prefix and typo matches of one query word."""

from __future__ import annotations

from readinglist.search.field_index import FieldIndex


def docs(bits: int) -> set[int]:
    return {n for n in range(bits.bit_length()) if bits >> n & 1}


def make_index() -> FieldIndex:
    return FieldIndex({"diffusion": [0, 2], "diffuse": [1], "transformer": [3]}, size=4)


def test_exact_prefix_and_typo_matches_are_told_apart() -> None:
    matches = make_index().matches("difusion", prefix=False)
    assert docs(matches.exact) == set()
    assert docs(matches.typo1) == {0, 2}
    assert docs(make_index().matches("diffus", prefix=True).prefix) == {0, 1, 2}


def test_added_and_removed_documents_are_found_or_not() -> None:
    index = make_index()
    index.add(4, ["diffusion"])
    assert docs(index.exact("diffusion")) == {0, 2, 4}
    index.remove(0, ["diffusion"])
    assert docs(index.exact("diffusion")) == {2, 4}
    assert docs(index.starting_with("trans")) == {3}
