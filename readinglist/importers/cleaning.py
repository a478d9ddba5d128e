"""Shared clean-up of imported text: line endings, unsafe characters, spacing."""

from __future__ import annotations

import re

from readinglist.text import strip_unsafe

# Runs of spacing worth rewriting: single plain spaces (almost all of them) are left alone.
_UNEVEN_SPACING = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")
_BLANK_LINES = re.compile(r"\n{3,}")
_NON_SPACE = re.compile(r"[^\s\ufeff]")
# The ASCII characters str.isprintable() rejects: C0 controls (line breaks too) and DEL.
_ASCII_CONTROLS = bytes([*range(0x20), 0x7F])


def split_lines(text: str) -> list[str]:
    """Lines without their endings, whatever the newline convention; a leading BOM is dropped."""
    return normalise_newlines(text).split("\n")


def normalise_newlines(text: str) -> str:
    """LF line endings and no leading BOM (cheap when there is nothing to change)."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def text_start(text: str, length: int = 200) -> str:
    """The first `length` characters from the first one that is not space (or a BOM)."""
    found = _NON_SPACE.search(text)
    return text[found.start() : found.start() + length] if found else ""


def clean_paragraphs(text: str) -> str:
    """Safe multi-line text: spacing collapsed inside lines, at most one blank line in a row."""
    if "\n" not in text and "\r" not in text:
        return _clean_line(text)
    joined = "\n".join(_clean_line(line) for line in split_lines(text)).strip()
    return _BLANK_LINES.sub("\n\n", joined) if "\n\n\n" in joined else joined


def _clean_line(line: str) -> str:
    # Line by line, an unterminated escape sequence can swallow at most the rest of its line.
    if not _is_printable(line):
        line = strip_unsafe(line)
    if "  " in line or "\t" in line or "\u00a0" in line:
        line = _UNEVEN_SPACING.sub(" ", line)
    return line.strip()


def _is_printable(line: str) -> bool:
    """`line.isprintable()`, several times faster for ASCII (abstracts are long)."""
    if line.isascii():
        return len(line.encode().translate(None, _ASCII_CONTROLS)) == len(line)
    return line.isprintable()


def join_wrapped(lines: list[str]) -> str:
    """A paragraph wrapped over several lines, joined back into one line."""
    return " ".join(stripped for line in lines if (stripped := line.strip()))


def unwrap_paragraphs(lines: list[str]) -> str:
    """Wrapped lines joined back into paragraphs; blank lines separate paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(join_wrapped(p) for p in paragraphs if p)
