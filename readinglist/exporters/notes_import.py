"""Notes the user edited in vault files, planned for import into the library; changes nothing."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from readinglist.errors import ImportFormatError
from readinglist.exporters.markdown_text import clean_note, display_title
from readinglist.exporters.vault import markdown_files, read_text
from readinglist.exporters.vault_file import NoteState, compare_notes, parse_vault_file
from readinglist.model import Paper
from readinglist.text import strip_unsafe


@dataclass(frozen=True, slots=True)
class NoteChange:
    """The file's note replaces the library's: only the file changed since the last export."""

    paper_id: str
    title: str
    path: str
    old_note: str
    new_note: str

    def diff(self) -> list[str]:
        """Unified diff from the library's note to the file's, safe to print to a terminal."""
        lines = difflib.unified_diff(
            self.old_note.split("\n"),
            self.new_note.split("\n"),
            fromfile=f"library: {self.title}",
            tofile=self.path,
            lineterm="",
        )
        return [strip_unsafe(line).replace("\n", " ") for line in lines]


@dataclass(frozen=True, slots=True)
class NoteConflict:
    """Both sides changed the note (or two files disagree): shown, never resolved for the user."""

    paper_id: str
    title: str
    path: str
    library_note: str
    file_note: str
    reason: str


@dataclass(frozen=True, slots=True)
class UnknownId:
    path: str
    paper_id: str


@dataclass(frozen=True, slots=True)
class SkippedFile:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class NoteImportPlan:
    """What `import-notes` would do; the library applies `changes` with `set_note(id, text)`."""

    changes: tuple[NoteChange, ...]
    conflicts: tuple[NoteConflict, ...]
    unknown_ids: tuple[UnknownId, ...]
    # Ids of papers whose file holds nothing new (in sync, or only the library changed).
    unchanged: tuple[str, ...]
    skipped: tuple[SkippedFile, ...]


def plan_note_import(sources: Path | Iterable[Path], papers: Iterable[Paper]) -> NoteImportPlan:
    """Plan from Markdown files, or every `.md` file under a folder (read as the vault is)."""
    paths: list[Path] = []
    for source in [sources] if isinstance(sources, Path) else sources:
        if source.is_dir():
            paths.extend(markdown_files(source))
        elif source.is_file():
            paths.append(source)
        else:
            raise ImportFormatError(str(source), "no such file or folder")
    texts: dict[str, str] = {}
    skipped = []
    for path in paths:
        text = read_text(path)
        if text is None:
            skipped.append(SkippedFile(str(path), "not UTF-8 text"))
        else:
            texts[str(path)] = text
    plan = plan_note_import_from_texts(texts, papers)
    return NoteImportPlan(
        plan.changes, plan.conflicts, plan.unknown_ids, plan.unchanged, (*skipped, *plan.skipped)
    )


@dataclass(frozen=True, slots=True)
class _FileNote:
    path: str
    note: str
    state: NoteState
    has_digest: bool


def plan_note_import_from_texts(
    files: Mapping[str, str], papers: Iterable[Paper]
) -> NoteImportPlan:
    """The same plan from file contents already read: name -> text."""
    library = {paper.id: paper for paper in papers}
    found: dict[str, list[_FileNote]] = {}
    unknown, skipped = [], []
    for path, text in files.items():
        file = parse_vault_file(text)
        paper_id, note = file.paper_id, file.note
        if paper_id is None:
            skipped.append(SkippedFile(path, "no readinglist id in its front matter"))
        elif paper_id not in library:
            unknown.append(UnknownId(path, paper_id))
        elif note is None:
            skipped.append(SkippedFile(path, "no note section between readinglist markers"))
        else:
            state = compare_notes(note, file.exported_digest, library[paper_id].note)
            file_note = _FileNote(path, note, state, file.exported_digest is not None)
            found.setdefault(paper_id, []).append(file_note)
    changes, conflicts, unchanged = [], [], []
    for paper_id, notes in found.items():
        paper = library[paper_id]
        edited = [n for n in notes if n.state in (NoteState.FILE_EDITED, NoteState.CONFLICT)]
        if not edited:
            unchanged.append(paper_id)
        elif len({n.note for n in edited}) > 1:
            paths = ", ".join(n.path for n in edited)
            reason = f"edited differently in several files: {paths}"
            conflicts.append(_conflict(paper, edited[0], reason))
        elif any(n.state is NoteState.CONFLICT for n in edited):
            conflicts.append(_conflict(paper, edited[0], _conflict_reason(edited[0])))
        else:
            title = display_title(paper.title)
            changes.append(NoteChange(paper_id, title, edited[0].path, paper.note, edited[0].note))
    return NoteImportPlan(
        tuple(changes), tuple(conflicts), tuple(unknown), tuple(unchanged), tuple(skipped)
    )


def _conflict(paper: Paper, file_note: _FileNote, reason: str) -> NoteConflict:
    title = display_title(paper.title)
    return NoteConflict(
        paper.id, title, file_note.path, clean_note(paper.note), file_note.note, reason
    )


def _conflict_reason(file_note: _FileNote) -> str:
    if not file_note.has_digest:
        return "the file does not record which note was exported (no note_sha), and they differ"
    return "edited both in the library and in the file since the last export"
