"""Gathering what to import: files, the importable files of folders, and standard input."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from readinglist.errors import ImportFormatError
from readinglist.importers.decoding import MAX_IMPORT_BYTES, check_size

STDIN_NAME = "<stdin>"
IMPORTABLE_SUFFIXES = (".txt", ".json", ".bib")


def collect_inputs(paths: list[str], stdin: BinaryIO) -> list[tuple[str, bytes]]:
    """(source name, bytes) for each path: a file, every importable file in a folder, or `-`."""
    inputs: list[tuple[str, bytes]] = []
    for path in paths:
        if path == "-":
            inputs.append((STDIN_NAME, _read_stdin(stdin)))
        elif os.path.isdir(path):
            inputs.extend((str(file), _read_file(str(file))) for file in _folder_files(path))
        else:
            inputs.append((path, _read_file(path)))
    return inputs


def _folder_files(folder: str) -> list[Path]:
    """Importable files directly inside a folder, by name; hidden files are left out."""
    try:
        entries = list(Path(folder).iterdir())
    except OSError as error:
        raise ImportFormatError(folder, f"cannot read the folder: {_why(error)}") from None
    files = sorted(
        (
            entry
            for entry in entries
            if entry.suffix.lower() in IMPORTABLE_SUFFIXES
            and not entry.name.startswith(".")
            and entry.is_file()
        ),
        key=lambda entry: entry.name,
    )
    if not files:
        raise ImportFormatError(
            folder, f"the folder has no {', '.join(IMPORTABLE_SUFFIXES)} files to import"
        )
    return files


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as file:
            check_size(path, os.fstat(file.fileno()).st_size)
            return _read_limited(path, file)
    except FileNotFoundError:
        raise ImportFormatError(path, "no such file or folder") from None
    except OSError as error:
        raise ImportFormatError(path, f"cannot read: {_why(error)}") from None


def _read_stdin(stdin: BinaryIO) -> bytes:
    try:
        return _read_limited(STDIN_NAME, stdin)
    except OSError as error:
        raise ImportFormatError(STDIN_NAME, f"cannot read: {_why(error)}") from None


def _read_limited(source: str, stream: BinaryIO) -> bytes:
    """The whole stream, refusing to hold more than the import limit in memory."""
    data = stream.read(MAX_IMPORT_BYTES + 1)
    check_size(source, len(data))
    return data


def _why(error: OSError) -> str:
    return error.strerror or str(error)
