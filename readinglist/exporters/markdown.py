"""One Markdown document of papers: title, summary, then each paper with its abstract and note."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum

from readinglist.exporters.markdown_text import (
    clean_note,
    close_open_blocks,
    display_title,
    escape_markdown,
    shift_headings,
)
from readinglist.model import MAX_RATING, Paper, Status

DOCUMENT_TITLE = "Reading list"
MAX_AUTHORS_SHOWN = 20
STATUS_LABELS = {
    Status.NEW: "New",
    Status.TO_READ: "To read",
    Status.READING: "Reading",
    Status.READ: "Read",
    Status.SKIPPED: "Skipped",
}


class GroupBy(StrEnum):
    STATUS = "status"
    TAG = "tag"
    RATING = "rating"


def stars(rating: int) -> str:
    """`★★★★☆` for 4 of 5; `unrated` for 0."""
    if rating <= 0:
        return "unrated"
    return "★" * rating + "☆" * (MAX_RATING - rating)


def format_timestamp(moment: datetime) -> str:
    """`2025-01-31 09:05 UTC`; a naive datetime is taken to be UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def metadata_line(paper: Paper) -> str:
    """Status, rating, tags, date, authors and id on one line of escaped Markdown."""
    parts = [
        f"**Status:** {escape_markdown(paper.status.value)}",
        f"**Rating:** {stars(paper.rating)}",
    ]
    if paper.tags:
        parts.append("**Tags:** " + ", ".join(escape_markdown(tag) for tag in paper.tags))
    if paper.published:
        parts.append(f"**Published:** {escape_markdown(paper.published)}")
    authors = _authors_text(paper)
    if authors:
        parts.append(f"**Authors:** {authors}")
    parts.append(f"**ID:** {escape_markdown(paper.id)}")
    return " · ".join(parts)


def _authors_text(paper: Paper) -> str:
    if isinstance(paper.authors, list):
        names = [escape_markdown(name) for name in paper.authors[:MAX_AUTHORS_SHOWN]]
        hidden = len(paper.authors) - len(names)
        return ", ".join(names) + (f" and {hidden} more" if hidden > 0 else "")
    if paper.authors is not None:
        return f"{paper.authors} author{'s' if paper.authors != 1 else ''}"
    return ""


def render_markdown(
    papers: Sequence[Paper],
    *,
    now: datetime,
    filter_description: str = "",
    group_by: GroupBy | None = None,
    title: str = DOCUMENT_TITLE,
) -> str:
    """The whole document, papers in the order given; with `group_by`, under section headings.

    Grouped by tag, a paper with several tags appears under each of them.
    """
    lines = [f"# {escape_markdown(title)}", "", _summary(papers, filter_description, now)]
    if group_by is None:
        for paper in papers:
            lines += ["", *_paper_section(paper, level=2)]
    else:
        # Grouped by tag, a paper appears once per tag: render its section only once.
        sections: dict[int, list[str]] = {}
        for heading, members in _groups(papers, group_by):
            lines += ["", f"## {heading} ({len(members)})"]
            for paper in members:
                if id(paper) not in sections:
                    sections[id(paper)] = _paper_section(paper, level=3)
                lines += ["", *sections[id(paper)]]
    return "\n".join(lines) + "\n"


def _summary(papers: Sequence[Paper], filter_description: str, now: datetime) -> str:
    count = f"{len(papers)} paper{'' if len(papers) == 1 else 's'}"
    scope = escape_markdown(filter_description) if filter_description.strip() else "none"
    return f"{count} · filter: {scope} · exported {format_timestamp(now)}"


def _paper_section(paper: Paper, level: int) -> list[str]:
    heading = f"{'#' * level} {escape_markdown(display_title(paper.title))}"
    lines = [heading, "", metadata_line(paper)]
    abstract = escape_markdown(paper.abstract)
    if abstract:
        lines += ["", f"> {abstract}"]
    note = clean_note(paper.note)
    if note:
        # The note is the user's own Markdown: kept as written, nested under the paper, and
        # closed so that an open fence or HTML comment cannot swallow the papers that follow.
        nested = shift_headings(note, level)
        lines += ["", close_open_blocks(nested)]
    return lines


def _groups(papers: Sequence[Paper], group_by: GroupBy) -> list[tuple[str, list[Paper]]]:
    """(escaped heading, papers) per group, in a fixed order; empty groups are left out."""
    if group_by is GroupBy.STATUS:
        groups = [(STATUS_LABELS[s], [p for p in papers if p.status == s]) for s in Status]
    elif group_by is GroupBy.RATING:
        ratings = range(MAX_RATING, -1, -1)
        groups = [(stars(r).capitalize(), [p for p in papers if p.rating == r]) for r in ratings]
    else:
        tags = sorted({tag for paper in papers for tag in paper.tags})
        groups = [(escape_markdown(tag), [p for p in papers if tag in p.tags]) for tag in tags]
        groups.append(("Untagged", [p for p in papers if not p.tags]))
    return [(heading, members) for heading, members in groups if members]
