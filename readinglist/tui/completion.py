"""Completions for the tag editor and the path inputs: pure functions, easy to test."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import fuzz, process


def suggest_tags(
    token: str, tag_counts: Counter[str], exclude: Iterable[str] = (), limit: int = 8
) -> list[str]:
    """Existing tags for a partly typed one: prefix matches first, then fuzzy ones by score."""
    skip = set(exclude)
    candidates = [tag for tag in tag_counts if tag not in skip]
    word = token.strip().lower().lstrip("-")
    if not word:
        return sorted(candidates, key=lambda t: (-tag_counts[t], t))[:limit]
    prefixed = sorted(
        (t for t in candidates if t.startswith(word)), key=lambda t: (-tag_counts[t], t)
    )
    fuzzy = process.extract(
        word, [t for t in candidates if not t.startswith(word)], scorer=fuzz.WRatio,
        limit=limit, score_cutoff=60,
    )  # fmt: skip
    ranked = [tag for tag, _score, _index in sorted(fuzzy, key=lambda m: (-m[1], m[0]))]
    return (prefixed + ranked)[:limit]


def split_tags(text: str) -> list[str]:
    """Tags as typed: separated by spaces or commas."""
    return [part for part in text.replace(",", " ").split() if part]


def last_token(text: str) -> str:
    """The tag being typed (empty right after a separator)."""
    if not text or text[-1] in " ,":
        return ""
    return split_tags(text)[-1]


def complete_last_token(text: str, tag: str) -> str:
    """Replace the token being typed by `tag` (keeping a leading `-`), ready for the next."""
    token = last_token(text)
    head = text[: len(text) - len(token)]
    sign = "-" if token.startswith("-") else ""
    return f"{head}{sign}{tag} "


def suggest_path(text: str) -> str | None:
    """Complete a path the way a shell does: the entry that extends it, if there is one."""
    if not text:
        return None
    expanded = Path(os.path.expanduser(text))
    folder, stem = (expanded, "") if text.endswith(os.sep) else (expanded.parent, expanded.name)
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.startswith(stem))
    except OSError:
        return None
    names = [n for n in names if not n.startswith(".") or stem.startswith(".")]
    if not names:
        return None
    common = _common_prefix(names)
    if common == stem and len(names) > 1:
        return None
    completed = text + common[len(stem) :]
    if len(names) == 1 and (folder / names[0]).is_dir():
        completed += os.sep
    return completed if completed != text else None


def _common_prefix(words: list[str]) -> str:
    """The characters every word starts with (the first and last in order decide it)."""
    first, last = min(words), max(words)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]
