"""The library: quick filters, search box, the paper list and the highlighted paper's details."""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from readinglist.errors import ReadingListError
from readinglist.library import Library, sort_papers
from readinglist.model import Paper, Status
from readinglist.tui import render
from readinglist.tui.messages import LibraryChanged
from readinglist.tui.navigation import NAVIGATION_BINDINGS
from readinglist.tui.screens.base import LibraryScreen
from readinglist.tui.settings import QuickFilter
from readinglist.tui.widgets.filter_panel import FilterPanel
from readinglist.tui.widgets.paper_detail import PaperDetail
from readinglist.tui.widgets.paper_list import PaperList, PaperListHeader
from readinglist.tui.widgets.text_line import TextLine

if TYPE_CHECKING:
    from readinglist.search import Ranking

RATE = Binding.Group("Rate", compact=True)
DETAIL_DELAY = 0.04
TYPING_DETAIL_DELAY = 0.35
SEARCH_PLACEHOLDER = '/ search   words · tag:x · status:to-read · rating>=4 · "phrase"'

MAIN_BINDINGS: list[BindingType] = [
    Binding("slash", "search", "Search", id="main.search",
            tooltip='Search: words (typos are fine), tag:x -tag:x status:to-read rating>=4 "a b"'),
    Binding("escape", "clear", "Clear", show=False, id="main.clear",
            tooltip="Clear the search, then the marks"),
    Binding("t", "tags", "Tags", id="main.tags", tooltip="Tag the paper (or the marked papers)"),
    Binding("s", "status", "Status", id="main.status", tooltip="Pick a status"),
    Binding("a", "set_status('to-read')", "Queue", show=False, id="main.queue_it",
            tooltip="Put the paper in the reading queue (to-read)"),
    Binding("r", "set_status('read')", "Read", show=False, id="main.read",
            tooltip="Mark the paper read"),
    Binding("z", "set_status('skipped')", "Skip", show=False, id="main.skip",
            tooltip="Skip the paper (not interested)"),
    *(
        Binding(str(n), f"rate({n})", "Rate", show=n == 1, key_display="1-5", group=RATE,
                id=f"main.rate{n}", tooltip=f"Rate {'★' * n}")
        for n in range(1, 6)
    ),
    Binding("0", "rate(0)", "Clear rating", show=False, id="main.rate0",
            tooltip="Remove the rating"),
    Binding("n", "note", "Note", id="main.note", tooltip="Write the note (Markdown)"),
    Binding("e", "edit_title", "Title", show=False, id="main.edit_title",
            tooltip="Edit the title"),
    Binding("d", "delete", "Delete", show=False, id="main.delete",
            tooltip="Delete the paper (or the marked papers); u undoes"),
    Binding("x", "export", "Export", show=False, id="main.export",
            tooltip="Export notes: Markdown, JSON, BibTeX, vault"),
    Binding("o", "cycle_sort", "Sort", show=False, id="main.sort",
            tooltip="Sort by added, published, title, rating, status"),
    Binding("O", "reverse_sort", "Reverse", show=False, id="main.reverse",
            tooltip="Reverse the sort order"),
    Binding("f", "toggle_filters", "Filters", show=False, id="main.filters",
            tooltip="Show or hide the quick filters"),
    Binding("ctrl+s", "save_search", "Save search", show=False, id="main.save_search",
            tooltip="Keep the current search in the sidebar"),
]  # fmt: skip


@dataclass(frozen=True)
class QueryRequest:
    """What the list should show; computed in a worker."""

    text: str
    quick_filter: QuickFilter
    sort: str
    reverse: bool
    keep: str | None
    keep_index: int


def compute_ids(library: Library, request: QueryRequest) -> list[str]:
    """The ids to list: ranked search hits when words were typed, else sorted and filtered."""
    quick = request.quick_filter
    if not request.text.strip():
        papers = library.list(
            sort=request.sort,
            status=Status(quick.status) if quick.status else None,
            tags=[quick.tag] if quick.tag else (),
            min_rating=quick.min_rating,
        )
        ids = [p.id for p in papers]
        return ids[::-1] if request.reverse else ids
    return list_ranking(library, request, library.rank(request.text))


def list_ranking(
    library: Library,
    request: QueryRequest,
    ranking: Ranking,
    stop: Callable[[], bool] | None = None,
) -> list[str]:
    """Every paper the search found: best first, or in the chosen order for filters alone
    (partial if `stop()` became true: see `Ranking.paper_ids`)."""
    found = ranking.paper_ids(where=_quick_filter_test(request), stop=stop)
    if ranking.scored:
        return found
    papers = list(filter(None, map(library.papers.get, found)))
    ids = [p.id for p in sort_papers(papers, request.sort)]
    return ids[::-1] if request.reverse else ids


def _quick_filter_test(request: QueryRequest) -> Callable[[Paper], bool] | None:
    quick = request.quick_filter
    return quick.matches if quick != QuickFilter() else None


def first_page(library: Library, request: QueryRequest, rows: int) -> list[str] | None:
    """The newest `rows` papers without sorting them all (the default view), else None.

    Same order as `Library.list(sort="added")`: newest `added_at` first, ties by id.
    """
    if request.text.strip() or request.quick_filter != QuickFilter():
        return None
    if request.sort != "added" or request.reverse:
        return None
    newest = heapq.nlargest(rows, library.papers.values(), key=lambda p: (p.added_at, p.id))
    return [p.id for p in newest]


class MainScreen(LibraryScreen[None]):
    """Filters on the left, the list in the middle, details beside it (or below when narrow)."""

    BINDINGS: ClassVar[list[BindingType]] = [*MAIN_BINDINGS, *NAVIGATION_BINDINGS]
    # Narrow: no sidebar, details below. Medium: sidebar, details below. Wide: details beside.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [  # noqa: RUF012 (as Textual types it)
        (0, "-narrow"),
        (100, "-medium"),
        (150, "-wide"),
    ]
    AUTO_FOCUS = "#main-list"

    @dataclass
    class ResultsReady(Message):
        request: QueryRequest
        ids: list[str]

    @dataclass
    class QueryFailed(Message):
        request: QueryRequest
        error: ReadingListError

    def __init__(self) -> None:
        super().__init__()
        self._searching = False
        self._shown = 0
        self._query_error = ""
        self._first_page_of: QueryRequest | None = None  # listed partly, the rest on its way
        self._finder_text = ""
        self._finder: render.SpanFinder | None = None
        self._detail_timer: Timer | None = None
        self._status_timer: Timer | None = None
        self._counts: dict[Status, int] | None = None
        # While search results stream in, the details and the status wait until typing pauses.
        self._typed_at = -TYPING_DETAIL_DELAY

    def compose(self) -> ComposeResult:
        with Horizontal(id="main-body"):
            yield FilterPanel(id="main-filters")
            # The search box sits right above the list, so a keystroke's redraw (the box and
            # the list) leaves the details alone.
            with Container(id="main-split"):
                with Vertical(id="main-results"):
                    yield Input(placeholder=SEARCH_PLACEHOLDER, id="main-search")
                    yield PaperListHeader(id="main-header")
                    yield PaperList(
                        self.library.papers,
                        id="main-list",
                        empty_text="No papers match. escape clears the search.",
                    )
                yield PaperDetail(id="main-detail")
        yield TextLine(id="main-status")
        yield Footer(compact=True)

    @property
    def paper_list(self) -> PaperList:
        return self.query_one("#main-list", PaperList)

    @property
    def counts(self) -> dict[Status, int]:
        """Papers per status, counted once per change (a full pass over the library)."""
        if self._counts is None:
            self._counts = self.library.counts()
        return self._counts

    @property
    def filter_label(self) -> str:
        """The quick filter and the search, as one query (for the status line and exports)."""
        return " ".join(filter(None, [self.settings.quick_filter.as_query(), self.search_text]))

    @property
    def search_text(self) -> str:
        return self.query_one("#main-search", Input).value

    def on_mount(self) -> None:
        self.set_class(not self.settings.show_filters, "-hide-filters")
        request = self._request(keep=None)
        # The first screenful is computed right away so the first paint already shows papers;
        # in the default view only the newest rows, and the whole list follows from a worker.
        first = first_page(self.library, request, self.app.size.height)
        if first is None:
            self._show_results(request, compute_ids(self.library, request))
        else:
            self._show_results(request, first, total=len(self.library))
            # After the first frame: a worker sorting 100,000 papers meanwhile holds the GIL
            # half the time, and Textual's writer thread waits for it to put that frame out.
            self.call_after_refresh(self._list_the_rest, request)
        self.call_after_refresh(self._refresh_filters)
        self.watch(self.query_one("#main-search", Input), "value", self._search_typed, init=False)

    # --- showing -------------------------------------------------------------------------

    def _request(self, keep: str | None, keep_index: int = 0) -> QueryRequest:
        settings = self.settings
        return QueryRequest(
            self.search_text,
            settings.quick_filter,
            settings.sort,
            settings.reverse,
            keep,
            keep_index,
        )

    def reload(self, keep_cursor: bool = True) -> None:
        """Recompute the list in a worker; the cursor stays on the same paper when it can."""
        paper_list = self.paper_list
        keep = paper_list.highlighted_id if keep_cursor else None
        self._searching = True
        self._first_page_of = None
        self._run_query(self._request(keep, paper_list.cursor if keep_cursor else 0))

    def _list_the_rest(self, request: QueryRequest, ranking: Ranking | None = None) -> None:
        if self._first_page_of == request:  # else a newer request has its own worker
            self._run_query(request, ranking)

    # A description, or Textual would make one from the arguments' repr (every paper).
    @work(thread=True, exclusive=True, group="query", exit_on_error=False, description="query")
    def _run_query(self, request: QueryRequest, ranking: Ranking | None = None) -> None:
        """The whole list, from scratch or from a search already ranked."""
        worker = get_current_worker()
        try:
            if ranking is None:
                ids = compute_ids(self.library, request)
            else:
                # A newer keystroke cancels this worker: it stops listing at once.
                ids = list_ranking(self.library, request, ranking, lambda: worker.is_cancelled)
        except ReadingListError as error:
            self.post_message(self.QueryFailed(request, error))
            return
        if not worker.is_cancelled:
            self.post_message(self.ResultsReady(request, ids))

    @on(ResultsReady)
    def _results_ready(self, message: ResultsReady) -> None:
        request = message.request
        if request != self._request(request.keep, request.keep_index):
            return
        if self._first_page_of == request:
            # The first screenful is shown already; the cursor may have moved in it since.
            request = replace(request, keep=self.paper_list.highlighted_id)
        self._show_results(request, message.ids)

    @on(QueryFailed)
    def _query_failed(self, message: QueryFailed) -> None:
        self._show_query_error(message.error)

    def _show_query_error(self, error: ReadingListError) -> None:
        self._searching = False
        self._query_error = error.message
        self._update_status()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A bug in a query must not leave the list stuck on "searching…"."""
        if event.worker.group == "query" and event.state is WorkerState.ERROR:
            self._searching = False
            self._query_error = f"search failed: {event.worker.error!r}"
            self._update_status()

    def _show_results(
        self, request: QueryRequest, ids: Sequence[str], total: int | None = None
    ) -> None:
        """Show the list for `request`, or only its first screenful (of about `total`) while
        the rest is listed."""
        self._searching = total is not None
        self._first_page_of = request if total is not None else None
        self._query_error = ""
        self._shown = len(ids)
        paper_list = self.paper_list
        if paper_list.marked:
            paper_list.marked.intersection_update(self.library.papers)
        paper_list.show(
            ids,
            keep=request.keep,
            keep_index=request.keep_index,
            find_spans=self._span_finder(request.text),
            total=total,
        )
        self._update_header()
        if self._typing:
            self._update_status_when_typing_pauses()
        else:
            self._update_status()

    @property
    def _typing(self) -> bool:
        return time.monotonic() - self._typed_at < TYPING_DETAIL_DELAY

    def _update_status_when_typing_pauses(self) -> None:
        """The status line spans the screen: changed with the search box, it would make
        Textual redraw every widget in between on each keystroke (twice the work)."""
        if self._status_timer is not None:
            self._status_timer.stop()
        self._status_timer = self.set_timer(TYPING_DETAIL_DELAY, self._update_status)

    def _span_finder(self, text: str) -> render.SpanFinder | None:
        """The same finder while the text stays (the list keeps its drawn rows)."""
        if text != self._finder_text:
            self._finder_text, self._finder = text, _span_finder(text)
        return self._finder

    def _update_header(self) -> None:
        self.paper_list.show_date("added" if self.settings.sort == "added" else "published")
        header = self.query_one("#main-header", PaperListHeader)
        header.show(self.paper_list.columns, self.settings.sort, self.settings.reverse)

    def _update_status(self) -> None:
        line = render.status_line(
            self.counts,
            self.filter_label,
            self._shown,
            len(self.paper_list.marked),
            self._searching,
        )
        if self._query_error:
            line = render.error_line(self._query_error)
        self.query_one("#main-status", TextLine).update(line)

    def _refresh_filters(self) -> None:
        self.query_one(FilterPanel).show(
            self.counts,
            self.library.tag_counts(),
            self.settings.quick_filter,
            self.settings.saved_searches,
        )

    def _show_detail(self, paper_id: str | None) -> None:
        paper = self.library.papers.get(paper_id) if paper_id else None
        short = self.library.short_id(paper.id) if paper else ""
        loading = not self.library.abstracts_loaded
        self.query_one(PaperDetail).show(paper, short, loading, self.paper_list.find_spans)

    # --- events from children --------------------------------------------------------------

    @on(PaperList.Highlighted, "#main-list")
    def _highlighted(self, message: PaperList.Highlighted) -> None:
        # The list moves at once; the details follow when the cursor rests (key repeat).
        if self._detail_timer is not None:
            self._detail_timer.stop()
        delay = TYPING_DETAIL_DELAY if self._typing else DETAIL_DELAY
        self._detail_timer = self.set_timer(delay, lambda: self._show_detail(message.paper_id))

    @on(PaperList.Selected, "#main-list")
    def _selected(self, message: PaperList.Selected) -> None:
        self.action_note()

    @on(PaperList.ColumnsChanged, "#main-list")
    def _columns_changed(self) -> None:
        self._update_header()

    @on(PaperList.MarksChanged, "#main-list")
    def _marks_changed(self) -> None:
        self._update_status()

    @on(PaperListHeader.SortRequested)
    def _sort_requested(self, message: PaperListHeader.SortRequested) -> None:
        if message.key == self.settings.sort:
            self.action_reverse_sort()
        else:
            self._set_sort(message.key, reverse=False)

    def _search_typed(self) -> None:
        """Called as the search box changes, before the screen is drawn again: when the index
        is ready, the first screenful of results is listed here and now, so it appears with
        the letter just typed (a frame later would be 17-33 ms later); the rest follows from
        a worker."""
        self._typed_at = time.monotonic()
        self._searching = True
        self._first_page_of = None  # a listing not started yet is not wanted any more
        request = self._request(keep=None)
        if not (request.text.strip() and self.library.search_ready):
            self._run_query(request)
            return
        try:
            ranking = self.library.rank(request.text)
        except ReadingListError as error:
            self._show_query_error(error)
            return
        if ranking.scored or not ranking.count:  # ranked (or nothing): no sorting needed
            rows = self.paper_list.size.height or self.app.size.height
            first = ranking.paper_ids(rows, _quick_filter_test(request))
            if len(first) < rows:  # that was all of them
                self._show_results(request, first)
                return
            self._show_results(request, first, total=ranking.count)
            # After the frame: a worker listing meanwhile would slow the drawing down (the GIL).
            self.call_after_refresh(self._list_the_rest, request, ranking)
            return
        self._run_query(request, ranking)

    @on(Input.Submitted, "#main-search")
    def _search_submitted(self) -> None:
        self.paper_list.focus()

    @on(FilterPanel.Changed)
    def _quick_filter_changed(self, message: FilterPanel.Changed) -> None:
        self.rl_app.update_settings(quick_filter=message.quick_filter)
        self._refresh_filters()
        self.reload(keep_cursor=True)

    @on(FilterPanel.SavedSearchChosen)
    def _saved_search_chosen(self, message: FilterPanel.SavedSearchChosen) -> None:
        self.query_one("#main-search", Input).value = message.query
        self.paper_list.focus()

    @on(FilterPanel.SavedSearchForgotten)
    def _saved_search_forgotten(self, message: FilterPanel.SavedSearchForgotten) -> None:
        kept = [q for q in self.settings.saved_searches if q != message.query]
        self.rl_app.update_settings(saved_searches=kept)
        self._refresh_filters()

    @on(LibraryChanged)
    def _library_changed(self, message: LibraryChanged) -> None:
        self._counts = None
        self.paper_list.refresh_papers()
        self._refresh_filters()
        self._update_status()
        self.reload(keep_cursor=True)

    # --- actions ---------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        return self.paper_list.selection()

    def action_search(self) -> None:
        self.query_one("#main-search", Input).focus()

    def action_clear(self) -> None:
        search = self.query_one("#main-search", Input)
        if search.value:
            search.value = ""
        elif self.paper_list.marked:
            self.paper_list.clear_marks()
        self.paper_list.focus()

    def action_rate(self, rating: int) -> None:
        ids = self.selected_ids()
        if ids:
            self.rl_app.edit(lambda lib: lib.rate(ids, rating))

    def action_set_status(self, status: str) -> None:
        ids = self.selected_ids()
        if ids:
            self.rl_app.edit(lambda lib: lib.set_status(ids, status))

    def action_status(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.rl_app.pick_status(ids)

    def action_tags(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.rl_app.edit_tags(ids)

    def action_note(self) -> None:
        paper_id = self.paper_list.highlighted_id
        if paper_id:
            self.rl_app.open_note(paper_id)

    def action_edit_title(self) -> None:
        paper_id = self.paper_list.highlighted_id
        if paper_id:
            self.rl_app.edit_title(paper_id)

    def action_delete(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.rl_app.edit(lambda lib: lib.delete(ids))
            self.paper_list.clear_marks()

    def action_export(self) -> None:
        self.rl_app.open_export(
            shown=list(self.paper_list.ids),
            marked=self.paper_list.selection() if self.paper_list.marked else [],
            filter_label=self.filter_label,
        )

    def action_cycle_sort(self) -> None:
        order = render.SORT_ORDER
        current = self.settings.sort
        following = order[(order.index(current) + 1) % len(order)] if current in order else order[0]
        self._set_sort(following, reverse=False)

    def action_reverse_sort(self) -> None:
        self._set_sort(self.settings.sort, reverse=not self.settings.reverse)

    def _set_sort(self, sort: str, reverse: bool) -> None:
        self.rl_app.update_settings(sort=sort, reverse=reverse)
        self._update_header()
        self.reload(keep_cursor=True)

    def action_toggle_filters(self) -> None:
        panel = self.query_one(FilterPanel)
        if self.has_class("-narrow"):
            self.toggle_class("-filters-open")
            visible = self.has_class("-filters-open")
        else:
            visible = not self.settings.show_filters
            self.rl_app.update_settings(show_filters=visible)
            self.set_class(not visible, "-hide-filters")
        (panel if visible else self.paper_list).focus()

    def action_save_search(self) -> None:
        text = self.search_text.strip()
        if not text:
            self.rl_app.say("Type a search first; ctrl+s keeps it in the sidebar.")
            return
        if text not in self.settings.saved_searches:
            self.rl_app.update_settings(saved_searches=[*self.settings.saved_searches, text])
            self._refresh_filters()
        self.rl_app.say(f"Saved search: {text}")

    def set_quick_filter(self, quick_filter: QuickFilter) -> None:
        self.rl_app.update_settings(quick_filter=replace(quick_filter))
        self._refresh_filters()
        self.reload(keep_cursor=True)

    def show_paper(self, paper_id: str) -> None:
        """Put the cursor on a paper, clearing the search and filters if they hide it."""
        if self.paper_list.move_cursor_to(paper_id):
            self.paper_list.focus()
            return
        self.query_one("#main-search", Input).value = ""
        self.rl_app.update_settings(quick_filter=QuickFilter())
        self._refresh_filters()
        request = self._request(keep=paper_id)
        self._show_results(request, compute_ids(self.library, request))
        self.paper_list.focus()


def _span_finder(text: str) -> render.SpanFinder | None:
    """Where the search matches a text. One highlighter serves every row and remembers each
    word it has judged: parsing the query for each row again cost a third of a redraw."""
    if not text.strip():
        return None
    from readinglist.search import parse_query
    from readinglist.search.highlight import Highlighter

    try:
        return Highlighter(parse_query(text)).spans
    except ReadingListError:
        return None
