"""Neutralising untrusted text: escape sequences, control and invisible characters."""

from __future__ import annotations

import re

# CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL|ST`), DCS/SOS/PM/APC strings, and two-byte escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x9d\x90\x98\x9e\x9f].*?(?:\x07|\x9c|$)"
    r"|\x1b[ -/]*[0-~]?",
    re.DOTALL,
)
# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# and invisible characters that can hide text (zero-width space, word joiner, BOM).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_SPACES = re.compile(r"[ \t\u00a0]+")


def strip_unsafe(text: str) -> str:
    """Remove escape sequences and control characters; keep newlines and tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE.sub("", _ESCAPE_SEQUENCE.sub("", text))


def one_line(text: str) -> str:
    """Safe text collapsed onto one line, for titles, tags and table cells."""
    if text.isprintable() and "  " not in text:
        # The common case, and a hot path: isprintable() is False for every character
        # strip_unsafe removes, for line breaks and tabs, and for no-break spaces.
        return text.strip()
    return _SPACES.sub(" ", strip_unsafe(text).replace("\n", " ").replace("\t", " ")).strip()


def has_unsafe(text: str) -> bool:
    """Whether `strip_unsafe` would change anything (line endings aside)."""
    return bool(_ESCAPE_SEQUENCE.search(text) or _INVISIBLE.search(text))
