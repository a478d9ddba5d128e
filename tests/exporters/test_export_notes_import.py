"""import-notes: notes edited in vault files, planned for the library, conflicts shown."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given

from readinglist.errors import ImportFormatError
from readinglist.exporters.markdown_text import clean_note
from readinglist.exporters.notes_import import (
    NoteChange,
    plan_note_import,
    plan_note_import_from_texts,
)
from readinglist.exporters.vault import export_vault
from readinglist.exporters.vault_file import render_new_file
from readinglist.model import Paper
from tests.exporters.export_checks import hostile_text, make_paper, numbered_papers

NOTE_BEGIN = "<!-- readinglist:begin note -->"
NOTE_END = "<!-- readinglist:end note -->"


def with_note(text: str, note: str) -> str:
    head, rest = text.split(NOTE_BEGIN, 1)
    _, tail = rest.rsplit(NOTE_END, 1)
    return f"{head}{NOTE_BEGIN}\n{note}\n{NOTE_END}{tail}"


def edit_note(path: Path, note: str) -> None:
    path.write_text(with_note(path.read_text(encoding="utf-8"), note), encoding="utf-8")


def set_note(papers: list[Paper], paper_id: str, note: str) -> list[Paper]:
    """What the library's `set_note` does, for these tests."""
    return [replace(p, note=note) if p.id == paper_id else p for p in papers]


@pytest.fixture
def vault(tmp_path: Path) -> tuple[Path, list[Paper]]:
    papers = numbered_papers(["First", "Second", "Third"], note="Original note.")
    export_vault(papers, tmp_path)
    return tmp_path, papers


def test_nothing_to_import_right_after_an_export(vault: tuple[Path, list[Paper]]) -> None:
    folder, papers = vault
    plan = plan_note_import(folder, papers)
    assert plan.changes == ()
    assert plan.conflicts == ()
    assert sorted(plan.unchanged) == sorted(p.id for p in papers)


def test_note_edited_in_a_file_is_planned_as_a_change(vault: tuple[Path, list[Paper]]) -> None:
    folder, papers = vault
    edit_note(folder / "Second.md", "# Better\n\nRewritten in Obsidian.")
    plan = plan_note_import(folder, papers)
    assert plan.changes == (
        NoteChange(
            paper_id=papers[1].id,
            title="Second",
            path=str(folder / "Second.md"),
            old_note="Original note.",
            new_note="# Better\n\nRewritten in Obsidian.",
        ),
    )
    assert plan.conflicts == ()
    assert sorted(plan.unchanged) == sorted([papers[0].id, papers[2].id])


def test_note_edited_in_both_places_is_a_conflict_not_a_change(
    vault: tuple[Path, list[Paper]],
) -> None:
    folder, papers = vault
    edit_note(folder / "First.md", "Edited in the file.")
    papers = set_note(papers, papers[0].id, "Edited in the app.")
    plan = plan_note_import(folder, papers)
    assert plan.changes == ()
    (conflict,) = plan.conflicts
    assert (conflict.paper_id, conflict.library_note, conflict.file_note) == (
        papers[0].id,
        "Edited in the app.",
        "Edited in the file.",
    )
    assert "both" in conflict.reason


def test_note_edited_only_in_the_library_is_not_imported_back(
    vault: tuple[Path, list[Paper]],
) -> None:
    folder, papers = vault
    papers = set_note(papers, papers[0].id, "Newer, in the app.")
    plan = plan_note_import(folder, papers)
    assert plan.changes == ()
    assert plan.conflicts == ()
    assert papers[0].id in plan.unchanged


def test_after_applying_and_reexporting_everything_is_in_sync(
    vault: tuple[Path, list[Paper]],
) -> None:
    folder, papers = vault
    edit_note(folder / "Third.md", "Imported text.")
    (change,) = plan_note_import(folder, papers).changes
    papers = set_note(papers, change.paper_id, change.new_note)
    assert plan_note_import(folder, papers).changes == ()
    plan = export_vault(papers, folder)
    assert [a.kind.value for a in plan.actions] == ["unchanged", "unchanged", "update"]
    edit_note(folder / "Third.md", "Edited again.")
    (again,) = plan_note_import(folder, papers).changes
    assert (again.old_note, again.new_note) == ("Imported text.", "Edited again.")


def test_file_for_a_paper_not_in_the_library_is_reported(
    vault: tuple[Path, list[Paper]],
) -> None:
    folder, papers = vault
    plan = plan_note_import(folder, papers[1:])
    assert [(u.path, u.paper_id) for u in plan.unknown_ids] == [
        (str(folder / "First.md"), papers[0].id)
    ]


def test_files_that_are_not_ours_are_skipped_with_a_reason(
    vault: tuple[Path, list[Paper]],
) -> None:
    folder, papers = vault
    (folder / "Journal.md").write_text("# Today\n\nNothing to do with papers.", "utf-8")
    (folder / "Broken.md").write_bytes(b"\xff\xfe not utf-8")
    plan = plan_note_import(folder, papers)
    assert sorted((Path(s.path).name, s.reason) for s in plan.skipped) == [
        ("Broken.md", "not UTF-8 text"),
        ("Journal.md", "no readinglist id in its front matter"),
    ]


def test_a_file_whose_note_section_was_removed_is_skipped(
    vault: tuple[Path, list[Paper]],
) -> None:
    folder, papers = vault
    path = folder / "First.md"
    path.write_text(path.read_text("utf-8").replace(NOTE_END, ""), "utf-8")
    plan = plan_note_import(path, papers)
    assert [s.reason for s in plan.skipped] == ["no note section between readinglist markers"]


def test_single_files_can_be_imported(vault: tuple[Path, list[Paper]]) -> None:
    folder, papers = vault
    edit_note(folder / "First.md", "One file.")
    edit_note(folder / "Second.md", "Not this one.")
    plan = plan_note_import(folder / "First.md", papers)
    assert [c.new_note for c in plan.changes] == ["One file."]
    both = plan_note_import([folder / "First.md", folder / "Second.md"], papers)
    assert [c.new_note for c in both.changes] == ["One file.", "Not this one."]


def test_a_missing_source_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"nowhere\.md: no such file or folder"):
        plan_note_import(tmp_path / "nowhere.md", [])


def test_two_copies_edited_differently_are_a_conflict(vault: tuple[Path, list[Paper]]) -> None:
    folder, papers = vault
    copy = folder / "First copy.md"
    copy.write_text((folder / "First.md").read_text("utf-8"), "utf-8")
    edit_note(folder / "First.md", "Version A.")
    edit_note(copy, "Version B.")
    plan = plan_note_import(folder, papers)
    assert plan.changes == ()
    (conflict,) = plan.conflicts
    assert "several files" in conflict.reason


def test_without_a_recorded_hash_a_different_note_is_a_conflict() -> None:
    paper = make_paper(note="Library note.")
    text = render_new_file(paper)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("note_sha:"))
    plan = plan_note_import_from_texts({"a.md": with_note(text, "File note.")}, [paper])
    (conflict,) = plan.conflicts
    assert "note_sha" in conflict.reason


def test_diff_shows_the_change_and_strips_terminal_escapes() -> None:
    change = NoteChange("id", "Title", "a.md", "old line\nsame", "new \x1b[31mline\nsame")
    diff = change.diff()
    assert "-old line" in diff
    assert "+new line" in diff
    assert not any("\x1b" in line for line in diff)


@given(original=hostile_text, edited=hostile_text)
def test_any_edited_note_is_read_back_exactly_as_cleaned(original: str, edited: str) -> None:
    paper = make_paper(note=original)
    text = with_note(render_new_file(paper), edited)
    plan = plan_note_import_from_texts({"a.md": text}, [paper])
    if clean_note(edited) == clean_note(original):
        assert plan.unchanged == (paper.id,)
    else:
        (change,) = plan.changes
        assert change.new_note == clean_note(edited)
