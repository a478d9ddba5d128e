"""The JSON export: versioned, every field, and a faithful round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from readinglist.exporters.json_export import export_json
from readinglist.model import PAPER_KEYS, Paper, Source, Status
from tests.exporters.export_checks import hostile_text, make_paper

NOW = datetime(2025, 3, 14, 9, 26, 5, 123000, tzinfo=UTC)


def test_export_is_versioned_and_dated() -> None:
    document = json.loads(export_json([make_paper()], now=NOW))
    assert document["format"] == "readinglist"
    assert document["version"] == 1
    assert document["exported_at"] == "2025-03-14T09:26:05.123Z"


def test_every_paper_has_every_field_in_order() -> None:
    document = json.loads(export_json([make_paper(), make_paper(id="b" * 12)], now=NOW))
    assert [tuple(p) for p in document["papers"]] == [PAPER_KEYS, PAPER_KEYS]


def test_unknown_keys_from_a_newer_version_are_kept() -> None:
    paper = make_paper(extra={"venue": "NeurIPS"})
    (record,) = json.loads(export_json([paper], now=NOW))["papers"]
    assert record["venue"] == "NeurIPS"
    assert Paper.from_dict(record) == paper


def test_export_is_utf8_text_with_unicode_kept_readable() -> None:
    text = export_json([make_paper(title="Über 日本語")], now=NOW)
    assert "Über 日本語" in text


def test_empty_selection_exports_an_empty_list() -> None:
    assert json.loads(export_json([], now=NOW))["papers"] == []


printable = st.text(st.characters(codec="utf-8"), max_size=40)
papers = st.builds(
    Paper,
    id=st.text("0123456789abcdef", min_size=12, max_size=12),
    title=hostile_text,
    abstract=hostile_text,
    title_derived=st.booleans(),
    authors=st.one_of(st.none(), st.integers(0, 500), st.lists(hostile_text, max_size=3)),
    published=st.one_of(st.none(), printable),
    upvotes=st.one_of(st.none(), st.integers(0, 10**6)),
    sources=st.lists(st.builds(Source, printable, printable, printable), max_size=2),
    added_at=printable,
    updated_at=printable,
    status=st.sampled_from(Status),
    rating=st.integers(0, 5),
    tags=st.lists(printable, max_size=3),
    note=hostile_text,
    queue_position=st.one_of(st.none(), st.integers(0, 10**4)),
)


@given(st.lists(papers, max_size=4))
def test_round_trip_gives_back_identical_papers(originals: list[Paper]) -> None:
    document = json.loads(export_json(originals, now=NOW))
    assert [Paper.from_dict(record) for record in document["papers"]] == originals
