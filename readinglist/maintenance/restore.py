"""Restoring a backup as one ordinary, undoable change computed from the current papers."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readinglist.errors import LibraryDamagedError, LibraryVersionError
from readinglist.library import Change, Library
from readinglist.maintenance.backups import STAMP_FORMAT, Backup
from readinglist.model import SCHEMA_VERSION, Paper
from readinglist.ops import Op, add_op, remove_op
from readinglist.storage.files import fsync_dir
from readinglist.storage.journal import Journal
from readinglist.storage.lock import LibraryLock
from readinglist.storage.snapshot import abstracts_path, read_abstracts, read_snapshot

DAMAGED_MARKER = ".damaged-"  # files set aside to restore a backup in their place
REPAIR_MARKER = ".before-repair-"  # copies of what `doctor --repair` replaced


@dataclass(frozen=True, slots=True)
class RestorePlan:
    """What restoring a backup does to the library as it is now."""

    added: list[Paper]  # only in the backup: they come back
    removed: list[Paper]  # only in the library: they go
    changed: list[Paper]  # in both with different fields: the library's version, replaced

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def read_backup(backup: Backup) -> dict[str, Paper]:
    """Every paper of a backup, abstracts included; raises LibraryDamagedError if unusable."""
    meta, records = read_snapshot(backup.snapshot)
    schema = meta.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise LibraryVersionError(
            f"{backup.snapshot}: backup written by a newer readinglist (schema {schema!r})",
            "upgrade readinglist to restore it",
        )
    abstracts = read_abstracts(backup.snapshot)
    papers = {}
    for number, record in enumerate(records, start=1):
        try:
            paper = Paper.from_dict(record)
        except (KeyError, TypeError, ValueError) as error:
            reason = f"paper record {number} is malformed ({type(error).__name__}: {error})"
            raise LibraryDamagedError(str(backup.snapshot), reason) from None
        paper.abstract = paper.abstract or abstracts.get(paper.id, "")
        papers[paper.id] = paper
    return papers


def plan_restore(current: Mapping[str, Paper], target: Mapping[str, Paper]) -> RestorePlan:
    return RestorePlan(
        added=[p for pid, p in target.items() if pid not in current],
        removed=[p for pid, p in current.items() if pid not in target],
        changed=[p for pid, p in current.items() if pid in target and _differs(p, target[pid])],
    )


def restore_ops(current: Mapping[str, Paper], target: Mapping[str, Paper]) -> list[Op]:
    """Journal ops that turn `current` into exactly `target` (every field, unknown ones too)."""
    plan = plan_restore(current, target)
    result = [remove_op(p) for p in plan.removed]
    for paper in plan.changed:
        result.extend(_replace_ops(paper, target[paper.id]))
    result.extend(add_op(p) for p in plan.added)
    return result


@dataclass(frozen=True, slots=True)
class RestoreResult:
    change: Change | None  # None: the library already matched the backup
    safety_backup: Backup | None  # the library as it was just before (None if it was empty)


def restore(library: Library, backup: Backup, target: Mapping[str, Paper]) -> RestoreResult:
    """Back up the library as it is, then make it hold exactly the backup's papers.

    One change in the journal: `readinglist undo` takes the whole restore back.
    """
    safety = library.checkpoint()
    change = library.commit_ops(
        f"restore backup {backup.id}", lambda current: restore_ops(current, target)
    )
    return RestoreResult(change, safety)


def set_aside_damaged(library_path: Path, now: datetime | None = None) -> list[Path]:
    """Rename a library's files that cannot be opened to `<name>.damaged-<time>`.

    They are kept, never deleted; the library path is then free for a restored library.
    """
    stamp = (now or datetime.now(UTC)).strftime(STAMP_FORMAT)
    journal = Journal(library_path).path
    kept = []
    with LibraryLock(library_path).held():
        for file in (library_path, abstracts_path(library_path), journal):
            if file.exists():
                target = file.with_name(f"{file.name}{DAMAGED_MARKER}{stamp}")
                os.rename(file, target)
                kept.append(target)
        fsync_dir(library_path.parent)
    return kept


def _differs(paper: Paper, other: Paper) -> bool:
    return paper.to_record() != other.to_record()


def _replace_ops(current: Paper, target: Paper) -> list[Op]:
    """A `set` of the fields that differ; remove + add when unknown fields differ, which a
    `set` cannot express."""
    if current.extra != target.extra:
        return [remove_op(current), add_op(target)]
    before: dict[str, Any] = current.to_record()
    after: dict[str, Any] = target.to_record()
    keys = [k for k in after if k != "id" and before.get(k) != after[k]]
    return [
        {
            "op": "set",
            "id": current.id,
            "before": {k: before[k] for k in keys},
            "after": {k: after[k] for k in keys},
        }
    ]
