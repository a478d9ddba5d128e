"""Shared fixtures: libraries in temporary folders, sample papers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.library import Library
from readinglist.model import Paper, paper_id

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def make_paper(title: str, abstract: str = "", **fields: object) -> Paper:
    defaults: dict[str, object] = {
        "added_at": "2026-11-01T10:00:00.000Z",
        "updated_at": "2026-11-01T10:00:00.000Z",
    }
    return Paper(
        id=paper_id(title, abstract, False),
        title=title,
        abstract=abstract,
        **{**defaults, **fields},
    )  # type: ignore[arg-type]


SAMPLE_TITLES = [
    "Denoising Diffusion Probabilistic Models",
    "Attention Is All You Need",
    "Scaling Laws for Neural Language Models",
    "Learning Transferable Visual Models From Natural Language Supervision",
]


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the real user's library or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("READINGLIST_DB", raising=False)


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "lib" / "library.json"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    lib = Library.open(library_path)
    yield lib
    lib.close()


@pytest.fixture
def sample_library(library: Library) -> Library:
    library.add_papers(
        make_paper(t, f"An abstract about {t.lower()} with enough words to be an abstract.")
        for t in SAMPLE_TITLES
    )
    return library
