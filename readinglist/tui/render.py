"""The one place where untrusted text (titles, abstracts, notes, tags) becomes Content."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from rich.cells import cell_len, set_cell_size
from textual.content import Content, Span

from readinglist.importers.base import ParsedPaper
from readinglist.model import MAX_RATING, Paper, Status
from readinglist.text import one_line, strip_unsafe

Spans = Iterable[tuple[int, int]]
SpanFinder = Callable[[str], Sequence[tuple[int, int]]]

MATCH_STYLE = "bold underline $text-accent"
MUTED = "$text-muted"
STATUS_LABELS = {
    Status.NEW: "new",
    Status.TO_READ: "to read",
    Status.READING: "reading",
    Status.READ: "read",
    Status.SKIPPED: "skipped",
}
STATUS_STYLES = {
    Status.NEW: "bold $text-primary",
    Status.TO_READ: "bold $text-warning",
    Status.READING: "bold $text-accent",
    Status.READ: "$text-success",
    Status.SKIPPED: "$text-muted",
}
DERIVED_MARK = "≈ "
MARK = "●"


def plain(text: str) -> Content:
    """Untrusted text on one line, shown literally."""
    return Content(one_line(text))


def block(text: str, find_spans: SpanFinder | None = None) -> Content:
    """Untrusted multi-line text (an abstract), shown literally, matches emphasised."""
    safe = strip_unsafe(text).strip()
    return highlighted(safe, find_spans(safe)) if find_spans else Content(safe)


def safe_markdown(text: str) -> str:
    """A note for the Markdown widget: escape sequences and control characters removed."""
    return strip_unsafe(text)


def highlighted(text: str, spans: Spans, style: str = MATCH_STYLE) -> Content:
    """Safe one-line text with the given character spans emphasised."""
    content = Content(text)
    size = len(text)
    marks = [Span(max(0, a), min(b, size), style) for a, b in spans if a < b and a < size]
    return content.add_spans(marks) if marks else content


@cache
def stars(rating: int) -> Content:
    if not rating:
        return Content.styled("·" * MAX_RATING, MUTED)
    return Content.assemble(("★" * rating, "$text-warning"), ("☆" * (MAX_RATING - rating), MUTED))


@cache
def status_badge(status: Status) -> Content:
    return Content.styled(STATUS_LABELS[status], STATUS_STYLES[status])


def tag_list(tags: Sequence[str]) -> Content:
    return Content.styled(" ".join(f"#{one_line(tag)}" for tag in tags), "$text-secondary")


def tag_label(tag: str) -> Content:
    return Content(f"#{one_line(tag)}")


def paper_date(paper: Paper, field: str = "published") -> str:
    """The day it was added, or the published date (when known)."""
    if field == "added":
        return paper.added_at[:10]
    return one_line(paper.published or "")[:10] or "—"


def authors(paper: Paper, limit: int = 4) -> str:
    if isinstance(paper.authors, list):
        names = [one_line(name) for name in paper.authors]
        shown = ", ".join(names[:limit])
        return f"{shown} et al. ({len(names)})" if len(names) > limit else shown
    if isinstance(paper.authors, int):
        return f"{paper.authors} author{'s' * (paper.authors != 1)}"
    return ""


def title(paper: Paper, find_spans: SpanFinder | None = None) -> Content:
    """The title on one line, with `≈` before titles made up from the abstract."""
    text = one_line(paper.title) or "(untitled)"
    body = highlighted(text, find_spans(text)) if find_spans else Content(text)
    if paper.title_derived:
        return Content.styled(DERIVED_MARK, MUTED) + body.stylize("italic")
    return body


@dataclass(frozen=True, slots=True)
class Columns:
    """Cell widths of the paper list; zero hides a column."""

    title: int
    status: int = 8
    rating: int = MAX_RATING
    tags: int = 0
    date: int = 10
    mark: int = 2
    position: int = 0
    # Which date the last column shows: "added" or "published".
    date_field: str = "published"

    @classmethod
    def fit(cls, width: int, numbered: bool = False, date_field: str = "published") -> Columns:
        """Give the title what is left after the fixed columns; tags appear on wide screens."""
        position = 4 if numbered else 0
        tags = 18 if width >= 110 else 0
        fixed = 2 + position + 8 + 5 + 10 + 3 + (tags + 1 if tags else 0)
        return cls(max(10, width - fixed), tags=tags, position=position, date_field=date_field)


def _cell(content: Content, width: int) -> Content:
    return content.truncate(width, ellipsis=True, pad=True)


RowPart = tuple[str, tuple[str, ...]]  # text, and the styles laid over the row's base style


class _Row:
    """One line as (text, styles) parts: rows are drawn on every keystroke, and a list turns
    parts into segments with styles it resolved once, instead of going through Content."""

    def __init__(self) -> None:
        self.parts: list[RowPart] = []

    def add(self, text: str, *styles: str) -> None:
        if text:
            self.parts.append((text, styles))

    def add_cell(self, text: str, width: int, *styles: str, marks: Spans = ()) -> None:
        """`text` cut (with …) or padded to `width` cells; `marks` are spans within it."""
        shown = text if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"
        limit = len(shown) - (shown != text)
        done = 0
        for start, end in marks:  # sorted and apart, as span finders give them
            start, end = max(start, done), min(end, limit)
            if start < end:
                self.add(shown[done:start], *styles)
                self.add(shown[start:end], *styles, MATCH_STYLE)
                done = end
        self.add(shown[done:], *styles)
        self.add(" " * (width - cell_len(shown)))


def paper_row(
    paper: Paper,
    columns: Columns,
    *,
    marked: bool = False,
    position: int | None = None,
    find_spans: SpanFinder | None = None,
) -> list[RowPart]:
    """One line of the paper list, as parts (`PaperList` turns them into segments)."""
    row = _Row()
    row.add(MARK if marked else " ", "bold $text-accent")
    row.add(" ")
    if columns.position:
        number = "" if position is None else f"{position}."
        row.add(number.rjust(columns.position - 1) + " ", MUTED)
    text = one_line(paper.title) or "(untitled)"
    marks = find_spans(text) if find_spans else ()
    width = columns.title
    if paper.title_derived:
        row.add(DERIVED_MARK, MUTED)
        width -= len(DERIVED_MARK)
        row.add_cell(text, width, "italic", marks=marks)
    else:
        row.add_cell(text, width, marks=marks)
    row.add(" ")
    row.add_cell(STATUS_LABELS[paper.status], columns.status, STATUS_STYLES[paper.status])
    row.add(" ")
    if paper.rating:
        row.add("★" * paper.rating, "$text-warning")
    row.add("☆" * (MAX_RATING - paper.rating) if paper.rating else "·" * MAX_RATING, MUTED)
    row.add(" ")
    if columns.tags:
        tags = " ".join(f"#{one_line(tag)}" for tag in paper.tags)
        row.add_cell(tags, columns.tags, "$text-secondary")
        row.add(" ")
    row.add_cell(paper_date(paper, columns.date_field), columns.date, MUTED)
    return row.parts


SORT_ORDER = ("added", "published", "title", "rating", "status")


def header_row(columns: Columns, sort: str, reverse: bool) -> Content:
    """Column titles with an arrow on the sorted one (▾ natural order, ▴ reversed)."""
    arrow = "▴" if reverse else "▾"

    def name(label: str, key: str, width: int) -> Content:
        text = f"{label} {arrow}" if key == sort else label
        style = "bold $text-accent" if key == sort else "bold"
        return _cell(Content.styled(text, style), width)

    parts = [Content("  ")]
    if columns.position:
        parts.append(Content.styled("#".rjust(columns.position - 1) + " ", "bold"))
    date_label = "Added" if columns.date_field == "added" else "Published"
    parts += [
        name("Title", "title", columns.title),
        Content(" "),
        name("Status", "status", columns.status),
        Content(" "),
        name("Rate", "rating", columns.rating),
        Content(" "),
    ]
    if columns.tags:
        parts += [_cell(Content.styled("Tags", "bold"), columns.tags), Content(" ")]
    parts.append(name(date_label, columns.date_field, columns.date))
    return Content("").join(parts)


def header_column_at(columns: Columns, x: int) -> str | None:
    """The sort key of the header cell at offset `x`, for clicks."""
    edges = [("", 2 + columns.position), ("title", columns.title + 1)]
    edges += [("status", columns.status + 1), ("rating", columns.rating + 1)]
    if columns.tags:
        edges.append(("", columns.tags + 1))
    edges.append((columns.date_field, columns.date))
    start = 0
    for key, width in edges:
        if start <= x < start + width:
            return key or None
        start += width
    return None


def metadata(paper: Paper, short_id: str) -> Content:
    """The lines under a title in the detail pane and in triage."""
    lines: list[Content] = []
    if who := authors(paper):
        lines.append(Content(who))
    facts = [status_badge(paper.status), stars(paper.rating)]
    if paper.published:
        facts.append(Content.styled(f"published {one_line(paper.published)}", MUTED))
    if paper.upvotes is not None:
        facts.append(Content.styled(f"▲ {paper.upvotes}", MUTED))
    facts.append(Content.styled(f"id {short_id}", MUTED))
    lines.append(Content("  ").join(facts))
    if paper.tags:
        lines.append(tag_list(paper.tags))
    if paper.sources:
        source = paper.sources[-1]
        file_name = one_line(source.file).replace("\\", "/").rsplit("/", 1)[-1]
        batch = f"batch {one_line(source.batch)} · {file_name}"
        lines.append(Content.styled(f"{batch} · added {paper.added_at[:10]}", MUTED))
    if paper.title_derived:
        lines.append(Content.styled("≈ title made up from the abstract; e edits it", MUTED))
    return Content("\n").join(lines)


def heading(paper: Paper, find_spans: SpanFinder | None = None) -> Content:
    """A large bold title for the detail pane and triage."""
    return title(paper, find_spans).stylize("bold")


def counts_line(counts: dict[Status, int]) -> Content:
    total = sum(counts.values())
    parts = [Content.styled(f"{total:,} papers", "bold")]
    for status in (Status.NEW, Status.TO_READ, Status.READING):
        if counts.get(status):
            parts.append(
                Content.styled(f"{counts[status]:,} {STATUS_LABELS[status]}", STATUS_STYLES[status])
            )
    return Content(" · ").join(parts)


def filter_line(query: str) -> Content:
    if not query.strip():
        return Content.styled("all papers", MUTED)
    return Content.assemble(("filter ", MUTED), (one_line(query), "$text-accent"))


def status_line(
    counts: dict[Status, int], query: str, shown: int, marked: int, searching: bool
) -> Content:
    """ "202 papers · 57 new · 12 to read │ filter tag:ml (35 shown) │ 3 marked"."""
    shown_text = "searching…" if searching else f"{shown:,} shown"
    parts = [counts_line(counts), filter_line(query) + Content.styled(f" ({shown_text})", MUTED)]
    if marked:
        parts.append(Content.styled(f"{marked:,} marked", "bold $text-accent"))
    return Content.styled(" │ ", MUTED).join(parts)


def error_line(message: str) -> Content:
    return Content.assemble(("⚠ ", "bold $text-error"), (one_line(message), "$text-error"))


def import_summary(
    new: int, duplicates: Sequence[tuple[object, Paper | None]], warnings: Sequence[str]
) -> Content:
    """ "Found 24 papers: 20 new · 3 already in the library · 1 repeated · 2 warnings"."""
    known = sum(1 for _parsed, existing in duplicates if existing is not None)
    repeated = len(duplicates) - known
    found = new + len(duplicates)
    parts = [
        Content.styled(f"Found {found:,} paper{'s' * (found != 1)}", "bold"),
        Content.styled(f"{new:,} new", "bold $text-success"),
    ]
    if known:
        parts.append(Content.styled(f"{known:,} already in the library", "$text-warning"))
    if repeated:
        parts.append(Content.styled(f"{repeated:,} repeated", "$text-warning"))
    if warnings:
        parts.append(
            Content.styled(f"{len(warnings)} warning{'s' * (len(warnings) != 1)}", "$text-error")
        )
    if not found:
        parts.append(Content.styled("nothing would be imported", MUTED))
    return Content(" · ").join(parts)


class ImportRows:
    """The preview's lines, built only when they scroll into view."""

    def __init__(
        self,
        new: Sequence[ParsedPaper],
        duplicates: Sequence[tuple[ParsedPaper, Paper | None]],
        warnings: Sequence[str],
    ) -> None:
        self._new, self._duplicates, self._warnings = new, duplicates, warnings

    def __len__(self) -> int:
        return len(self._warnings) + len(self._new) + len(self._duplicates)

    def __getitem__(self, index: int) -> Content:
        if index < len(self._warnings):
            return Content.assemble(
                ("! ", "bold $text-error"), (one_line(self._warnings[index]), "$text-error")
            )
        index -= len(self._warnings)
        if index < len(self._new):
            parsed = self._new[index]
            return Content.assemble(("+ new   ", "bold $text-success"), _parsed_title(parsed))
        parsed, existing = self._duplicates[index - len(self._new)]
        if existing is None:
            return Content.assemble(
                ("= again ", "$text-warning"),
                _parsed_title(parsed),
                ("  (repeated in this import)", MUTED),
            )
        return Content.assemble(
            ("= known ", "$text-warning"),
            _parsed_title(parsed),
            (f"  (in the library: {existing.status.value}", MUTED),
            (f", {'★' * existing.rating})" if existing.rating else ")", MUTED),
        )


def _parsed_title(parsed: ParsedPaper) -> Content:
    text = one_line(parsed.title) or "(untitled)"
    if parsed.title_derived:
        return Content.styled(DERIVED_MARK + text, "italic")
    return Content(text)


def triage_progress(position: int, total: int, label: str, tally: dict[str, int]) -> Content:
    """ "57 / 202 New papers · 12 queued · 40 skipped · 5 read"."""
    parts = [Content.assemble((f"{position:,} / {total:,} ", "bold"), (one_line(label), ""))]
    styles = {"queued": "$text-warning", "skipped": MUTED, "read": "$text-success"}
    parts += [Content.styled(f"{n:,} {word}", styles[word]) for word, n in tally.items()]
    return Content(" · ").join(parts)


def progress_bar(done: int, total: int, width: int) -> Content:
    """A thin bar of how much of the walk is decided."""
    filled = round(width * done / total) if total else 0
    return Content.assemble(("━" * filled, "$accent"), ("━" * (width - filled), "$panel"))


def triage_summary(total: int, tally: dict[str, int], rated: int, label: str) -> Content:
    decided = sum(tally.values())
    lines = [
        Content.styled("Triage finished", "bold $text-accent"),
        Content(""),
        Content.assemble(("You went through ", ""), (f"{total:,}", "bold"), (" papers (", ""),
                         (one_line(label), ""), (")", "")),
        Content.styled(f"{decided:,} decided · {rated:,} rated", MUTED),
        Content(""),
    ]  # fmt: skip
    styles = {"queued": "$text-warning", "skipped": MUTED, "read": "$text-success"}
    lines += [Content.styled(f"  {n:>5,}  {word}", styles[word]) for word, n in tally.items()]
    lines += [
        Content(""),
        Content.styled(
            "Q opens the reading queue · b goes back · escape returns to the library", MUTED
        ),
    ]
    return Content("\n").join(lines)


def next_up(paper: Paper | None, count: int) -> Content:
    """The banner over the reading queue."""
    if paper is None:
        return Content.styled("Reading queue is empty", MUTED)
    return Content.assemble(
        ("Next up  ", "bold $text-accent"),
        title(paper).stylize("bold"),
        (f"   {count:,} in the queue", MUTED),
    )
