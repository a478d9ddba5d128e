"""A TextArea that highlights Markdown with a few regular expressions (no tree-sitter needed)."""

from __future__ import annotations

import re

from textual.widgets import TextArea

# (pattern, highlight name from the TextArea theme); earlier rules win where they overlap.
_LINE_RULES = [
    (re.compile(r"^(#{1,6}\s).*$"), "heading"),
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s"), "list.marker"),
    (re.compile(r"^\s*>.*$"), "comment"),
]
_INLINE_RULES = [
    (re.compile(r"`[^`\n]+`"), "inline_code"),
    (re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"), "bold"),
    (re.compile(r"(?<![*\w])\*[^*\n]+\*(?!\*)|(?<![_\w])_[^_\n]+_(?!_)"), "italic"),
    (re.compile(r"~~[^~\n]+~~"), "strikethrough"),
    (re.compile(r"\[[^\]\n]*\]"), "link.label"),
    (re.compile(r"(?<=\])\([^)\n]*\)|https?://\S+"), "link.uri"),
]
_FENCE = re.compile(r"^\s*(```|~~~)")


def markdown_highlights(lines: list[str]) -> dict[int, list[tuple[int, int | None, str]]]:
    """Byte ranges to highlight per line, as `TextArea` expects them."""
    highlights: dict[int, list[tuple[int, int | None, str]]] = {}
    in_fence = False
    for row, line in enumerate(lines):
        found: list[tuple[int, int | None, str]] = []
        if _FENCE.match(line) or in_fence:
            found.append((0, None, "inline_code"))
            if _FENCE.match(line):
                in_fence = not in_fence
        else:
            for pattern, name in _LINE_RULES:
                if match := pattern.match(line):
                    found.append(_byte_range(line, match.start(), match.end(), name))
            for pattern, name in _INLINE_RULES:
                found += [
                    _byte_range(line, m.start(), m.end(), name) for m in pattern.finditer(line)
                ]
        if found:
            highlights[row] = found
    return highlights


def _byte_range(line: str, start: int, end: int, name: str) -> tuple[int, int, str]:
    return len(line[:start].encode()), len(line[:end].encode()), name


class MarkdownArea(TextArea):
    """Soft-wrapped Markdown editing with headings, emphasis, code and links coloured."""

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        self._highlights.clear()
        self._highlights.update(markdown_highlights(self.document.lines))
