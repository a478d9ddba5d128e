"""Messages the app sends to every open screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class LibraryChanged(Message):
    """Papers changed (by this app or another process): screens refresh what they show.

    `paper_ids` are the papers touched (empty when only background data arrived).
    """

    paper_ids: frozenset[str]
