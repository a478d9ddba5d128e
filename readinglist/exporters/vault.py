"""A folder of one Markdown file per paper, re-exported without losing what the user wrote."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

import orjson

from readinglist.errors import ExportError
from readinglist.exporters.files import sync_folder_entries, write_atomic
from readinglist.exporters.markdown_text import display_title
from readinglist.exporters.safe_text import one_line
from readinglist.exporters.vault_file import (
    NoteState,
    VaultFile,
    compare_notes,
    parse_vault_file,
    refresh_file,
    render_new_file,
)
from readinglist.model import Paper

MANIFEST_NAME = ".readinglist-vault.json"
MANIFEST_FORMAT = "readinglist-vault"
MANIFEST_VERSION = 1
MAX_NAME_BYTES = 120


class VaultActionKind(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    # The user deleted the paper's file after an earlier export: it stays deleted.
    SKIPPED_DELETED = "skipped-deleted"
    # The note was edited in the file: kept as it is; generated parts may still be refreshed.
    KEPT_USER_EDIT = "kept-user-edit"
    # The note was edited in the file and in the library: the file's is kept, nothing merged.
    CONFLICT = "conflict"
    # Only after writing: the file changed on disk between planning and writing; not touched.
    SKIPPED_CHANGED = "skipped-changed"


@dataclass(frozen=True, slots=True)
class VaultAction:
    kind: VaultActionKind
    paper_id: str
    title: str
    # Relative to the vault folder, with `/` separators.
    path: str
    # The file's new text; None when nothing is written.
    content: str | None = None
    # Hash of the file's text when planned (None for a new file), checked again before writing.
    base_digest: str | None = None
    note_state: NoteState | None = None


@dataclass(frozen=True, slots=True)
class VaultPlan:
    """What an export into `folder` does, file by file; `write_vault` carries it out."""

    folder: Path
    actions: tuple[VaultAction, ...]

    def counts(self) -> Counter[VaultActionKind]:
        return Counter(action.kind for action in self.actions)

    def of_kind(self, *kinds: VaultActionKind) -> list[VaultAction]:
        return [action for action in self.actions if action.kind in kinds]


def export_vault(
    papers: Iterable[Paper], folder: Path, *, recreate_deleted: bool = False, dry_run: bool = False
) -> VaultPlan:
    """Plan the export and, unless `dry_run`, write it; returns what was (or would be) done."""
    plan = plan_vault_export(papers, folder, recreate_deleted=recreate_deleted)
    return plan if dry_run else write_vault(plan)


def plan_vault_export(
    papers: Iterable[Paper], folder: Path, *, recreate_deleted: bool = False
) -> VaultPlan:
    """Read the folder and decide, per paper, what to write; nothing is written."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is not a folder", "give a folder for --layout vault")
    old_manifest = read_manifest(folder)
    existing = _files_by_id(folder) if folder.is_dir() else {}
    taken = _names_in(folder)
    actions = []
    for paper in _unique(papers):
        found = _pick(existing.get(paper.id, []), old_manifest.get(paper.id))
        if found is not None:
            action = _refresh_action(paper, found)
        elif paper.id in old_manifest and not recreate_deleted:
            action = VaultAction(
                VaultActionKind.SKIPPED_DELETED,
                paper.id,
                display_title(paper.title),
                old_manifest[paper.id],
            )
        else:
            name = unique_file_name(paper, taken)
            taken.add(_name_key(name))
            action = VaultAction(
                VaultActionKind.CREATE,
                paper.id,
                display_title(paper.title),
                name,
                render_new_file(paper),
            )
        actions.append(action)
    return VaultPlan(folder, tuple(actions))


def _unique(papers: Iterable[Paper]) -> Iterator[Paper]:
    seen: set[str] = set()
    for paper in papers:
        if paper.id not in seen:
            seen.add(paper.id)
            yield paper


@dataclass(frozen=True, slots=True)
class _Found:
    path: str
    text: str
    file: VaultFile


def _pick(candidates: list[_Found], manifest_path: str | None) -> _Found | None:
    """The file for a paper; if the user copied it, the one the manifest names, else the first."""
    for found in candidates:
        if found.path == manifest_path:
            return found
    return candidates[0] if candidates else None


def _refresh_action(paper: Paper, found: _Found) -> VaultAction:
    state = compare_notes(found.file.note, found.file.exported_digest, paper.note)
    content = refresh_file(found.file, paper, state)
    changed = content != found.text
    if state is NoteState.CONFLICT:
        kind = VaultActionKind.CONFLICT
    elif state is NoteState.FILE_EDITED:
        kind = VaultActionKind.KEPT_USER_EDIT
    else:
        kind = VaultActionKind.UPDATE if changed else VaultActionKind.UNCHANGED
    return VaultAction(
        kind,
        paper.id,
        display_title(paper.title),
        found.path,
        content if changed else None,
        text_digest(found.text),
        state,
    )


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def markdown_files(folder: Path) -> Iterator[Path]:
    """Every `.md` file under `folder`, sorted; hidden folders (`.obsidian`, `.trash`) and
    files, and symbolic links, are left out."""
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if name.lower().endswith(".md") and not name.startswith(".") and not path.is_symlink():
                yield path


def read_text(path: Path) -> str | None:
    """A Markdown file's text; None when it is not UTF-8, so it cannot be one of ours."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror or error}") from error


def _files_by_id(folder: Path) -> dict[str, list[_Found]]:
    """Our files found by the id in their front matter, wherever the user moved or renamed them."""
    by_id: dict[str, list[_Found]] = {}
    for path in markdown_files(folder):
        text = read_text(path)
        if text is None:
            continue
        file = parse_vault_file(text)
        if file.paper_id:
            relative = path.relative_to(folder).as_posix()
            by_id.setdefault(file.paper_id, []).append(_Found(relative, text, file))
    return by_id


def _names_in(folder: Path) -> set[str]:
    try:
        return {_name_key(name) for name in os.listdir(folder)}
    except FileNotFoundError:
        return set()
    except OSError as error:
        raise ExportError(f"cannot read folder {folder}: {error.strerror or error}") from error


def _name_key(name: str) -> str:
    """Names that differ only in case or Unicode form are the same file on macOS and Windows."""
    return unicodedata.normalize("NFC", name).casefold()


# Separators, characters Windows forbids, and characters that break Obsidian's [[links]].
_UNSAFE_NAME_CHARS = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f\x7f]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_stem(title: str) -> str:
    """A file name stem from a title: printable, no path parts, not hidden, length-limited."""
    cleaned = _UNSAFE_NAME_CHARS.sub(" ", unicodedata.normalize("NFC", one_line(title)))
    stem = " ".join(cleaned.split()).strip(". ")
    while len(stem.encode()) > MAX_NAME_BYTES:
        stem = stem[:-1].rstrip(". ")
    if _WINDOWS_RESERVED.match(stem):
        stem = f"{stem} paper"
    return stem


def unique_file_name(paper: Paper, taken: set[str]) -> str:
    """`Title.md`, or `Title (id).md` when that name is taken; `taken` holds `_name_key`s."""
    stem = safe_stem(paper.title) or paper.id
    # Lazily: the numbered names are a last resort, and listing them all costs O(len(taken)).
    numbered = (f"{stem} ({paper.id}) {n}" for n in itertools.count(2))
    candidates = itertools.chain(
        [stem, f"{stem} ({paper.id[:6]})", f"{stem} ({paper.id})"], numbered
    )
    return next(f"{c}.md" for c in candidates if _name_key(f"{c}.md") not in taken)


def read_manifest(folder: Path) -> dict[str, str]:
    """Paper id -> file name of each paper exported to this folder before; empty if none."""
    path = folder / MANIFEST_NAME
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, orjson.JSONDecodeError) as error:
        raise _bad_manifest(path, str(error)) from error
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise _bad_manifest(path, "not a readinglist vault manifest")
    files = data.get("files")
    if not isinstance(files, dict):
        raise _bad_manifest(path, "no `files` table")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        raise _bad_manifest(path, "file names must be strings")
    return dict(files)


def _bad_manifest(path: Path, reason: str) -> ExportError:
    return ExportError(
        f"{path}: {reason}",
        "move it away to export afresh; papers whose files you deleted will then come back",
    )


def write_vault(plan: VaultPlan) -> VaultPlan:
    """Write the planned files, then the manifest; a file that changed on disk since the plan
    was made is left alone and reported as `skipped-changed`."""
    actions = tuple(_write_action(plan.folder, action) for action in plan.actions)
    created = {(plan.folder / a.path).parent for a in actions if a.kind is VaultActionKind.CREATE}
    for folder in sorted(created):
        sync_folder_entries(folder)
    old_manifest = read_manifest(plan.folder)
    manifest = dict(old_manifest)
    for action in actions:
        if action.kind is not VaultActionKind.SKIPPED_CHANGED or action.base_digest is not None:
            manifest[action.paper_id] = action.path
    if manifest != old_manifest:
        document = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "files": manifest}
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
        plan.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(plan.folder / MANIFEST_NAME, text + "\n")
    return replace(plan, actions=actions)


def _write_action(folder: Path, action: VaultAction) -> VaultAction:
    if action.content is None:
        return action
    path = folder / action.path
    if not _unchanged_since_planned(path, action):
        return replace(action, kind=VaultActionKind.SKIPPED_CHANGED, content=None)
    folder.mkdir(parents=True, exist_ok=True)
    # A new file holds nothing of the user's yet: not worth two fsyncs each; the folder is
    # synced once at the end. A replaced file may hold their writing, so it is made durable.
    write_atomic(path, action.content, durable=action.base_digest is not None)
    return action


def _unchanged_since_planned(path: Path, action: VaultAction) -> bool:
    if action.base_digest is None:
        # A new file: nothing may have appeared under its name meanwhile.
        return not os.path.lexists(path)
    current = read_text(path) if path.is_file() else None
    return current is not None and text_digest(current) == action.base_digest
