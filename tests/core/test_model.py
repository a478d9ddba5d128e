"""Paper records: every field survives a round trip, missing keys default, damage is named."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from readinglist.model import Paper, Source, Status, id_variants


def every_field_set() -> Paper:
    """A paper whose fields all differ from their defaults and from each other."""
    return Paper(
        id="0123456789ab",
        title="A Title",
        abstract="An abstract.",
        title_derived=True,
        authors=["Ada", "Grace"],
        published="2024-05-06",
        upvotes=7,
        sources=[Source("a.txt", "batch1", "2024-05-07T00:00:00.000Z")],
        added_at="2024-05-08T00:00:00.000Z",
        updated_at="2024-05-09T00:00:00.000Z",
        status=Status.READING,
        rating=4,
        tags=["ml", "vision"],
        note="A note.",
        queue_position=3,
        extra={"doi": "10.1000/xyz"},
    )


def test_a_record_round_trips_every_field() -> None:
    paper = every_field_set()
    assert Paper.from_dict(paper.to_record()) == paper


def test_a_stored_record_without_its_abstract_round_trips_every_other_field() -> None:
    paper = every_field_set()
    restored = Paper.from_dict(paper.to_record(with_abstract=False))
    assert restored.abstract == ""
    restored.abstract = paper.abstract
    assert restored == paper


def test_a_record_with_only_id_and_title_gets_the_defaults() -> None:
    assert Paper.from_dict({"id": "0123456789ab", "title": "T"}) == Paper("0123456789ab", "T")


def test_unknown_keys_are_kept_also_when_known_ones_are_missing() -> None:
    record = {"id": "0123456789ab", "title": "T", "doi": "10.1000/xyz", "rating": 2}
    paper = Paper.from_dict(record)
    assert (paper.rating, paper.extra) == (2, {"doi": "10.1000/xyz"})


def test_a_complete_record_has_no_extra_keys() -> None:
    assert Paper.from_dict(Paper("0123456789ab", "T").to_record()).extra == {}


def test_lists_are_copied_not_shared_with_the_record() -> None:
    record = every_field_set().to_record()
    paper = Paper.from_dict(record)
    assert paper.tags is not record["tags"] and paper.authors is not record["authors"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("rating", "five", "rating must be a whole number 0-5"),
        ("rating", 6, "rating must be a whole number 0-5"),
        ("title_derived", 0, "title_derived must be true or false"),
        ("tags", ["ok", 3], "tags must be a list of strings"),
        ("authors", ["Ada", None], "authors must be a list of names"),
        ("queue_position", 1.5, "queue_position must be a whole number or null"),
        ("published", 2024, "published must be a string or null"),
        ("note", None, "note must be a string"),
    ],
)
def test_a_field_of_the_wrong_type_is_named(key: str, value: Any, message: str) -> None:
    record = every_field_set().to_record()
    record[key] = value
    with pytest.raises(TypeError, match=message):
        Paper.from_dict(record)


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.pop("id"),
        lambda r: r.update(status="unknown"),
        lambda r: r.update(sources=[{"file": "a.txt"}]),
        lambda r: r.update(sources=None),
    ],
)
def test_missing_ids_unknown_statuses_and_broken_sources_are_refused(change: Any) -> None:
    record = every_field_set().to_record()
    change(record)
    with pytest.raises((KeyError, TypeError)):
        Paper.from_dict(record)


def test_id_variants_start_with_the_id_and_stay_the_same_from_run_to_run() -> None:
    variants = list(itertools.islice(id_variants("0123456789ab"), 4))
    assert variants[0] == "0123456789ab"
    assert len(set(variants)) == 4
    assert all(len(v) == len(variants[0]) for v in variants)
    assert variants == list(itertools.islice(id_variants("0123456789ab"), 4))
