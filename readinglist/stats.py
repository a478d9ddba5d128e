"""Library statistics for the CLI and the TUI's statistics screen."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from readinglist.model import MAX_RATING, Status

if TYPE_CHECKING:
    from readinglist.library import Library

WEEKS_SHOWN = 12
TOP_TAGS = 10


@dataclass(slots=True)
class LibraryStats:
    total: int
    by_status: dict[Status, int]
    by_rating: dict[int, int]  # 0 = unrated
    top_tags: list[tuple[str, int]]
    weeks: list[date]  # Mondays, oldest first
    added_per_week: list[int]
    read_per_week: list[int]
    imports: int

    def as_text(self) -> str:
        lines = [f"{self.total} papers"]
        lines += [f"  {s.value:<8} {n}" for s, n in self.by_status.items()]
        lines.append("ratings")
        for rating in range(MAX_RATING, -1, -1):
            label = "★" * rating + "☆" * (MAX_RATING - rating) if rating else "unrated"
            lines.append(f"  {label:<7} {self.by_rating.get(rating, 0)}")
        if self.top_tags:
            lines.append("top tags")
            lines += [f"  #{tag:<20} {n}" for tag, n in self.top_tags]
        lines.append(f"imports  {self.imports}")
        lines.append("week of      added  read")
        for week, added, read in zip(
            self.weeks, self.added_per_week, self.read_per_week, strict=True
        ):
            lines.append(f"  {week.isoformat()}  {added:>5}  {read:>4}")
        return "\n".join(lines)


def library_stats(library: Library, today: date | None = None) -> LibraryStats:
    papers = list(library.papers.values())
    today = today or date.today()
    first_week = _monday(today) - timedelta(weeks=WEEKS_SHOWN - 1)
    weeks = [first_week + timedelta(weeks=n) for n in range(WEEKS_SHOWN)]
    added = Counter(_week_index(p.added_at, first_week) for p in papers)
    read = Counter(_week_index(at, first_week) for at in _read_times(library))
    return LibraryStats(
        total=len(papers),
        by_status=library.counts(),
        by_rating=dict(Counter(p.rating for p in papers)),
        top_tags=library.tag_counts().most_common(TOP_TAGS),
        weeks=weeks,
        added_per_week=[added.get(n, 0) for n in range(WEEKS_SHOWN)],
        read_per_week=[read.get(n, 0) for n in range(WEEKS_SHOWN)],
        imports=len({s.batch for p in papers for s in p.sources}),
    )


def _read_times(library: Library) -> list[str]:
    """When each paper now marked read was last marked read (from the journal)."""
    read_ids = {p.id for p in library.papers.values() if p.status is Status.READ}
    times: dict[str, str] = {}
    for change in library.history(limit=None):
        if change.label == "status read":
            for paper_id in change.paper_ids:
                if paper_id in read_ids:
                    times.setdefault(paper_id, change.at)
    return list(times.values())


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week_index(timestamp: str, first_week: date) -> int:
    try:
        day = datetime.fromisoformat(timestamp.replace("Z", "+00:00")).date()
    except ValueError:
        return -1
    return (_monday(day) - first_week).days // 7
