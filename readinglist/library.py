"""The one service API that the CLI, the TUI and the tests call."""

from __future__ import annotations

import builtins
import contextlib
import gc
import itertools
import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinglist import ops
from readinglist.errors import (
    InvalidValueError,
    LibraryDamagedError,
    NothingToUndoError,
    PaperNotFoundError,
    ReadingListError,
)
from readinglist.garbage import collector_paused
from readinglist.maintenance.backups import Backup, BackupFolder
from readinglist.model import (
    MAX_TITLE_LENGTH,
    MIN_ID_PREFIX,
    Paper,
    Status,
    normalize_tags,
    parse_rating,
    published_sort_key,
    utc_now,
)
from readinglist.storage import Entry, LibraryStore
from readinglist.text import one_line

if TYPE_CHECKING:
    from readinglist.importing import ImportPlanner, ImportPreview, ImportReport, ProgressCallback
    from readinglist.search import Hit, Ranking, SearchIndex

# Fold the journal into the snapshot once this much has piled up: loading stays fast, and
# the O(library) snapshot write is paid once per many edits instead of on every one.
CHECKPOINT_BYTES = 4 * 1024 * 1024
SHORT_ID_LENGTH = 6
SORT_KEYS = ("added", "title", "rating", "published", "queue", "status", "updated")


@dataclass(frozen=True, slots=True)
class Change:
    """One committed journal entry, as callers see it."""

    seq: int
    at: str
    kind: str
    label: str
    paper_ids: tuple[str, ...]


class Library:
    """A library of papers on disk. Every mutation is durable when it returns.

    Thread-safe: one re-entrant lock serialises access within a process; the store's file
    lock serialises processes, and each mutation first replays what others committed.
    """

    def __init__(self, store: LibraryStore) -> None:
        self._store = store
        self._lock = threading.RLock()
        self._papers: dict[str, Paper] = {}
        self._undo: builtins.list[int] = []
        self._redo: builtins.list[int] = []
        self._seq = 0
        self._unseen: set[str] = set()
        self._sorted_ids: builtins.list[str] | None = None
        self._search_index: SearchIndex | None = None
        self._index_build_lock = threading.Lock()
        self._touched_while_indexing: set[str] | None = None
        self._planner: ImportPlanner | None = None
        self._abstracts_loaded = False
        self._abstracts_dirty = False  # papers were added or removed since the last write
        self._backups = BackupFolder(store.path)

    @classmethod
    def open(
        cls, path: Path, *, lazy_abstracts: bool = False, daily_backup: bool = True
    ) -> Library:
        """Open (or create) the library at `path`; raises ReadingListError subclasses.

        With `lazy_abstracts`, abstracts of papers already in the snapshot stay empty until
        `load_abstracts()` (a UI paints first and loads them in the background). Without
        `daily_backup`, the caller runs `back_up_daily()` later (the day's first backup is a
        checkpoint: over a second at 100,000 papers, too long to wait for a first paint).
        """
        library = cls(LibraryStore(Path(path)))
        library._load()
        if not lazy_abstracts:
            library.load_abstracts()
        if daily_backup:
            library.back_up_daily()
        return library

    @property
    def abstracts_loaded(self) -> bool:
        return self._abstracts_loaded

    def load_abstracts(self) -> None:
        """Fill in the abstracts from their file (the slow part of opening a big library)."""
        with self._lock:
            if self._abstracts_loaded:
                return
            abstracts = self._store.read_abstracts()
            for paper in self._papers.values():
                if not paper.abstract:
                    paper.abstract = abstracts.get(paper.id, "")
            self._abstracts_loaded = True

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def papers(self) -> Mapping[str, Paper]:
        """id -> Paper, live. Read only: change papers through the methods below."""
        return self._papers

    def __len__(self) -> int:
        return len(self._papers)

    # --- reading -------------------------------------------------------------------------

    def get(self, prefix: str) -> Paper:
        """The paper whose id starts with `prefix` (at least 4 characters, unique)."""
        return self._papers[self.resolve(prefix)]

    def resolve(self, prefix: str) -> str:
        key = prefix.strip().lower()
        with self._lock:
            if key in self._papers:
                return key
            if len(key) < MIN_ID_PREFIX:
                raise PaperNotFoundError(
                    f"id prefix {prefix!r} is too short (at least 4 characters)"
                )
            ids = self._ids_in_order()
            start = bisect_left(ids, key)
            matches = [i for i in ids[start : start + 2] if i.startswith(key)]
        if not matches:
            raise PaperNotFoundError(f"no paper with id {prefix!r}", "`readinglist list` shows ids")
        if len(matches) > 1:
            raise PaperNotFoundError(f"id prefix {prefix!r} is ambiguous", "type more characters")
        return matches[0]

    def resolve_many(self, prefixes: Iterable[str]) -> builtins.list[str]:
        return list(dict.fromkeys(self.resolve(p) for p in prefixes))

    def short_id(self, paper_id: str) -> str:
        """The shortest prefix (at least 6 characters) that tells this paper apart."""
        with self._lock:
            ids = self._ids_in_order()
            index = bisect_left(ids, paper_id)
            neighbours = ids[max(index - 1, 0) : index] + ids[index + 1 : index + 2]
        length = SHORT_ID_LENGTH
        for other in neighbours:
            while length < len(paper_id) and other.startswith(paper_id[:length]):
                length += 1
        return paper_id[:length]

    def counts(self) -> dict[Status, int]:
        counts = Counter(p.status for p in self._papers.values())
        return {status: counts.get(status, 0) for status in Status}

    def tag_counts(self) -> Counter[str]:
        return Counter(tag for p in self._papers.values() for tag in p.tags)

    def queue(self) -> builtins.list[Paper]:
        """The to-read papers in the order the user chose."""
        queued = [p for p in self._papers.values() if p.status is Status.TO_READ]
        return sorted(queued, key=_queue_key)

    def list(
        self,
        query: str = "",
        *,
        sort: str | None = None,
        status: Status | None = None,
        tags: Iterable[str] = (),
        min_rating: int | None = None,
        limit: int | None = None,
    ) -> builtins.list[Paper]:
        """Papers matching filters and a search query; ranked by relevance when the query has
        words and no `sort` is given, else sorted (default: newest added first)."""
        wanted_tags = set(normalize_tags(list(tags)))

        def keep(paper: Paper) -> bool:
            return (
                (status is None or paper.status is status)
                and wanted_tags.issubset(paper.tags)
                and (min_rating is None or paper.rating >= min_rating)
            )

        with self._lock:
            if query.strip():
                hits = self.search(query)
                papers = [self._papers[h.paper_id] for h in hits]
                ranked = sort is None and any(h.score for h in hits)
            else:
                papers = list(self._papers.values())
                ranked = False
            papers = [p for p in papers if keep(p)]
        if not ranked:
            papers = sort_papers(papers, sort or "added")
        return papers[:limit] if limit is not None else papers

    def search(self, query: str, limit: int | None = None) -> builtins.list[Hit]:
        """Ranked hits for the query language of `readinglist.search` (typo-tolerant); the
        best `limit` only when given (much cheaper for one-letter queries on huge libraries)."""
        index = self.search_index()
        with self._lock:
            return index.search(query, self._papers, limit=limit)

    def rank(self, query: str) -> Ranking:
        """What `search` finds, scored under the lock and listed later without it (a UI lists
        the first screenful at once, the rest in a worker, while edits go on)."""
        index = self.search_index()
        with self._lock:
            return index.rank(query, self._papers)

    @property
    def search_ready(self) -> bool:
        """Whether the search index is built (searching would not wait for it)."""
        return self._search_index is not None

    def search_index(self) -> SearchIndex:
        """The search index, built on first use (slow for big libraries: call from a worker).

        It is built without holding the library lock, so edits made meanwhile (a second at
        10,000 papers) do not wait; the papers they touched are re-indexed at the end.
        """
        from readinglist.search import SearchIndex

        with self._index_build_lock:
            with self._lock:
                if self._search_index is not None:
                    return self._search_index
                self.load_abstracts()
                papers = list(self._papers.values())
                self._touched_while_indexing = set()
            index = SearchIndex(papers)
            with self._lock:
                self._search_index = index
                touched, self._touched_while_indexing = self._touched_while_indexing, None
                self._reindex(touched)
            return index

    # --- user edits ----------------------------------------------------------------------

    def rate(self, ids: Iterable[str], rating: int | str) -> Change | None:
        value = parse_rating(rating)
        return self._set_each(ids, f"rate {value}", lambda _p: {"rating": value})

    def set_status(self, ids: Iterable[str], status: Status | str) -> Change | None:
        value = status if isinstance(status, Status) else Status(status)
        positions: Iterator[int] | None = None

        def fields(paper: Paper) -> dict[str, Any]:
            nonlocal positions
            if value is not Status.TO_READ:
                return {"status": value.value, "queue_position": None}
            if paper.status is Status.TO_READ:
                return {"status": value.value}
            if positions is None:  # here, under the lock, after other processes' changes
                positions = itertools.count(self._next_queue_position())
            return {"status": value.value, "queue_position": next(positions)}

        return self._set_each(ids, f"status {value.value}", fields)

    def tag(self, ids: Iterable[str], tags: Iterable[str]) -> Change | None:
        added = normalize_tags(list(tags))
        return self._set_each(
            ids, f"tag {' '.join(added)}", lambda p: {"tags": sorted({*p.tags, *added})}
        )

    def untag(self, ids: Iterable[str], tags: Iterable[str]) -> Change | None:
        removed = set(normalize_tags(list(tags)))
        return self._set_each(
            ids,
            f"untag {' '.join(sorted(removed))}",
            lambda p: {"tags": [t for t in p.tags if t not in removed]},
        )

    def set_tags(self, paper_id: str, tags: Iterable[str]) -> Change | None:
        value = normalize_tags(list(tags))
        return self._set_each([paper_id], "set tags", lambda _p: {"tags": value})

    def set_title(self, paper_id: str, title: str) -> Change | None:
        value = one_line(title)
        if not value:
            raise InvalidValueError("the title cannot be empty")
        if len(value) > MAX_TITLE_LENGTH:
            raise InvalidValueError(
                f"the title is {len(value)} characters (at most {MAX_TITLE_LENGTH})"
            )
        return self._set_each(
            [paper_id], "edit title", lambda _p: {"title": value, "title_derived": False}
        )

    def set_note(self, paper_id: str, text: str) -> Change | None:
        return self._set_each([paper_id], "edit note", lambda _p: {"note": text})

    def append_note(self, paper_id: str, text: str) -> Change | None:
        def fields(paper: Paper) -> dict[str, Any]:
            joined = f"{paper.note.rstrip()}\n\n{text}" if paper.note.strip() else text
            return {"note": joined}

        return self._set_each([paper_id], "append to note", fields)

    def move_in_queue(self, paper_id: str, offset: int) -> Change | None:
        """Move a to-read paper `offset` places later (negative: earlier) in the queue."""

        def make() -> builtins.list[ops.Op]:
            queue = self.queue()
            order = [p.id for p in queue]
            key = self.resolve(paper_id)
            if key not in order:
                raise InvalidValueError(f"paper {self.short_id(key)} is not in the reading queue")
            index = order.index(key)
            order.insert(max(0, min(len(order) - 1, index + offset)), order.pop(index))
            now = utc_now()
            changes = (
                ops.set_op(self._papers[pid], {"queue_position": position}, now)
                for position, pid in enumerate(order)
            )
            return [op for op in changes if op]

        return self._commit("reorder queue", make)

    def delete(self, ids: Iterable[str]) -> Change | None:
        """Remove papers; `undo` brings them back with every field."""

        def make() -> builtins.list[ops.Op]:
            self.load_abstracts()  # the remove op keeps the whole paper, abstract included
            return [ops.remove_op(self._papers[pid]) for pid in self.resolve_many(ids)]

        return self._commit("delete", make)

    def undo(self) -> Change:
        """Take back the latest change (from any process); an undone import removes its papers."""
        with self._lock, self._store.locked():
            self._catch_up()
            if not self._undo:
                raise NothingToUndoError("nothing to undo")
            target = self._store.read_entry(self._undo[-1])
            return self._append("undo", f"undo {target.label}", ops.invert(target.ops), target)

    def redo(self) -> Change:
        with self._lock, self._store.locked():
            self._catch_up()
            if not self._redo:
                raise NothingToUndoError("nothing to redo")
            target = self._store.read_entry(self._redo[-1])
            return self._append("redo", f"redo {target.label}", target.ops, target)

    def history(self, paper_id: str | None = None, limit: int | None = 50) -> builtins.list[Change]:
        """Newest first; only entries touching `paper_id` when given."""
        with self._lock:
            entries = self._store.read_all_entries()
        changes = [_change(e) for e in reversed(entries)]
        if paper_id:
            changes = [c for c in changes if paper_id in c.paper_ids]
        return changes[:limit] if limit is not None else changes

    # --- imports -------------------------------------------------------------------------

    def preview_import(
        self, sources: builtins.list[tuple[str, bytes]], fmt: str | None = None
    ) -> ImportPreview:
        """Parse every source (all or nothing) and classify papers as new or duplicates."""
        with self._lock, collector_paused():
            return self._import_planner().preview(sources, fmt)

    def commit_import(
        self, preview: ImportPreview, progress: ProgressCallback | None = None
    ) -> ImportReport:
        """Save a previewed import as one undoable change, re-checked against the library."""
        with self._lock, self._store.locked(), collector_paused():
            self._catch_up()
            planner = self._import_planner()
            plan = planner.plan(preview, utc_now(), progress)
            if plan.ops:
                self._append("change", plan.label, plan.ops)
                self._checkpoint()
            return plan.report

    def add_papers(self, papers: Iterable[Paper], label: str = "add papers") -> Change | None:
        """Add complete Paper records as one change (for tools, benchmarks and tests)."""
        with self._lock, self._store.locked():
            self._catch_up()
            new_ops = [ops.add_op(p) for p in papers if p.id not in self._papers]
            if not new_ops:
                return None
            change = self._append("change", label, new_ops)
            self._checkpoint()
            return change

    def commit_ops(
        self, label: str, make: Callable[[Mapping[str, Paper]], builtins.list[ops.Op]]
    ) -> Change | None:
        """Commit the journal ops `make` computes from the current papers as one undoable
        change (for maintenance, e.g. restoring a backup). `make` runs with the lock held,
        on papers caught up with other processes and with their abstracts loaded."""
        self.load_abstracts()
        return self._commit(label, lambda: make(self._papers))

    def _import_planner(self) -> ImportPlanner:
        from readinglist.importing import ImportPlanner

        self.load_abstracts()
        if self._planner is None:
            self._planner = ImportPlanner(self._papers)
        return self._planner

    # --- keeping up with other processes -------------------------------------------------

    def refresh(self) -> set[str]:
        """Pick up changes other processes committed; returns the ids they touched."""
        with self._lock:
            self._catch_up()
            changed, self._unseen = self._unseen, set()
        return changed

    def maybe_checkpoint(self) -> bool:
        """Fold the journal into the snapshot when enough has piled up; True if it did."""
        with self._lock:
            if self._store.pending_bytes() < CHECKPOINT_BYTES:
                return False
            with self._store.locked():
                self._catch_up()
                self._checkpoint()
            return True

    def checkpoint(self) -> Backup | None:
        """Fold the journal into the snapshot now and keep a backup of it; returns the backup
        (None for an empty library). Raises StorageError if the backup cannot be written."""
        with self._lock, self._store.locked():
            self._catch_up()
            if self._store.pending_bytes() == 0 and not self._abstracts_dirty:
                return self._back_up(strict=True)  # the snapshot already holds everything
            return self._checkpoint(strict=True)

    def close(self) -> None:
        self.maybe_checkpoint()

    # --- internals -----------------------------------------------------------------------

    def _load(self) -> None:
        # Loading makes one object per paper and no reference cycles (a third of the time at
        # 10k went to the collector rescanning them).
        with collector_paused():
            self._load_records()
            # The papers live as long as the library: out of the collector's sight, its next
            # run does not walk them all (0.13 s at 100,000 papers), nor does any full one.
            gc.freeze()

    def _load_records(self) -> None:
        loaded = self._store.load()
        papers, from_dict = self._papers, Paper.from_dict  # looked up once, not 100,000 times
        for number, record in enumerate(loaded.records, start=1):
            try:
                paper = from_dict(record)
            except (KeyError, TypeError, ValueError) as error:
                reason = f"paper record {number} is malformed ({type(error).__name__}: {error})"
                raise LibraryDamagedError(str(self.path), reason) from None
            papers[paper.id] = paper
        self._undo, self._redo, self._seq = loaded.undo_stack, loaded.redo_stack, loaded.last_seq
        for entry in loaded.entries:
            self._apply(entry)

    def _catch_up(self) -> None:
        for entry in self._store.read_new_entries():
            self._unseen.update(self._apply(entry))

    def _apply(self, entry: Entry) -> builtins.list[str]:
        """Replay one committed entry on the in-memory state (and the stacks)."""
        try:
            touched = [ops.apply_op(self._papers, op) for op in entry.ops]
        except (KeyError, TypeError, ValueError) as error:
            reason = f"journal entry {entry.seq} cannot be applied ({error})"
            raise LibraryDamagedError(str(self._store.journal.path), reason) from None
        self._seq = entry.seq
        if entry.kind == "change":
            self._undo.append(entry.offset)
            self._redo.clear()
        elif entry.kind == "undo" and self._undo:
            self._redo.append(self._undo.pop())
        elif entry.kind == "redo" and self._redo:
            self._undo.append(self._redo.pop())
        self._after_change(touched, entry.ops)
        return touched

    def _after_change(self, touched: builtins.list[str], applied: builtins.list[ops.Op]) -> None:
        if any(op["op"] != "set" for op in applied):
            self._sorted_ids = None
            self._abstracts_dirty = True
        if self._touched_while_indexing is not None:
            self._touched_while_indexing.update(touched)
        self._reindex(touched)
        if self._planner is not None:
            self._planner.refresh(touched)

    def _reindex(self, paper_ids: Iterable[str]) -> None:
        if self._search_index is None:
            return
        for paper_id in paper_ids:
            paper = self._papers.get(paper_id)
            if paper is None:
                self._search_index.remove(paper_id)
            else:
                self._search_index.update(paper)

    def _set_each(
        self, ids: Iterable[str], label: str, fields: Callable[[Paper], dict[str, Any]]
    ) -> Change | None:
        id_list = list(ids)

        def make() -> builtins.list[ops.Op]:
            now = utc_now()
            changes = (
                ops.set_op(self._papers[pid], fields(self._papers[pid]), now)
                for pid in self.resolve_many(id_list)
            )
            return [op for op in changes if op]

        return self._commit(label, make)

    def _commit(self, label: str, make: Callable[[], builtins.list[ops.Op]]) -> Change | None:
        """Under both locks: catch up, compute the ops on fresh state, commit them."""
        with self._lock, self._store.locked():
            self._catch_up()
            new_ops = make()
            if not new_ops:
                return None
            return self._append("change", label, new_ops)

    def _append(
        self, kind: str, label: str, new_ops: builtins.list[ops.Op], target: Entry | None = None
    ) -> Change:
        entry = Entry(
            seq=self._seq + 1,
            at=utc_now(),
            kind=kind,
            label=label,
            ops=new_ops,
            target=target.seq if target else None,
        )
        self._store.append(entry)
        self._apply(entry)
        return _change(entry)

    def _checkpoint(self, strict: bool = False) -> Backup | None:
        abstracts = None
        if self._abstracts_dirty:
            self.load_abstracts()
            abstracts = {p.id: p.abstract for p in self._papers.values() if p.abstract}
        records = (p.to_record(with_abstract=False) for p in self._papers.values())
        self._store.checkpoint(records, self._seq, self._undo, self._redo, abstracts)
        self._abstracts_dirty = False
        return self._back_up(strict)

    def _back_up(self, strict: bool = False) -> Backup | None:
        """Keep a copy of the snapshot files as they are now; call with the store locked.
        Only `strict` callers hear of a failed backup: a change already committed must not
        be reported as failed."""
        return self._backups.take(
            seq=self._seq,
            papers=len(self._papers),
            journal_id=self._store.journal_id,
            journal_offset=self._store.checkpoint_offset,
            strict=strict,
        )

    def back_up_daily(self) -> None:
        """The first open of a day checkpoints, and so keeps a backup of that day."""
        if self._backups.due(self._store.journal_id, self._store.read_offset):
            with contextlib.suppress(ReadingListError):  # a missed backup never blocks opening
                self.checkpoint()

    def _next_queue_position(self) -> int:
        positions = [
            p.queue_position for p in self._papers.values() if p.queue_position is not None
        ]
        return max(positions, default=-1) + 1

    def _ids_in_order(self) -> builtins.list[str]:
        if self._sorted_ids is None:
            self._sorted_ids = sorted(self._papers)
        return self._sorted_ids


def _change(entry: Entry) -> Change:
    return Change(entry.seq, entry.at, entry.kind, entry.label, tuple(ops.touched_ids(entry.ops)))


def _queue_key(paper: Paper) -> tuple[int, str]:
    position = paper.queue_position
    return (position if position is not None else 1 << 62, paper.added_at)


def sort_papers(papers: list[Paper], sort: str) -> list[Paper]:
    """Sort for display: newest first for dates, best first for rating, A-Z for titles."""
    if sort == "added":
        return sorted(papers, key=lambda p: (p.added_at, p.id), reverse=True)
    if sort == "updated":
        return sorted(papers, key=lambda p: (p.updated_at, p.id), reverse=True)
    if sort == "title":
        return sorted(papers, key=lambda p: (p.title.casefold(), p.id))
    if sort == "rating":
        return sorted(papers, key=lambda p: (-p.rating, p.title.casefold()))
    if sort == "published":
        return sorted(papers, key=lambda p: (published_sort_key(p), p.id), reverse=True)
    if sort == "queue":
        return sorted(papers, key=_queue_key)
    if sort == "status":
        order = {s: n for n, s in enumerate(Status)}
        return sorted(papers, key=lambda p: (order[p.status], p.title.casefold()))
    raise InvalidValueError(f"unknown sort {sort!r}", f"use one of: {', '.join(SORT_KEYS)}")
