"""BibTeX values as readinglist writes them, and exactly back (shared by export and import)."""

from __future__ import annotations

import re

from readinglist.text import strip_unsafe

# Marks an entry as written by readinglist: its values are read back exactly, not as LaTeX.
ID_FIELD = "readinglist-id"
# Only a count of authors is known: kept in a field of ours, since `author` needs names.
AUTHOR_COUNT_FIELD = "readinglist-authors"

# Each character TeX or BibTeX would read as syntax, and how it is written instead. Braces are
# escaped with a backslash, which bibtexparser does not count when balancing a value.
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIALS = re.compile(r"[\\{}%&#$_~^]")
# `@` first on a line (after spaces) looks like the start of a new entry to bibtexparser.
_LINE_START_AT = re.compile(r"^([^\S\n]*)@", re.MULTILINE)
_ESCAPED = re.compile(r"\\(?:textbackslash|textasciitilde|textasciicircum)\{\}|\\[{}%&#$_]|\{@\}")
_UNESCAPES = {escaped: char for char, escaped in _ESCAPES.items()} | {"{@}": "@"}


def escape_bibtex(text: str) -> str:
    """Text as the inside of a `{...}` BibTeX value; `unescape_bibtex` gives it back exactly."""
    escaped = _SPECIALS.sub(lambda m: _ESCAPES[m.group(0)], strip_unsafe(text))
    return _LINE_START_AT.sub(r"\1{@}", escaped)


def unescape_bibtex(value: str) -> str:
    """The text `escape_bibtex` was given, from a field value as bibtexparser returns it."""
    return _ESCAPED.sub(lambda m: _UNESCAPES[m.group(0)], value)


_AUTHOR_SYNTAX = re.compile(r"\\.|[{}]|\s+and\s+", re.IGNORECASE)


def author_names(value: str) -> list[str]:
    """The names in an `author` value we wrote: split on ` and ` outside braces, unescaped."""
    names, depth, start = [], 0, 0
    for match in _AUTHOR_SYNTAX.finditer(value):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and not token.startswith("\\"):
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [unescape_bibtex(_unbraced(name.strip())) for name in names if name.strip()]


def _unbraced(name: str) -> str:
    """`{Smith and Sons}` -> `Smith and Sons`; `{A} {B}` (two groups) stays as it is."""
    if not (name.startswith("{") and name.endswith("}")):
        return name
    depth = 0
    for match in re.finditer(r"\\.|[{}]", name):
        depth += {"{": 1, "}": -1}.get(match.group(0), 0)
        if depth == 0:
            return name[1:-1] if match.end() == len(name) else name
    return name
