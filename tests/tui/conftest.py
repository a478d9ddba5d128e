"""A small fixed library for the TUI tests, and an app built with the real factory."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from readinglist.library import Library
from readinglist.model import Paper, Source, Status, paper_id
from readinglist.tui.app import ReadingListApp, build_app

TODAY = date(2026, 11, 20)
SIZE = (100, 30)

ABSTRACT = (
    "We study how {topic} behaves at scale. Experiments on six benchmarks show steady gains, "
    "and an ablation explains where they come from."
)


def fixed_paper(
    number: int,
    title: str,
    topic: str,
    *,
    status: Status = Status.NEW,
    rating: int = 0,
    tags: tuple[str, ...] = (),
    note: str = "",
    queue_position: int | None = None,
    title_derived: bool = False,
) -> Paper:
    day = f"2026-11-{number + 1:02d}"
    abstract = ABSTRACT.format(topic=topic)
    return Paper(
        id=paper_id(title, abstract, title_derived),
        title=title,
        abstract=abstract,
        title_derived=title_derived,
        authors=["Ada Lovelace", "Alan Turing"][: 1 + number % 2],
        published=f"2026-10-{number + 1:02d}",
        upvotes=number * 3,
        sources=[Source("daily-papers-2026-11.txt", "b47c01", f"{day}T09:00:00.000Z")],
        added_at=f"{day}T09:00:00.000Z",
        updated_at=f"{day}T09:00:00.000Z",
        status=status,
        rating=rating,
        tags=list(tags),
        note=note,
        queue_position=queue_position,
    )


def sample_papers() -> list[Paper]:
    return [
        fixed_paper(0, "Attention Is All You Need", "attention", status=Status.READ, rating=5,
                    tags=("nlp", "transformers"), note="# Key idea\n\nSelf-attention **only**."),
        fixed_paper(1, "Denoising Diffusion Probabilistic Models", "diffusion", tags=("vision",)),
        fixed_paper(2, "Scaling Laws for Neural Language Models", "scaling",
                    status=Status.TO_READ, queue_position=0, tags=("nlp",)),
        fixed_paper(3, "Learning Transferable Visual Models From Natural Language Supervision",
                    "contrastive pretraining", status=Status.TO_READ, queue_position=1,
                    tags=("vision", "nlp")),
        fixed_paper(4, "Deep Residual Learning for Image Recognition", "residual networks",
                    rating=4, tags=("vision",)),
        fixed_paper(5, "Playing Atari with Deep Reinforcement Learning", "reinforcement learning"),
        fixed_paper(6, "Mastering the Game of Go without Human Knowledge", "self-play",
                    status=Status.SKIPPED),
        fixed_paper(7, "A study of sparse mixtures of experts in large models", "sparse experts",
                    title_derived=True),
        fixed_paper(8, "Neural Machine Translation by Jointly Learning to Align and Translate",
                    "alignment", status=Status.TO_READ, queue_position=2, tags=("nlp",)),
    ]  # fmt: skip


def first_id(library: Library, title_start: str) -> str:
    return next(p.id for p in library.papers.values() if p.title.startswith(title_start))


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


@pytest.fixture
def tui_library(library_path: Path) -> Iterator[Library]:
    library = Library.open(library_path)
    library.add_papers(sample_papers(), label="sample papers")
    yield library
    library.close()


@pytest.fixture
def make_app(settings_path: Path) -> object:
    def make(library: Library) -> ReadingListApp:
        return build_app(library, settings_path, poll_interval=None, today=lambda: TODAY)

    return make


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests (Pilot needs an event loop) without an asyncio plugin."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True
