"""Storage promises: atomic durable writes, damaged files refused untouched, no lost updates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from readinglist.errors import LibraryDamagedError, LibraryVersionError, StorageError
from readinglist.library import Library
from readinglist.storage import migrations
from readinglist.storage.files import atomic_write
from tests.conftest import make_paper


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'{"meta": {"1": {"format": "readinglist", "schema": 1', "not valid JSON"),
        (b"[1, 2, 3]", "not a readinglist library"),
        (b'{"_default": {}}', "not a readinglist library"),
        (b'{"meta": {"1": {"format": "other", "schema": 1}}}', "not a readinglist library"),
    ],
)
def test_a_damaged_library_is_refused_and_left_exactly_as_it_was(
    library_path: Path, content: bytes, reason: str
) -> None:
    library_path.parent.mkdir(parents=True)
    library_path.write_bytes(content)
    with pytest.raises(LibraryDamagedError, match=reason) as raised:
        Library.open(library_path)
    assert str(library_path) in str(raised.value)
    assert library_path.read_bytes() == content


def test_a_record_with_wrong_types_is_reported_by_number(sample_library: Library) -> None:
    path = sample_library.path
    data = orjson.loads(path.read_bytes())
    data["papers"]["2"]["rating"] = "five"
    path.write_bytes(orjson.dumps(data))
    before = path.read_bytes()
    with pytest.raises(LibraryDamagedError, match="paper record 2 is malformed"):
        Library.open(path)
    assert path.read_bytes() == before


def test_a_record_that_is_not_an_object_is_reported_by_number(sample_library: Library) -> None:
    path = sample_library.path
    data = orjson.loads(path.read_bytes())
    data["papers"]["3"] = ["not", "a", "paper"]
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(LibraryDamagedError, match="paper record 3 is not an object"):
        Library.open(path)


def test_a_library_from_a_newer_version_is_refused(sample_library: Library) -> None:
    path = sample_library.path
    data = orjson.loads(path.read_bytes())
    data["meta"]["1"]["schema"] = 99
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(LibraryVersionError, match="newer readinglist"):
        Library.open(path)


def test_an_older_schema_is_migrated_and_the_old_file_kept(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sample_library.path
    original = path.read_bytes()

    def add_field(meta: dict, records: list) -> tuple[dict, list]:  # type: ignore[type-arg]
        return meta, [{**r, "migrated": True} for r in records]

    monkeypatch.setattr("readinglist.storage.store.SCHEMA_VERSION", 2)
    monkeypatch.setattr("readinglist.storage.migrations.SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "STEPS", {1: add_field})
    migrated = Library.open(path)
    assert all(p.extra == {"migrated": True} for p in migrated.papers.values())
    assert migrations.backup_path(path, 1).read_bytes() == original
    assert orjson.loads(path.read_bytes())["meta"]["1"]["schema"] == 2


def test_unknown_fields_from_a_hand_edit_are_kept(sample_library: Library) -> None:
    path = sample_library.path
    data = orjson.loads(path.read_bytes())
    data["papers"]["1"]["doi"] = "10.1000/xyz"
    path.write_bytes(orjson.dumps(data))
    library = Library.open(path)
    paper_id = data["papers"]["1"]["id"]
    library.rate([paper_id], 2)
    library.add_papers([make_paper("Something new")])  # forces a fresh snapshot
    reread = orjson.loads(path.read_bytes())
    kept = next(r for r in reread["papers"].values() if r["id"] == paper_id)
    assert kept["doi"] == "10.1000/xyz"
    assert "doi" not in library.papers[paper_id].to_dict()


def test_a_missing_journal_is_reported(sample_library: Library) -> None:
    journal_of(sample_library.path).unlink()
    with pytest.raises(LibraryDamagedError, match="journal file is missing"):
        Library.open(sample_library.path)


def test_a_torn_last_journal_line_is_ignored_then_cut_off(sample_library: Library) -> None:
    path = sample_library.path
    paper_id = next(iter(sample_library.papers))
    sample_library.rate([paper_id], 4)
    with journal_of(path).open("ab") as journal:
        journal.write(b'{"seq": 99, "at": "x", "kind": "change", "ops": [{"op": "se')
    reopened = Library.open(path)
    assert reopened.papers[paper_id].rating == 4
    reopened.rate([paper_id], 5)
    assert Library.open(path).papers[paper_id].rating == 5


def test_a_damaged_entry_in_the_middle_of_the_journal_is_an_error(sample_library: Library) -> None:
    paper_id = next(iter(sample_library.papers))
    sample_library.rate([paper_id], 4)
    sample_library.rate([paper_id], 5)
    journal = journal_of(sample_library.path)
    lines = journal.read_bytes().split(b"\n")
    lines[-3] = b"garbage"
    journal.write_bytes(b"\n".join(lines))
    with pytest.raises(LibraryDamagedError, match="damaged entry"):
        Library.open(sample_library.path)


@pytest.mark.parametrize("failing_call", ["write", "fsync", "replace"])
def test_a_snapshot_write_interrupted_at_any_step_leaves_the_old_file(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch, failing_call: str
) -> None:
    path = sample_library.path
    before = path.read_bytes()

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing_call, fail)
    with pytest.raises(StorageError, match="No space left"):
        atomic_write(path, b'{"new": "content"}')
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if ".tmp-" in p.name] == []
    assert len(Library.open(path)) == len(sample_library)


def test_a_failed_journal_append_changes_nothing_in_memory_or_on_disk(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper_id = next(iter(sample_library.papers))

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StorageError):
        sample_library.rate([paper_id], 5)
    monkeypatch.undo()
    assert sample_library.papers[paper_id].rating == 0


def test_stale_temp_files_from_killed_writers_are_removed(sample_library: Library) -> None:
    stray = sample_library.path.with_name("library.json.tmp-12345-abcd")
    stray.write_bytes(b"half a snapshot")
    Library.open(sample_library.path)
    assert not stray.exists()


WRITER = """
import sys
from readinglist.library import Library
path, paper_id, tag_prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
library = Library.open(path)
for n in range(count):
    library.tag([paper_id], [f"{tag_prefix}{n}"])
    library.set_note(paper_id, f"{tag_prefix} note {n}")
"""


def test_two_processes_editing_at_once_lose_no_update(sample_library: Library) -> None:
    ids = list(sample_library.papers)
    count = 25
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(sample_library.path), paper_id, prefix, str(count)]
        )
        for paper_id, prefix in ((ids[0], "a"), (ids[0], "b"), (ids[1], "c"))
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0]
    final = Library.open(sample_library.path)
    assert set(final.papers[ids[0]].tags) == {f"{p}{n}" for p in "ab" for n in range(count)}
    assert set(final.papers[ids[1]].tags) == {f"c{n}" for n in range(count)}
    assert final.papers[ids[0]].note in {f"a note {count - 1}", f"b note {count - 1}"}


def test_folding_edits_into_the_snapshot_does_not_rewrite_the_abstracts(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    abstracts = sample_library.path.with_name("library.json.abstracts")
    before = abstracts.stat().st_mtime_ns, abstracts.read_bytes()
    monkeypatch.setattr("readinglist.library.CHECKPOINT_BYTES", 1)
    sample_library.set_note(next(iter(sample_library.papers)), "a long note " * 100)
    assert sample_library.maybe_checkpoint()
    assert (abstracts.stat().st_mtime_ns, abstracts.read_bytes()) == before


def test_abstracts_load_lazily_when_asked(sample_library: Library) -> None:
    lazy = Library.open(sample_library.path, lazy_abstracts=True)
    assert not lazy.abstracts_loaded
    assert all(p.abstract == "" for p in lazy.papers.values())
    lazy.load_abstracts()
    assert {p.id: p.abstract for p in lazy.papers.values()} == {
        p.id: p.abstract for p in sample_library.papers.values()
    }


def test_a_damaged_abstracts_file_is_refused_untouched(sample_library: Library) -> None:
    abstracts = sample_library.path.with_name("library.json.abstracts")
    abstracts.write_bytes(b'{"abstracts": {"1": {"x": 3')
    with pytest.raises(LibraryDamagedError, match="abstracts"):
        Library.open(sample_library.path)
    assert abstracts.read_bytes() == b'{"abstracts": {"1": {"x": 3'
