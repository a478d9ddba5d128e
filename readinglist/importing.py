"""Turning parsed sources into an import: which papers are new, which are already known."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from readinglist import ops
from readinglist.dedup import DuplicateFinder, Fingerprint, title_key
from readinglist.importers import parse_source
from readinglist.importers.base import ParsedPaper, ParseResult
from readinglist.model import (
    USER_FIELDS,
    Paper,
    Source,
    id_variants,
    normalize_tags,
    paper_id,
)

ProgressCallback = Callable[[int, int], None]
PROGRESS_EVERY = 250


@dataclass(slots=True)
class ImportPreview:
    """What an import would do; nothing is saved until `Library.commit_import`."""

    results: list[ParseResult]
    new: list[ParsedPaper]
    duplicates: list[tuple[ParsedPaper, Paper | None]]  # None: repeated within this import
    warnings: list[str]

    @property
    def found(self) -> int:
        return sum(len(r.papers) for r in self.results)


@dataclass(slots=True)
class ImportReport:
    files: int
    found: int
    added: int
    known: int  # already in the library (their new source is recorded)
    repeated: int  # the same paper more than once in this import
    batch: str
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        papers = f"{self.added} paper{'s' if self.added != 1 else ''}"
        text = f"Imported {papers} from {files} ({self.known} already in the library"
        if self.repeated:
            text += f", {self.repeated} repeated within the import"
        return text + ")"


@dataclass(slots=True)
class ImportPlan:
    ops: list[ops.Op]
    label: str
    report: ImportReport


class ImportPlanner:
    """Classifies parsed papers against the library, keeping a duplicate index warm."""

    def __init__(self, papers: Mapping[str, Paper]) -> None:
        self._papers = papers
        self._finder: DuplicateFinder | None = None
        self._planned: DuplicateFinder | None = None  # fingerprints of the last plan's papers
        # Parsed papers -> fingerprints, so a commit does not redo its preview's work.
        self._prints: dict[int, Fingerprint] = {}
        # The last preview's decisions, valid while the library has not changed since.
        self._decided: tuple[ImportPreview, _Batch] | None = None

    def refresh(self, touched: list[str]) -> None:
        """Keep the index in step after papers were added or removed."""
        self._decided = None
        if self._finder is None:
            return
        for pid in touched:
            paper = self._papers.get(pid)
            if paper is None:
                self._finder = None  # a removal: rebuild on next use
                return
            if pid not in self._finder:
                planned = self._planned.fingerprint(pid) if self._planned else None
                self._finder.add(pid, planned or _fingerprint(paper))

    def preview(self, sources: list[tuple[str, bytes]], fmt: str | None) -> ImportPreview:
        results = [parse_source(name, data, fmt) for name, data in sources]
        preview = ImportPreview(results, [], [], [w for r in results for w in r.warnings])
        self._prints = {}
        batch = _Batch(self._papers, self._duplicate_finder(), self._prints)
        for result in results:
            for parsed in result.papers:
                match = batch.classify(parsed)
                if match is None:
                    preview.new.append(parsed)
                else:
                    preview.duplicates.append((parsed, self._papers.get(match)))
        self._decided = (preview, batch)
        return preview

    def plan(
        self, preview: ImportPreview, now: str, progress: ProgressCallback | None = None
    ) -> ImportPlan:
        batch_id = secrets.token_hex(4)
        batch = _Batch(self._papers, self._duplicate_finder(), self._prints)
        if self._decided is not None and self._decided[0] is preview:
            batch.reuse_decisions(self._decided[1])
        total, done = preview.found, 0
        for result in preview.results:
            source = Source(result.source, batch_id, now)
            for parsed in result.papers:
                batch.add(parsed, source, now)
                done += 1
                if progress and (done % PROGRESS_EVERY == 0 or done == total):
                    progress(done, total)
        report = ImportReport(
            files=len(preview.results),
            found=total,
            added=len(batch.new),
            known=batch.known,
            repeated=batch.repeated,
            batch=batch_id,
            warnings=preview.warnings,
        )
        names = ", ".join(r.source for r in preview.results[:3])
        more = f" and {len(preview.results) - 3} more" if len(preview.results) > 3 else ""
        label = f"import {report.added} papers from {names}{more}"
        self._planned, self._prints, self._decided = batch.local, {}, None
        return ImportPlan(batch.ops(now), label, report)

    def _duplicate_finder(self) -> DuplicateFinder:
        if self._finder is None:
            self._finder = DuplicateFinder()
            for paper in self._papers.values():
                self._finder.add(paper.id, _fingerprint(paper))
        return self._finder


class _Batch:
    """One import in progress: new papers, and sources or fields to add to known ones."""

    def __init__(
        self,
        papers: Mapping[str, Paper],
        finder: DuplicateFinder,
        prints: dict[int, Fingerprint],
    ) -> None:
        self._papers = papers
        self._finder = finder
        self._prints = prints
        self.local = DuplicateFinder()  # the new papers of this very import
        self.new: dict[str, Paper] = {}
        self._updates: dict[str, dict[str, Any]] = {}
        self._update_times: dict[str, str] = {}
        self.known = 0
        self.repeated = 0
        self.decisions: dict[int, str | None] = {}  # id(parsed paper) -> its match
        self.new_ids: dict[int, str] = {}  # id(parsed paper) -> its id, when it is new
        self._ids_given: set[str] = set()
        self._reused: dict[int, str | None] | None = None

    def reuse_decisions(self, preview_batch: _Batch) -> None:
        """Take a preview's decisions instead of deciding again (the library is unchanged)."""
        self._reused = preview_batch.decisions
        self.new_ids = preview_batch.new_ids
        self.local = preview_batch.local

    def classify(self, parsed: ParsedPaper) -> str | None:
        """The id this paper duplicates (known or earlier in the batch), or None if new."""
        if self._reused is not None:
            return self._reused[id(parsed)]
        match = self._decide(parsed)
        self.decisions[id(parsed)] = match
        return match

    def _decide(self, parsed: ParsedPaper) -> str | None:
        if parsed.record is not None and parsed.record["id"] in self._papers:
            return str(parsed.record["id"])
        if not parsed.title_derived:  # a re-import is mostly exact titles: skip the abstract
            title = title_key(parsed.title)
            found = self._finder.find_title(title) or self.local.find_title(title)
            if found:
                return found
        fingerprint = self._prints.get(id(parsed))
        if fingerprint is None:
            fingerprint = self._prints[id(parsed)] = _parsed_fingerprint(parsed)
        found = self._finder.find(fingerprint) or self.local.find(fingerprint)
        if found is not None:
            return found
        for new_id in id_variants(_new_id(parsed)):
            if not self._id_taken(new_id):
                break
            if self._same_text(new_id, fingerprint):
                return new_id
        self.new_ids[id(parsed)] = new_id
        self._ids_given.add(new_id)
        self.local.add(new_id, fingerprint)
        return None

    def _same_text(self, paper_id: str, fingerprint: Fingerprint) -> bool:
        """Whether the paper holding this id has this very title and abstract: the fuzzy
        rules leave a short abstract alone, and an empty title ("???") gives no title key."""
        for finder in (self._finder, self.local):
            known = finder.fingerprint(paper_id)
            if known is not None:
                return (known.title, known.abstract) == (fingerprint.title, fingerprint.abstract)
        return False

    def _id_taken(self, paper_id: str) -> bool:
        return paper_id in self._papers or paper_id in self._ids_given

    def add(self, parsed: ParsedPaper, source: Source, now: str) -> None:
        match = self.classify(parsed)
        if match is None:
            paper = _new_paper(parsed, self.new_ids[id(parsed)], source, now)
            self.new[paper.id] = paper
        elif match in self.new:
            self.repeated += 1
            _add_source(self.new[match].sources, source)
        else:
            self.known += 1
            self._merge_known(self._papers[match], parsed, source)

    def ops(self, now: str) -> list[ops.Op]:
        added = [ops.add_op(p) for p in self.new.values()]
        updates = (
            ops.set_op(self._papers[pid], fields, self._update_times.get(pid, now))
            for pid, fields in self._updates.items()
        )
        return added + [op for op in updates if op]

    def _merge_known(self, paper: Paper, parsed: ParsedPaper, source: Source) -> None:
        """Never overwrite user fields; only record the source, and improve a made-up title."""
        fields = self._updates.setdefault(paper.id, {})
        record = parsed.record
        if record is not None:
            if str(record.get("updated_at", "")) > paper.updated_at:
                fields.update({key: record[key] for key in USER_FIELDS if key in record})
                self._update_times[paper.id] = str(record["updated_at"])
            return
        sources = fields.setdefault("sources", [s.to_dict() for s in paper.sources])
        if all(s["file"] != source.file for s in sources):
            sources.append(source.to_dict())
        if paper.title_derived and not parsed.title_derived and parsed.title:
            fields.update({"title": parsed.title, "title_derived": False})


def _parsed_fingerprint(parsed: ParsedPaper) -> Fingerprint:
    return Fingerprint.of(parsed.title, parsed.title_derived, parsed.abstract)


def _fingerprint(paper: Paper) -> Fingerprint:
    return Fingerprint.of(paper.title, paper.title_derived, paper.abstract)


def _new_id(parsed: ParsedPaper) -> str:
    if parsed.record is not None:
        return str(parsed.record["id"])
    return paper_id(parsed.title, parsed.abstract, parsed.title_derived)


def _new_paper(parsed: ParsedPaper, new_id: str, source: Source, now: str) -> Paper:
    if parsed.record is not None:
        paper = Paper.from_dict(parsed.record)  # our own export: kept as it was
        paper.id = new_id  # (unless two records of the file shared an id)
        return paper
    return Paper(
        id=new_id,
        title=parsed.title,
        abstract=parsed.abstract,
        title_derived=parsed.title_derived,
        authors=parsed.authors,
        published=parsed.published,
        upvotes=parsed.upvotes,
        sources=[source],
        added_at=now,
        updated_at=now,
        tags=normalize_tags(parsed.tags),
        note=parsed.note,
    )


def _add_source(sources: list[Source], source: Source) -> None:
    if all(s.file != source.file for s in sources):
        sources.append(source)
