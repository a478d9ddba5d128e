"""Search as you type: the best screenful shows with the letter typed, the rest follows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from textual.pilot import Pilot
from textual.widgets import Input

from readinglist.library import Library
from readinglist.model import Paper, paper_id
from readinglist.tui.app import ReadingListApp
from readinglist.tui.screens.main import MainScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import main_screen, screen_text, settle, wait_until

MakeApp = Callable[[Library], ReadingListApp]
MATCHING = 60


def many_matching_papers() -> list[Paper]:
    papers = []
    for number in range(MATCHING):
        title = f"Diffusion study number {number}"
        abstract = f"We look at diffusion once more, for the {number}th time."
        papers.append(
            Paper(
                id=paper_id(title, abstract, title_derived=False),
                title=title,
                abstract=abstract,
                added_at=f"2026-11-01T09:{number:02d}:00.000Z",
            )
        )
    return papers


@asynccontextmanager
async def searching(
    library: Library, make_app: MakeApp, index_ready: bool = True
) -> AsyncIterator[tuple[Pilot[None], MainScreen, Input]]:
    """The app on a library of `MATCHING` diffusion papers, with its search index built."""
    library.add_papers(many_matching_papers(), label="test papers")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        if index_ready:
            await wait_until(pilot, lambda: library.search_ready)
            await settle(pilot)
        screen = main_screen(app)
        yield pilot, screen, screen.query_one("#main-search", Input)


def shown(screen: MainScreen, count: int) -> Callable[[], bool]:
    """Whether the status line counts `count` papers (it waits for typing to pause)."""
    return lambda: f"({count} shown)" in screen_text(screen.rl_app)


async def test_typing_lists_the_best_screenful_at_once_and_every_match_after(
    library: Library, make_app: MakeApp
) -> None:
    async with searching(library, make_app) as (pilot, screen, search):
        paper_list = screen.paper_list
        search.value = "diffusion"
        # Before anything else runs: what the next frame will draw.
        first = list(paper_list.ids)
        assert len(first) == paper_list.size.height < MATCHING
        assert paper_list.virtual_size.height == MATCHING  # the scrollbar is right already
        await settle(pilot)
        assert len(paper_list.ids) == MATCHING
        assert list(paper_list.ids[: len(first)]) == first
        await wait_until(pilot, shown(screen, MATCHING))


async def test_a_search_with_few_matches_is_complete_at_once(
    library: Library, make_app: MakeApp
) -> None:
    async with searching(library, make_app) as (pilot, screen, search):
        search.value = "diffusion number 7"
        assert [library.papers[pid].title for pid in screen.paper_list.ids] == [
            "Diffusion study number 7"
        ]
        await wait_until(pilot, shown(screen, 1))


async def test_a_search_typed_before_the_index_is_ready_still_finds_papers(
    library: Library, make_app: MakeApp
) -> None:
    async with searching(library, make_app, index_ready=False) as (pilot, screen, search):
        search.value = "difusion number 7"
        await wait_until(pilot, lambda: len(screen.paper_list.ids) == 1)


async def test_a_search_that_finds_nothing_empties_the_list_at_once(
    library: Library, make_app: MakeApp
) -> None:
    async with searching(library, make_app) as (pilot, screen, search):
        assert len(screen.paper_list.ids) == MATCHING
        search.value = "zebrafish"
        assert list(screen.paper_list.ids) == []
        await wait_until(pilot, shown(screen, 0))


async def test_two_changes_within_one_frame_end_on_the_second(
    library: Library, make_app: MakeApp
) -> None:
    async with searching(library, make_app) as (pilot, screen, search):
        search.value = "diffusion"  # the first screenful now, the rest after the frame
        search.value = "status:new"  # filters alone: listed by a worker
        await settle(pilot)
        assert len(screen.paper_list.ids) == MATCHING
        await wait_until(pilot, shown(screen, MATCHING))
