"""Atomic, durable, private file writes."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from readinglist.errors import StorageError

TEMP_MARKER = ".tmp-"
FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(folder: Path) -> None:
    """Create the folder (owner-only) if missing; existing folders keep their mode."""
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"{folder}: cannot create folder: {error.strerror}") from error


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` survive a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename over `path`, fsync the folder.

    A crash at any moment leaves either the old or the new file; a failure (full disk,
    permissions) leaves the old file untouched and raises StorageError.
    """
    temp = path.with_name(f"{path.name}{TEMP_MARKER}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
        fsync_dir(path.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StorageError(f"{path}: cannot write: {error.strerror or error}") from error


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Delete temp files left by writers that were killed; call only while holding the lock."""
    removed = []
    for stray in path.parent.glob(f"{path.name}*{TEMP_MARKER}*"):
        with contextlib.suppress(OSError):
            stray.unlink()
            removed.append(stray)
    return removed
