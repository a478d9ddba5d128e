"""A read-only scrolling list of one-line rows rendered on demand (for previews of any size)."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

RowRenderer = Callable[[int], Content]


class LineList(ScrollView, can_focus=True):
    """`show(count, row)` where `row(i)` builds the i-th line only when it scrolls into view."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._count = 0
        self._row: RowRenderer = lambda _index: Content("")

    def show(self, count: int, row: RowRenderer) -> None:
        self._count = count
        self._row = row
        self.virtual_size = Size(self.scrollable_content_region.width, count)
        self.scroll_home(animate=False, immediate=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        style = self.get_visual_style()
        if index >= self._count:
            return Strip.blank(width, style.rich_style)
        content = self._row(index).truncate(width, ellipsis=True, pad=True)
        strips = Visual.to_strips(self, content, width, 1, style, pad=True)
        return strips[0] if strips else Strip.blank(width, style.rich_style)
