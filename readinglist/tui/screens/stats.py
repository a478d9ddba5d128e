"""Statistics as pictures: added and read per week, backlog by status, ratings, top tags."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.content import Content
from textual.widgets import Footer, Static

from readinglist.model import MAX_RATING, Status
from readinglist.stats import LibraryStats, library_stats
from readinglist.tui import render
from readinglist.tui.messages import LibraryChanged
from readinglist.tui.navigation import NAVIGATION_BINDINGS
from readinglist.tui.screens.base import LibraryScreen
from readinglist.tui.widgets.charts import Chart, horizontal_bars, stacked_bar, week_columns

CHART_HEIGHT = 7


class StatsScreen(LibraryScreen[None]):
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Back", id="stats.back", tooltip="Back to the library"),
        *NAVIGATION_BINDINGS,
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="stats-title")
        with Grid(id="stats-grid"):
            yield Chart(self._weeks, id="stats-weeks", classes="stats-chart")
            yield Chart(self._backlog, id="stats-backlog", classes="stats-chart")
            yield Chart(self._ratings, id="stats-ratings", classes="stats-chart")
            yield Chart(self._tags, id="stats-tags", classes="stats-chart")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        titles = {
            "#stats-weeks": "Added and read per week",
            "#stats-backlog": "Backlog by status",
            "#stats-ratings": "Ratings",
            "#stats-tags": "Top tags",
        }
        for selector, title in titles.items():
            self.query_one(selector).border_title = Content(title)
        self._refresh_stats()

    def _refresh_stats(self) -> None:
        self.stats: LibraryStats = library_stats(self.library, self.rl_app.today())
        self.query_one("#stats-title", Static).update(
            render.counts_line(self.stats.by_status)
            + Content.styled(
                f" · {self.stats.imports:,} import{'s' * (self.stats.imports != 1)}", "$text-muted"
            )
        )
        for chart in self.query(Chart):
            chart.redraw()

    @on(LibraryChanged)
    def _library_changed(self) -> None:
        self._refresh_stats()

    def _weeks(self, width: int) -> Content:
        series = [
            ("added", self.stats.added_per_week, "$primary"),
            ("read", self.stats.read_per_week, "$success"),
        ]
        return week_columns(self.stats.weeks, series, CHART_HEIGHT, width)

    def _backlog(self, width: int) -> Content:
        parts = [
            (render.STATUS_LABELS[status], self.stats.by_status.get(status, 0), style)
            for status, style in STATUS_COLOURS.items()
        ]
        return stacked_bar(parts, width)

    def _ratings(self, width: int) -> Content:
        rows = [
            (render.stars(rating) if rating else Content.styled("unrated", "$text-muted"),
             self.stats.by_rating.get(rating, 0))
            for rating in range(MAX_RATING, -1, -1)
        ]  # fmt: skip
        return horizontal_bars(rows, width, "$warning")

    def _tags(self, width: int) -> Content:
        rows = [(render.tag_label(tag), count) for tag, count in self.stats.top_tags]
        return horizontal_bars(rows, width, "$secondary")


STATUS_COLOURS = {
    Status.NEW: "$primary",
    Status.TO_READ: "$warning",
    Status.READING: "$accent",
    Status.READ: "$success",
    Status.SKIPPED: "$panel-lighten-2",
}
