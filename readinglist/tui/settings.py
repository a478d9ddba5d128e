"""UI preferences kept between runs (theme, filters, triage position) in a small JSON file."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from readinglist.model import Paper


@dataclass
class QuickFilter:
    """The sidebar's choice: it narrows every list and search."""

    status: str | None = None
    tag: str | None = None
    min_rating: int | None = None

    def matches(self, paper: Paper | None) -> bool:
        return (
            paper is not None
            and (not self.status or paper.status.value == self.status)
            and (not self.tag or self.tag in paper.tags)
            and (not self.min_rating or paper.rating >= self.min_rating)
        )

    def as_query(self) -> str:
        """The same filter in the search language, to combine with typed words."""
        terms = []
        if self.status:
            terms.append(f"status:{self.status}")
        if self.tag:
            terms.append(f"tag:{self.tag}")
        if self.min_rating:
            terms.append(f"rating>={self.min_rating}")
        return " ".join(terms)


@dataclass
class TriageState:
    """Where a triage walk stopped, so it can be resumed."""

    label: str
    paper_ids: list[str]
    index: int = 0
    decisions: dict[str, str] = field(default_factory=dict)


@dataclass
class Settings:
    theme: str = "textual-dark"
    sort: str = "added"
    reverse: bool = False
    show_filters: bool = True
    quick_filter: QuickFilter = field(default_factory=QuickFilter)
    saved_searches: list[str] = field(default_factory=list)
    triage: TriageState | None = None
    # Binding id -> keys, handed to `App.set_keymap` so users can remap keys.
    keymap: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> Settings:
        """Read settings; a missing or unreadable file gives the defaults (they are only prefs)."""
        if path is None:
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls.from_dict(data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["quick_filter"] = QuickFilter(**values.get("quick_filter") or {})
        if values.get("triage"):
            values["triage"] = TriageState(**values["triage"])
        settings = cls(**values)
        if not isinstance(settings.saved_searches, list) or not isinstance(settings.keymap, dict):
            raise TypeError("saved_searches must be a list and keymap an object")
        return settings

    def save(self, path: Path | None) -> None:
        """Write atomically: a crash leaves the old file or the new one, never half of one."""
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(asdict(self), indent=1, ensure_ascii=False)
        fd, temp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
