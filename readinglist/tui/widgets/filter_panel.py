"""The sidebar of quick filters: status, minimum rating, top tags and saved searches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from readinglist.model import MAX_RATING, Status
from readinglist.tui import render
from readinglist.tui.settings import QuickFilter

TOP_TAGS = 12


class FilterPanel(OptionList):
    """Choosing an entry toggles it in the quick filter; the screen applies the result."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "delete", "forget_search", "Forget search", show=False, id="filters.forget",
            tooltip="Remove the highlighted saved search",
        ),
    ]  # fmt: skip

    @dataclass
    class Changed(Message):
        quick_filter: QuickFilter

    @dataclass
    class SavedSearchChosen(Message):
        query: str

    @dataclass
    class SavedSearchForgotten(Message):
        query: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.quick_filter = QuickFilter()
        self._saved: list[str] = []

    def show(
        self,
        counts: dict[Status, int],
        tag_counts: Counter[str],
        quick_filter: QuickFilter,
        saved_searches: Sequence[str],
    ) -> None:
        """Rebuild the entries (a few dozen, so all at once is fine) keeping the highlight."""
        self.quick_filter = quick_filter
        self._saved = list(saved_searches)
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.set_options(self._entries(counts, tag_counts))
        if highlighted:
            self._highlight_id(highlighted)

    def _highlight_id(self, option_id: str) -> None:
        try:
            self.highlighted = self.get_option_index(option_id)
        except OptionDoesNotExist:  # the entry went away (a tag no longer used)
            self.highlighted = None

    def _entries(self, counts: dict[Status, int], tag_counts: Counter[str]) -> list[Option | None]:
        active = self.quick_filter
        total = sum(counts.values())
        options: list[Option | None] = [_heading("Status")]
        options.append(_entry("all", "All papers", total, active == QuickFilter()))
        for status in Status:
            options.append(
                _entry(
                    f"status:{status.value}",
                    render.STATUS_LABELS[status].capitalize(),
                    counts.get(status, 0),
                    active.status == status.value,
                )
            )
        options.append(_heading("Rating"))
        for rating in range(MAX_RATING, 2, -1):
            label = "★" * rating + ("" if rating == MAX_RATING else " and up")
            options.append(_entry(f"rating:{rating}", label, None, active.min_rating == rating))
        if tag_counts:
            options.append(_heading("Tags"))
            for tag, count in tag_counts.most_common(TOP_TAGS):
                options.append(_entry(f"tag:{tag}", f"#{tag}", count, active.tag == tag))
        if self._saved:
            options.append(_heading("Saved searches"))
            for index, query in enumerate(self._saved):
                options.append(_entry(f"saved:{index}", query, None, False))
        return options

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, value = (event.option.id or "").partition(":")
        current = self.quick_filter
        if kind == "saved":
            self.post_message(self.SavedSearchChosen(self._saved[int(value)]))
            return
        if kind == "all":
            chosen = QuickFilter()
        elif kind == "status":
            chosen = QuickFilter(
                None if current.status == value else value, current.tag, current.min_rating
            )
        elif kind == "tag":
            chosen = QuickFilter(
                current.status, None if current.tag == value else value, current.min_rating
            )
        elif kind == "rating":
            rating = int(value)
            minimum = None if current.min_rating == rating else rating
            chosen = QuickFilter(current.status, current.tag, minimum)
        else:
            return
        self.post_message(self.Changed(chosen))

    def action_forget_search(self) -> None:
        option = self.highlighted_option
        if option is not None and (option.id or "").startswith("saved:"):
            index = int((option.id or "").partition(":")[2])
            self.post_message(self.SavedSearchForgotten(self._saved[index]))


def _heading(text: str) -> Option:
    return Option(Content.styled(text, "bold $text-muted"), disabled=True)


def _entry(option_id: str, label: str, count: int | None, active: bool) -> Option:
    marker = Content.styled("▸ " if active else "  ", "bold $text-accent")
    text = render.plain(label)
    if active:
        text = text.stylize("bold $text-accent")
    parts = [marker, text]
    if count is not None:
        parts.append(Content.styled(f" {count:,}", "$text-muted"))
    return Option(Content("").join(parts), id=option_id)
