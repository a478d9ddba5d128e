"""Full garbage collections wait for a rest in the input, and the app leaves Python as it was."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from readinglist import garbage as collector_module
from readinglist.garbage import PATIENCE, IdleCollector
from readinglist.library import Library
from readinglist.tui.app import ReadingListApp
from tests.tui.conftest import SIZE

MakeApp = Callable[[Library], ReadingListApp]


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def test_full_collections_wait_longer_while_the_collector_runs(
    thresholds: tuple[int, int, int],
) -> None:
    collector = IdleCollector()
    collector.start()
    assert gc.get_threshold() == (*thresholds[:2], thresholds[2] * PATIENCE)
    collector.stop()
    assert gc.get_threshold() == thresholds


def test_a_due_collection_runs_only_once_the_input_rests(
    thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [100.0]
    monkeypatch.setattr(collector_module.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, thresholds[2]))
    collected: list[bool] = []
    monkeypatch.setattr(gc, "collect", lambda: collected.append(True) or 0)
    collector = IdleCollector()
    collector.saw_input()
    assert not collector.collect_if_resting()
    now[0] += collector_module.IDLE_AFTER
    assert collector.collect_if_resting() and collected == [True]


def test_nothing_is_collected_before_python_would_have(
    thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, thresholds[2] - 1))
    monkeypatch.setattr(collector_module.time, "monotonic", lambda: 1e9)
    assert not IdleCollector().collect_if_resting()


async def test_the_app_restores_the_collector_settings_when_it_exits(
    tui_library: Library, make_app: MakeApp, thresholds: tuple[int, int, int]
) -> None:
    app = make_app(tui_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] == thresholds[2] * PATIENCE
    assert gc.get_threshold() == thresholds
