"""Schema migrations: each step upgrades a library by one schema version."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from readinglist.errors import LibraryDamagedError
from readinglist.model import SCHEMA_VERSION
from readinglist.storage.files import FILE_MODE

Records = list[dict[str, Any]]
Step = Callable[[dict[str, Any], Records], tuple[dict[str, Any], Records]]

# STEPS[n] turns schema n into schema n + 1. Schema 1 is the first released one.
STEPS: dict[int, Step] = {}


def backup_path(path: Path, schema: int) -> Path:
    return path.with_name(f"{path.name}.schema{schema}.bak")


def migrate(
    path: Path,
    meta: dict[str, Any],
    records: Records,
    write: Callable[[dict[str, Any], Records], None],
) -> tuple[dict[str, Any], Records]:
    """Upgrade to SCHEMA_VERSION, keeping a copy of the old file beside it first."""
    old_schema = int(meta["schema"])
    backup = backup_path(path, old_schema)
    shutil.copy2(path, backup)
    backup.chmod(FILE_MODE)
    for schema in range(old_schema, SCHEMA_VERSION):
        step = STEPS.get(schema)
        if step is None:
            raise LibraryDamagedError(str(path), f"no migration from schema {schema}")
        meta, records = step(meta, records)
        meta["schema"] = schema + 1
    write(meta, records)
    return meta, records
