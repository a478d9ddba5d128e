"""Command palette: jump to any paper by fuzzy title (hits are built as Content, never markup)."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, cast

from rapidfuzz import fuzz, process
from textual.command import Hit, Hits, Provider

from readinglist.text import one_line
from readinglist.tui import render

if TYPE_CHECKING:
    from readinglist.tui.app import ReadingListApp

MAX_HITS = 12


class PaperCommands(Provider):
    """Titles are snapshotted when the palette opens; matching runs off the event loop."""

    async def startup(self) -> None:
        app = cast("ReadingListApp", self.app)
        self._titles = {pid: one_line(p.title) for pid, p in app.library.papers.items()}

    async def search(self, query: str) -> Hits:
        app = cast("ReadingListApp", self.app)
        words = query.strip()
        if len(words) < 2:
            return
        matches = await asyncio.to_thread(
            process.extract, words, self._titles, scorer=fuzz.WRatio, limit=MAX_HITS,
            score_cutoff=55,
        )  # fmt: skip
        finder = partial(_spans, words)
        for title, score, paper_id in matches:
            paper = app.library.papers.get(paper_id)
            if paper is None:
                continue
            yield Hit(
                score / 100,
                render.title(paper, finder),
                partial(app.jump_to_paper, paper_id),
                text=title,
                help=f"Go to this paper · {render.STATUS_LABELS[paper.status]}",
            )


def _spans(query: str, text: str) -> list[tuple[int, int]]:
    """Where the query's words appear in the title, for highlighting."""
    lowered = text.casefold()
    spans = []
    for word in query.casefold().split():
        start = lowered.find(word)
        if start >= 0:
            spans.append((start, start + len(word)))
    return spans
