"""Text charts drawn with block characters: column charts, stacked bars, horizontal bars."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from textual.content import Content
from textual.widgets import Static

EIGHTHS_UP = " ▁▂▃▄▅▆▇█"
EIGHTHS_RIGHT = " ▏▎▍▌▋▊▉█"


def week_columns(
    weeks: Sequence[date],
    series: Sequence[tuple[str, Sequence[int], str]],
    height: int,
    width: int,
) -> Content:
    """Side-by-side columns per week for each (name, values, style), an axis and a legend."""
    peak = max((v for _name, values, _style in series for v in values), default=0) or 1
    axis = len(str(peak)) + 1
    slot = max(len(series) + 1, min(6, (width - axis) // max(1, len(weeks))))
    bar = max(1, (slot - 1) // len(series))
    lines: list[Content] = []
    for row in range(height):
        level = height - 1 - row
        label = str(peak) if row == 0 else ("0" if row == height - 1 else "")
        parts = [Content.styled(label.rjust(axis - 1) + "│", "$text-muted")]
        for index in range(len(weeks)):
            for _name, values, style in series:
                eighths = round(values[index] / peak * height * 8)
                cell = EIGHTHS_UP[max(0, min(8, eighths - level * 8))]
                parts.append(Content.styled(cell * bar, style))
            parts.append(Content(" " * (slot - bar * len(series))))
        lines.append(Content("").join(parts))
    lines.append(Content.styled(" " * axis + _ticks(weeks, slot), "$text-muted"))
    legend = [Content.styled("■ ", style) + Content(name) for name, _values, style in series]
    totals = [f"{sum(values):,} {name}" for name, values, _style in series]
    lines.append(
        Content(" " * axis)
        + Content("   ").join(legend)
        + Content.styled(f"   ({', '.join(totals)} in {len(weeks)} weeks)", "$text-muted")
    )
    return Content("\n").join(lines)


def _ticks(weeks: Sequence[date], slot: int) -> str:
    """Week labels ("11/3") under their columns, leaving out those that would overlap."""
    line = ""
    for index, week in enumerate(weeks):
        label = f"{week.month}/{week.day}"
        start = index * slot
        if start >= len(line) + (1 if line else 0):
            line = line.ljust(start) + label
    return line


def stacked_bar(parts: Sequence[tuple[str, int, str]], width: int) -> Content:
    """One bar split by share (e.g. the backlog by status), with a legend underneath."""
    total = sum(count for _label, count, _style in parts) or 1
    cells = [round(count / total * width) for _label, count, _style in parts]
    if sum(cells) and any(cells):
        largest = cells.index(max(cells))
        cells[largest] += width - sum(cells)
    bar = Content("").join(
        Content.styled("█" * n, style) for n, (_l, _c, style) in zip(cells, parts, strict=True)
    )
    legend = Content("  ").join(
        Content.styled("■ ", style) + Content(f"{label} {count:,}")
        for label, count, style in parts
        if count
    )
    return Content("\n").join([bar, bar, legend])


def horizontal_bars(rows: Sequence[tuple[Content, int]], width: int, style: str) -> Content:
    """A labelled bar per row, scaled to the largest; counts at the end."""
    if not rows:
        return Content.styled("nothing yet", "$text-muted")
    label_width = min(max(r[0].cell_length for r in rows), max(8, width // 3))
    peak = max(count for _label, count in rows) or 1
    count_width = len(f"{peak:,}") + 1
    room = max(1, width - label_width - count_width - 2)
    lines = []
    for label, count in rows:
        eighths = round(count / peak * room * 8)
        full, part = divmod(eighths, 8)
        bar = "█" * full + (EIGHTHS_RIGHT[part] if part else "")
        lines.append(
            Content.assemble(
                label.truncate(label_width, ellipsis=True, pad=True),
                " ",
                (bar.ljust(room), style),
                (f"{count:,}".rjust(count_width), "$text-muted"),
            )
        )
    return Content("\n").join(lines)


class Chart(Static):
    """Redraws its picture for the width it is given."""

    def __init__(
        self, draw: Callable[[int], Content], *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._draw = draw

    def on_resize(self) -> None:
        self.redraw()

    def redraw(self, draw: Callable[[int], Content] | None = None) -> None:
        if draw is not None:
            self._draw = draw
        if self.content_region.width:
            self.update(self._draw(self.content_region.width))
