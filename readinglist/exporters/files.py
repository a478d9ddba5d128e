"""Writing exports to disk: atomically, and never over an existing file unless forced."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from readinglist.errors import ExportError


def write_export(path: Path, text: str, *, force: bool = False) -> None:
    """Write one exported document; an existing file is only replaced with `force`."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder", "give a file name after -o")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists", "use --force to overwrite it")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: folder {path.parent} does not exist")
    write_atomic(path, text)


def write_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace `path` with `text` in one step: readers see the old file or the new, never half.

    The temporary file is hidden (leading dot) and next to the target, so `os.replace` stays on
    one file system; an existing file keeps its permissions. `durable` flushes the file and the
    rename to disk (two fsyncs, milliseconds each); writing many new files, pass False and call
    `sync_folder_entries` once per folder at the end.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # Mode "x" creates the file with the user's umask, unlike mkstemp's private 0600.
        with temporary.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from error
    if durable:
        sync_folder_entries(path.parent)


def sync_folder_entries(folder: Path) -> None:
    """Make the rename itself durable; not every platform lets a folder be opened for this."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
