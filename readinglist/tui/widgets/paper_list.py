"""A virtual list of papers: only the rows in view are rendered, so 100k papers cost nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from readinglist.model import Paper
from readinglist.tui import render
from readinglist.tui.widgets.text_line import TextLine

LIST_BINDINGS: list[BindingType] = [
    Binding("up,k", "cursor_up", "Up", show=False, id="list.up", tooltip="Previous paper"),
    Binding("down,j", "cursor_down", "Down", show=False, id="list.down", tooltip="Next paper"),
    Binding("pageup", "page_up", "Page up", show=False, id="list.page_up", tooltip="One page up"),
    Binding(
        "pagedown", "page_down", "Page down", show=False, id="list.page_down",
        tooltip="One page down",
    ),
    Binding("home,g", "first", "First", show=False, id="list.first", tooltip="First paper"),
    Binding("end,G", "last", "Last", show=False, id="list.last", tooltip="Last paper"),
    Binding("enter", "select", "Open", show=False, id="list.select", tooltip="Open the paper"),
    Binding(
        "space", "toggle_mark", "Mark", show=False, id="list.mark",
        tooltip="Mark or unmark the paper for bulk tag, status, rating and export",
    ),
]  # fmt: skip


ROW_CACHE_SIZE = 1000


class PaperList(ScrollView, can_focus=True):
    """Rows drawn with `render_line`; the screen hands it ids, it reports the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_BINDINGS
    COMPONENT_CLASSES: ClassVar[set[str]] = {"paper-list--cursor", "paper-list--empty"}

    cursor: reactive[int] = reactive(0, repaint=False, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another paper (None when the list is empty)."""

        paper_list: PaperList
        paper_id: str | None

        @property
        def control(self) -> PaperList:
            return self.paper_list

    @dataclass
    class Selected(Message):
        """Enter or a double click on a paper."""

        paper_list: PaperList
        paper_id: str

        @property
        def control(self) -> PaperList:
            return self.paper_list

    @dataclass
    class ColumnsChanged(Message):
        """The width changed, and with it the column layout (the header follows it)."""

        paper_list: PaperList
        columns: render.Columns

        @property
        def control(self) -> PaperList:
            return self.paper_list

    @dataclass
    class MarksChanged(Message):
        paper_list: PaperList
        count: int

        @property
        def control(self) -> PaperList:
            return self.paper_list

    def __init__(
        self,
        papers: Mapping[str, Paper],
        *,
        numbered: bool = False,
        empty_text: str = "No papers",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._papers = papers
        self._ids: list[str] = []
        self._numbered = numbered
        self._find_spans: render.SpanFinder | None = None
        self._columns = render.Columns.fit(80, numbered)
        self._date_field = "published"
        self.empty_text = empty_text
        self.marked: set[str] = set()
        self._last_highlighted: str | None = None
        self._row_cache: LRUCache[tuple[object, ...], Strip] = LRUCache(ROW_CACHE_SIZE)
        self._resolved_styles: dict[tuple[object, ...], RichStyle] = {}

    @property
    def ids(self) -> Sequence[str]:
        return self._ids

    @property
    def find_spans(self) -> render.SpanFinder | None:
        """Where the current search matches a text (for highlighting)."""
        return self._find_spans

    @property
    def columns(self) -> render.Columns:
        return self._columns

    @property
    def highlighted_id(self) -> str | None:
        if 0 <= self.cursor < len(self._ids):
            return self._ids[self.cursor]
        return None

    def show(
        self,
        ids: Sequence[str],
        *,
        keep: str | None = None,
        keep_index: int = 0,
        find_spans: render.SpanFinder | None = None,
        total: int | None = None,
    ) -> None:
        """Replace all rows at once. The cursor stays on `keep` when it is still listed, else
        at `keep_index`, so the next paper comes up when the current one leaves the list.

        `total` says how long the list will be when `ids` is only its first screenful: the
        scrollbar keeps its place instead of vanishing (and the columns shifting) meanwhile.
        """
        in_view = slice(self.scroll_offset.y, self.scroll_offset.y + self.size.height)
        shown_before = self._ids[in_view]
        self._ids = list(ids)
        repaint = self._ids[in_view] != shown_before or find_spans is not self._find_spans
        if find_spans is not self._find_spans:
            self._find_spans = find_spans
            self._row_cache.clear()
        self.virtual_size = Size(self._columns.title, max(len(self._ids), total or 0))
        try:
            index = self._ids.index(keep) if keep is not None else 0
        except ValueError:
            index = keep_index
        self._set_cursor(index, force_message=True)
        if repaint:  # not when the rest of a list arrives below the rows in view
            self.refresh()

    def refresh_papers(self) -> None:
        """Repaint after papers changed in place (rating, status...)."""
        self._row_cache.clear()
        self.refresh()
        self._announce(force=True)

    def move_cursor_to(self, paper_id: str) -> bool:
        if paper_id not in self._ids:
            return False
        self._set_cursor(self._ids.index(paper_id))
        return True

    def clear_marks(self) -> None:
        if self.marked:
            self.marked.clear()
            self.refresh()
            self.post_message(self.MarksChanged(self, 0))

    def selection(self) -> list[str]:
        """The marked papers in list order, or the highlighted one when none is marked."""
        if self.marked:
            listed = [pid for pid in self._ids if pid in self.marked]
            return listed + sorted(self.marked.difference(listed))
        return [self.highlighted_id] if self.highlighted_id else []

    def _set_cursor(self, index: int, force_message: bool = False) -> None:
        index = max(0, min(index, len(self._ids) - 1))
        previous = self.cursor
        self.set_reactive(PaperList.cursor, index)
        self.refresh_line(previous)
        self.refresh_line(index)
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, immediate=True, x_axis=False)
        self._announce(force=force_message)

    def _announce(self, force: bool = False) -> None:
        current = self.highlighted_id
        if force or current != self._last_highlighted:
            self._last_highlighted = current
            self.post_message(self.Highlighted(self, current))

    def show_date(self, field: str) -> None:
        """Which date the last column shows: "added" or "published"."""
        if field != self._date_field:
            self._date_field = field
            self._fit_columns()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        width = self.scrollable_content_region.width
        self._columns = render.Columns.fit(width, self._numbered, self._date_field)
        self._row_cache.clear()
        self.virtual_size = Size(self._columns.title, len(self._ids))
        self.post_message(self.ColumnsChanged(self, self._columns))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.get_visual_style()
        if not self._ids:
            if y != 0:
                return Strip.blank(width, base.rich_style)
            style = self.get_visual_style("paper-list--empty")
            return self._strip(Content(self.empty_text), width, style)
        if index >= len(self._ids):
            return Strip.blank(width, base.rich_style)
        paper = self._papers.get(self._ids[index])
        if paper is None:
            return Strip.blank(width, base.rich_style)
        style = self.get_visual_style("paper-list--cursor") if index == self.cursor else base
        marked = paper.id in self.marked
        # Papers change in place, and `updated_at` with them; scrolling re-draws every row.
        key = (index, paper.id, paper.updated_at, marked, style, width)
        if (strip := self._row_cache.get(key)) is None:
            parts = render.paper_row(
                paper,
                self._columns,
                marked=marked,
                position=index + 1,
                find_spans=self._find_spans,
            )
            strip = self._row_cache[key] = self._parts_strip(parts, width, style)
        return strip

    def _strip(self, content: Content, width: int, style: Style) -> Strip:
        """A one-line message as segments (rows never wrap: no `Visual.to_strips` layout)."""
        parts = content.render(style, end="", parse_style=self._get_style)
        segments = [Segment(text, part_style.rich_style) for text, part_style in parts]
        return Strip(segments, content.cell_length).adjust_cell_length(width, style.rich_style)

    def _parts_strip(self, parts: list[render.RowPart], width: int, base: Style) -> Strip:
        """A paper's row as segments, each style resolved once per base style and theme."""
        theme = self.app.theme
        resolved = self._resolved_styles
        segments = []
        for text, styles in parts:
            key = (styles, base, theme)
            if (rich_style := resolved.get(key)) is None:
                combined = Style.combine([base, *map(self._get_style, styles)])
                rich_style = resolved[key] = combined.rich_style
            segments.append(Segment(text, rich_style))
        return Strip(segments).adjust_cell_length(width, base.rich_style)

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh_line(self.cursor)

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh_line(self.cursor)

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self._ids):
            self._set_cursor(index)
            if event.chain == 2:
                self.post_message(self.Selected(self, self._ids[index]))

    def action_cursor_up(self) -> None:
        self._set_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._set_cursor(self.cursor + 1)

    def action_page_up(self) -> None:
        self._set_cursor(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self._set_cursor(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(len(self._ids) - 1)

    def action_select(self) -> None:
        if self.highlighted_id:
            self.post_message(self.Selected(self, self.highlighted_id))

    def action_toggle_mark(self) -> None:
        paper_id = self.highlighted_id
        if paper_id is None:
            return
        self.marked.symmetric_difference_update({paper_id})
        self.refresh_line(self.cursor)
        self.post_message(self.MarksChanged(self, len(self.marked)))
        self._set_cursor(self.cursor + 1)


class PaperListHeader(TextLine):
    """Column titles above a `PaperList`; a click on one asks to sort by it."""

    @dataclass
    class SortRequested(Message):
        key: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._columns = render.Columns.fit(80)

    def show(self, columns: render.Columns, sort: str, reverse: bool) -> None:
        self._columns = columns
        self.update(render.header_row(columns, sort, reverse))

    def on_click(self, event: events.Click) -> None:
        key = render.header_column_at(self._columns, event.x)
        if key:
            self.post_message(self.SortRequested(key))
