"""BibTeX entries for papers: stable citation keys, escaped values that parse back exactly."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from readinglist.bibtex_text import (
    AUTHOR_COUNT_FIELD,
    ID_FIELD,
    escape_bibtex,
)
from readinglist.exporters.markdown_text import clean_note
from readinglist.model import ID_LENGTH, Paper
from readinglist.text import one_line

KEY_ID_LENGTH = 4

_NON_KEY_CHARS = re.compile(r"[^a-z0-9]")
_STOP_WORDS = frozenset({"a", "an", "the", "on", "of", "in", "for", "to", "and", "towards"})


def _ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _NON_KEY_CHARS.sub("", decomposed.encode("ascii", "ignore").decode())


def _key_stem(paper: Paper) -> str:
    """First author's surname, else the first real word of the title, then the year."""
    word = ""
    if isinstance(paper.authors, list) and paper.authors:
        first = paper.authors[0]
        # "Surname, Given" or "Given Surname".
        surname = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
        word = _ascii_word(surname)
    if not word:
        words = (_ascii_word(w) for w in one_line(paper.title).split())
        word = next((w for w in words if w and w not in _STOP_WORDS), "")
    year = paper.published[:4] if paper.published and paper.published[:4].isdigit() else ""
    return (word[:20] or "paper") + year


def citation_keys(papers: Sequence[Paper]) -> dict[str, str]:
    """Paper id -> citation key such as `vaswani2017a1b2`; the id part grows only on a clash."""
    keys = {paper.id: _key_stem(paper) + _ascii_word(paper.id)[:KEY_ID_LENGTH] for paper in papers}
    for length in range(KEY_ID_LENGTH + 1, ID_LENGTH + 1):
        clashes = {key for key, count in Counter(keys.values()).items() if count > 1}
        if not clashes:
            break
        for paper in papers:
            if keys[paper.id] in clashes:
                keys[paper.id] = _key_stem(paper) + _ascii_word(paper.id)[:length]
    return _numbered_when_still_equal(papers, keys)


def _numbered_when_still_equal(papers: Sequence[Paper], keys: dict[str, str]) -> dict[str, str]:
    """Ids that agree in every character we use (not ours) still need distinct keys."""
    seen: Counter[str] = Counter()
    for paper in papers:
        key = keys[paper.id]
        seen[key] += 1
        if seen[key] > 1:
            keys[paper.id] = f"{key}x{seen[key]}"
    return keys


def export_bibtex(papers: Sequence[Paper]) -> str:
    """One `@misc` entry per paper (the model has no venue, which `@article` needs)."""
    keys = citation_keys(papers)
    return "\n".join(_entry(paper, keys[paper.id]) for paper in papers)


def _entry(paper: Paper, key: str) -> str:
    fields = [("title", escape_bibtex(one_line(paper.title)))]
    if isinstance(paper.authors, list):
        names = [_author(name) for name in paper.authors if one_line(name)]
        if names:
            fields.append(("author", " and ".join(names)))
    elif isinstance(paper.authors, int):
        fields.append((AUTHOR_COUNT_FIELD, str(paper.authors)))
    fields += _date_fields(paper.published)
    if paper.abstract.strip():
        fields.append(("abstract", escape_bibtex(paper.abstract)))
    if paper.tags:
        fields.append(("keywords", escape_bibtex(", ".join(paper.tags))))
    note = clean_note(paper.note)
    if note:
        fields.append(("annote", escape_bibtex(note)))
    fields.append((ID_FIELD, escape_bibtex(paper.id)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body},\n}}\n"


def _author(name: str) -> str:
    """One escaped name, braced when it holds ` and ` or a comma, which BibTeX reads as syntax."""
    escaped = escape_bibtex(one_line(name))
    if re.search(r"\band\b", escaped, re.IGNORECASE) or "," in escaped:
        return f"{{{escaped}}}"
    return escaped


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _date_fields(published: str | None) -> list[tuple[str, str]]:
    """`year`, then `month` and `day` as plain numbers when the date has them."""
    match = _DATE.match(published or "")
    if not match:
        return []
    year, month, day = match.groups()
    fields = [("year", year)]
    if month:
        fields.append(("month", str(int(month))))
    if day:
        fields.append(("day", str(int(day))))
    return fields
