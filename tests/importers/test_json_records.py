"""Our JSON export and `list --json` output: records validated, made safe and passed on whole."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from readinglist.errors import ImportFormatError
from readinglist.importers import json_records
from readinglist.model import PAPER_KEYS


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "a1b2c3d4e5f6",
        "title": "A Paper",
        "title_derived": False,
        "abstract": "We study things.",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "published": "2024-09-04",
        "upvotes": 5,
        "sources": [{"file": "x.txt", "batch": "b1", "imported_at": "2024-01-01T00:00:00.000Z"}],
        "added_at": "2024-01-01T00:00:00.000Z",
        "updated_at": "2024-01-02T00:00:00.000Z",
        "status": "to-read",
        "rating": 4,
        "tags": ["ml", "vision"],
        "note": "Read section 3.",
        "queue_position": 1,
    }
    return {**base, **changes}


def export(*records: dict[str, Any], **changes: Any) -> str:
    document = {"format": "readinglist", "version": 1, "exported_at": "2024-01-03T00:00:00Z"}
    document["papers"] = list(records)  # type: ignore[assignment]
    return orjson.dumps({**document, **changes}).decode()


def parse(text: str) -> json_records.ParseResult:
    return json_records.parse("export.json", text)


def test_an_export_gives_one_paper_per_record_carrying_the_whole_record() -> None:
    result = parse(export(record(), record(id="ffffffffffff", title="Second")))
    first, second = result.papers
    assert result.format == "json"
    assert (first.title, first.abstract, first.authors, first.published, first.upvotes) == (
        "A Paper",
        "We study things.",
        ["Ada Lovelace", "Alan Turing"],
        "2024-09-04",
        5,
    )
    assert (first.tags, first.note, first.title_derived) == (
        ["ml", "vision"],
        "Read section 3.",
        False,
    )
    assert first.record == record()
    assert list(first.record) == list(PAPER_KEYS)
    assert second.record is not None and second.record["id"] == "ffffffffffff"


def test_a_bare_list_from_list_json_is_accepted() -> None:
    result = parse(orjson.dumps([record()]).decode())
    assert [p.title for p in result.papers] == ["A Paper"]


def test_unknown_keys_in_a_record_are_kept() -> None:
    (paper,) = parse(export(record(color="blue"))).papers
    assert paper.record is not None and paper.record["color"] == "blue"


def test_text_fields_are_made_safe() -> None:
    dirty = record(
        title="Evil\x1b]0;pwned\x07 Title\n",
        abstract="Line\x1b[2J one\n\nLine two\u202e",
        note="note\x9b31m",
        tags=["a\x07b"],
        authors=["Ada\x00 Lovelace"],
    )
    (paper,) = parse(export(dirty)).papers
    assert (paper.title, paper.abstract, paper.note) == (
        "Evil Title",
        "Line one\n\nLine two",
        "note",
    )
    assert paper.tags == ["ab"] and paper.authors == ["Ada Lovelace"]
    assert paper.record is not None and paper.record["title"] == "Evil Title"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (record(rating=9), "papers[1]: rating must be"),
        (record(status="done"), "papers[1]: status 'done' is not one of: new, to-read"),
        (record(tags="ml"), "papers[1]: tags must be a list of strings"),
        ({k: v for k, v in record().items() if k != "title"}, "papers[1]: missing field 'title'"),
        (record(sources="x.txt"), "papers[1]: sources must be a list"),
        (record(sources=[{"file": "x"}]), "papers[1]: sources[0] has no 'batch'"),
        (record(title="  "), "papers[1]: title is empty"),
        ("not an object", "papers[1]: expected a paper record"),
    ],
)
def test_a_bad_record_is_named_by_its_index(bad: Any, message: str) -> None:
    with pytest.raises(ImportFormatError) as raised:
        parse(export(record(), bad))
    assert raised.value.reason.startswith(message)


def test_a_bad_record_in_a_bare_list_is_named_by_its_index() -> None:
    with pytest.raises(ImportFormatError, match=r"\[0\]: rating must be"):
        parse(orjson.dumps([record(rating=-1)]).decode())


def test_a_newer_export_version_is_refused_clearly() -> None:
    with pytest.raises(ImportFormatError, match="newer readinglist") as raised:
        parse(export(record(), version=2))
    assert "upgrade" in raised.value.hint


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "something else"}',
        '{"format": "zotero", "version": 1, "papers": []}',
        "[1, 2]",
        '"x"',
    ],
)
def test_other_json_is_not_a_readinglist_export(text: str) -> None:
    with pytest.raises(ImportFormatError, match="not a readinglist export"):
        parse(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "readinglist", "version": "1", "papers": []}', "unknown export version"),
        ('{"format": "readinglist", "version": 1, "papers": {}}', '"papers" must be a list'),
        ('{"format": "readinglist", "version": 1, "papers": []}', "no papers recognised"),
    ],
)
def test_malformed_exports_are_explained(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        parse(text)


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(ImportFormatError) as raised:
        parse('{\n  "format": "readinglist",\n  "version": 1,,\n}')
    assert raised.value.line == 3
    assert "not valid JSON" in raised.value.reason


def test_deeply_nested_json_is_an_import_error_not_a_crash() -> None:
    with pytest.raises(ImportFormatError):
        parse("[" * 100_000 + "]" * 100_000)
