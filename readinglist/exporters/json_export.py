"""The whole library, or a selection, as versioned JSON that our JSON importer reads back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import orjson

from readinglist.model import Paper

EXPORT_FORMAT = "readinglist"
EXPORT_VERSION = 1


def iso_timestamp(moment: datetime) -> str:
    """`2025-01-31T09:05:00.000Z`, the form of `model.utc_now()`; naive means UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def export_json(papers: Iterable[Paper], *, now: datetime) -> str:
    """`{"format", "version", "exported_at", "papers"}`; each paper has every field we store.

    Unknown keys a record arrived with (from a newer version) are kept, so that importing the
    export into an empty library gives back the same library.
    """
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": iso_timestamp(now),
        "papers": [paper.to_record() for paper in papers],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
