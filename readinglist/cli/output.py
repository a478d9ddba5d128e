"""Printing for the CLI: terminal-safe text, one-line paper rows, progress bars."""

from __future__ import annotations

import re
import shutil
import sys
from typing import Any, TextIO

import orjson

from readinglist.model import MAX_RATING, Paper
from readinglist.text import one_line, strip_unsafe

STATUS_WIDTH = 8


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (MAX_RATING - rating) if rating else "unrated"


def authors_text(paper: Paper) -> str:
    if isinstance(paper.authors, list):
        return one_line(", ".join(paper.authors))
    if isinstance(paper.authors, int):
        return f"{paper.authors} author{'s' if paper.authors != 1 else ''}"
    return ""


def paper_row(paper: Paper, short_id: str, width: int) -> str:
    """`3fa9c2  to-read  ★★★★☆  Title …  #tag #tag`, cut to the terminal width."""
    rating = stars(paper.rating) if paper.rating else "·····"
    tags = " ".join(f"#{one_line(t)}" for t in paper.tags)
    head = f"{short_id}  {paper.status.value:<{STATUS_WIDTH}} {rating}  "
    title = one_line(paper.title) + (" (derived)" if paper.title_derived else "")
    room = max(width - len(head) - (len(tags) + 2 if tags else 0), 20)
    if len(title) > room:
        title = title[: room - 1] + "…"
    return f"{head}{title}" + (f"  {tags}" if tags else "")


def paper_details(paper: Paper, short_id: str) -> str:
    lines = [
        one_line(paper.title)
        + ("  [title derived from the abstract]" if paper.title_derived else "")
    ]
    meta = [
        f"id {short_id}",
        paper.status.value,
        stars(paper.rating),
        authors_text(paper),
        f"published {one_line(paper.published)}" if paper.published else "",
        f"{paper.upvotes} upvotes" if paper.upvotes is not None else "",
    ]
    lines.append(" · ".join(m for m in meta if m))
    if paper.tags:
        lines.append("tags: " + " ".join(f"#{one_line(t)}" for t in paper.tags))
    for source in paper.sources:
        lines.append(
            f"source: {one_line(source.file)} (batch {source.batch}, {source.imported_at})"
        )
    if paper.abstract:
        lines += ["", strip_unsafe(paper.abstract)]
    if paper.note:
        lines += ["", "Note:", strip_unsafe(paper.note)]
    return "\n".join(lines)


# What a terminal may act on that orjson leaves raw: DEL, C1 controls, bidi and invisible marks.
_TERMINAL_ACTIVE = re.compile("[\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def json_for_terminal(value: Any, indent: bool = False) -> str:
    """JSON whose every character a terminal could act on is a \\u escape: same data, inert."""
    text = orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else 0).decode()
    return _TERMINAL_ACTIVE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def terminal_width(stream: TextIO = sys.stdout) -> int:
    return shutil.get_terminal_size((100, 24)).columns if stream.isatty() else 160


class ProgressBar:
    """A one-line bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str, stream: TextIO = sys.stderr) -> None:
        self.label = label
        self.stream = stream
        self.enabled = stream.isatty()
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        width = max(10, min(40, shutil.get_terminal_size().columns - len(self.label) - 20))
        filled = width * done // total
        bar = "━" * filled + "╺" + " " * (width - filled - 1) if filled < width else "━" * width
        self.stream.write(f"\r{self.label} {bar} {done}/{total}")
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
