"""Turning the bytes of an import file into text, with clear errors for what is not text."""

from __future__ import annotations

import codecs

from readinglist.errors import ImportFormatError
from readinglist.importers.cleaning import normalise_newlines

MAX_IMPORT_BYTES = 256 * 1024 * 1024

# Leading bytes of common binary formats that someone might pass by mistake.
_BINARY_SIGNATURES = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"SQLite format 3\x00",
)
_SAVE_AS_UTF8 = "save it as UTF-8 text and try again"


def check_size(source: str, size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise ImportFormatError(
            source,
            f"file is too large ({size / 2**20:.0f} MiB; at most {MAX_IMPORT_BYTES // 2**20} MiB)",
            hint="split it into smaller files",
        )


def decode(source: str, data: bytes) -> str:
    """UTF-8 (or UTF-16 with a BOM) bytes as text with `\\n` line endings and no BOM."""
    check_size(source, len(data))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_checked(source, data, "utf-16")
    else:
        _reject_binary(source, data)
        text = _decode_checked(source, data, "utf-8-sig")
    if "\x00" in text:
        raise ImportFormatError(source, "looks like a binary file (it contains NUL characters)")
    text = normalise_newlines(text)
    if not text or text.isspace():
        raise ImportFormatError(source, "file is empty")
    return text


def _reject_binary(source: str, data: bytes) -> None:
    if b"\x00" in data or data.startswith(_BINARY_SIGNATURES):
        raise ImportFormatError(
            source,
            "looks like a binary file, not text",
            hint="if it is UTF-16 text without a byte order mark, " + _SAVE_AS_UTF8,
        )


def _decode_checked(source: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = _line_of_offset(data, error.start, encoding)
        bad = data[error.start : error.start + 1].hex()
        name = "UTF-8" if encoding.startswith("utf-8") else "UTF-16"
        raise ImportFormatError(
            source, f"not valid {name} text (bad byte 0x{bad})", line, hint=_SAVE_AS_UTF8
        ) from None


def _line_of_offset(data: bytes, offset: int, encoding: str) -> int:
    before = data[:offset].decode(encoding, errors="replace")
    return before.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
