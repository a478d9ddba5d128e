"""Measurements that run inside a fresh process: `python -m benchmarks.probes NAME [options]`.

Each probe prints one JSON object on its last line of standard output. Times are seconds;
`*_at` values are `time.time()` moments, which the parent compares with when it started us.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

EDIT_KINDS = ("rate", "tag", "note")
# Typed one key at a time; the latency of the last key is the sample for its length.
SEARCH_QUERIES: dict[str, tuple[str, ...]] = {
    "1 char": ("d", "m", "t", "r", "s"),
    "3 chars": ("dif", "tra", "rei", "seg", "gra"),
    "8 chars": ("diffusio", "transfor", "reinforc", "segmenta", "retrieva"),
    "typo": ("difusion", "transfomer", "reinforcment", "segmentaion", "retreival"),
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def library_files(library: Path) -> list[Path]:
    """The snapshot files that opening a library reads (not the journal or the lock)."""
    extras = [library.with_name(library.name + ".abstracts")]
    return [library, *(path for path in extras if path.exists())]


# --- core (no TUI) ------------------------------------------------------------------------


def probe_parse(args: argparse.Namespace) -> dict[str, Any]:
    """The floor for opening: read the snapshot files and parse them with orjson, nothing more."""
    samples = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for path in library_files(args.library):
            orjson.loads(path.read_bytes())
        samples.append(time.perf_counter() - started)
    return {"samples": samples, "bytes": sum(p.stat().st_size for p in library_files(args.library))}


def probe_open(args: argparse.Namespace) -> dict[str, Any]:
    """`Library.open` in a process that has already imported the library code."""
    from readinglist.library import Library

    started, cpu = time.perf_counter(), time.thread_time()
    library = Library.open(args.library)
    opened, opened_cpu = time.perf_counter() - started, time.thread_time() - cpu
    started, cpu = time.perf_counter(), time.thread_time()
    library.search_index()
    indexed, indexed_cpu = time.perf_counter() - started, time.thread_time() - cpu
    return {
        "open": opened, "open_cpu": opened_cpu, "index": indexed, "index_cpu": indexed_cpu,
        "papers": len(library), "rss_mb": peak_rss_mb(),
    }  # fmt: skip


def probe_import(args: argparse.Namespace) -> dict[str, Any]:
    """Import the Daily Papers file into an empty library, then the same file again."""
    from readinglist.library import Library

    with tempfile.TemporaryDirectory(prefix="rl-bench-") as folder:
        library = Library.open(Path(folder) / "library.json")
        rounds = []
        for _ in range(2):
            started, cpu = time.perf_counter(), time.process_time()
            data = args.daily.read_bytes()
            preview = library.preview_import([(args.daily.name, data)])
            parsed = time.perf_counter() - started
            report = library.commit_import(preview)
            elapsed = time.perf_counter() - started
            rounds.append(
                {"seconds": elapsed, "cpu": time.process_time() - cpu, "parse_and_classify": parsed,
                 "found": report.found, "added": report.added, "known": report.known}
            )  # fmt: skip
        library.close()
    return {"first": rounds[0], "again": rounds[1], "rss_mb": peak_rss_mb()}


def probe_search_core(args: argparse.Namespace) -> dict[str, Any]:
    """`Library.search` on a warm index: the core of a keystroke, without any drawing."""
    from readinglist.library import Library

    library = Library.open(args.library)
    library.search_index()
    samples: dict[str, list[float]] = {label: [] for label in SEARCH_QUERIES}
    cpu: dict[str, list[float]] = {label: [] for label in SEARCH_QUERIES}
    for label, queries in SEARCH_QUERIES.items():
        for _ in range(args.repeats):
            for query in queries:
                started, cpu_started = time.perf_counter(), time.thread_time()
                library.search(query)
                samples[label].append(time.perf_counter() - started)
                cpu[label].append(time.thread_time() - cpu_started)
    return {"samples": samples, "cpu": cpu, "rss_mb": peak_rss_mb()}


def probe_edit_core(args: argparse.Namespace) -> dict[str, Any]:
    """`Library.rate/tag/set_note` until durable, and how many bytes each one wrote."""
    from readinglist.library import Library

    library = Library.open(args.library)
    ids = sorted(library.papers)[: args.repeats]
    edits: dict[str, Callable[[str, int], object]] = {
        "rate": lambda pid, n: library.rate([pid], 3 + n % 2),
        "tag": lambda pid, n: library.tag([pid], [f"bench-{n}"]),
        "note": lambda pid, n: library.set_note(pid, f"{library.papers[pid].note}\nedit {n}"),
    }
    samples: dict[str, list[float]] = {kind: [] for kind in edits}
    cpu: dict[str, list[float]] = {kind: [] for kind in edits}
    written: dict[str, list[int]] = {kind: [] for kind in edits}
    with _disk_writes() as disk:
        for n, paper in enumerate(ids):
            for kind, edit in edits.items():
                before = disk()
                started, cpu_started = time.perf_counter(), time.thread_time()
                edit(paper, n)
                samples[kind].append(time.perf_counter() - started)
                cpu[kind].append(time.thread_time() - cpu_started)
                written[kind].append(disk() - before)
    return {"samples": samples, "cpu": cpu, "bytes_written": written}


@contextmanager
def _disk_writes() -> Iterator[Callable[[], int]]:
    """Bytes this process has written (from /proc), or 0 where that is not available."""
    io_file = Path("/proc/self/io")

    def written() -> int:
        try:
            for line in io_file.read_text().splitlines():
                if line.startswith("wchar:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    yield written


# --- the TUI, headless --------------------------------------------------------------------
# Keys are posted to the app directly rather than with `Pilot.press`, which waits for the
# process to go idle after every key (at least 40 ms) and would hide the real latency.
# They come at a fast typist's pace: a key that finds the app still busy with the previous
# one waits, as it would for a person.

TYPING_INTERVAL = 0.12  # seconds between keys while typing
PAUSE = 0.3  # before a measured key that follows navigation (a person reads, then acts)

KEY_CHARACTERS = {"enter": "\r", "escape": "\x1b", "slash": "/", "down": None, "ctrl+s": None}


class PaintWatch:
    """Wraps `PaperList.show` and `render_line`: when the list got new ids, when it drew them."""

    def __init__(self) -> None:
        from readinglist.tui.widgets.paper_list import PaperList

        self.first_paint_at: float | None = None  # time.time(), to compare across processes
        self.shows = 0  # how many times the list was given ids
        self.show_text: dict[int, str] = {}  # the search box at each of them
        self.painted: dict[int, tuple[float, float]] = {}  # first row drawn after each show:
        # (perf_counter, process_time)
        self.first_paint_cpu = 0.0
        # Shows of a whole list (not a first screenful while the rest is listed): when.
        self.whole: dict[int, tuple[float, float]] = {}
        original_show, original_render = PaperList.show, PaperList.render_line
        watch = self

        def show(widget: Any, ids: Any, **kwargs: Any) -> None:
            original_show(widget, ids, **kwargs)
            watch.shows += 1
            watch.show_text[watch.shows] = _search_text(widget)
            if kwargs.get("total") is None:
                watch.whole[watch.shows] = (time.perf_counter(), time.process_time())

        def render_line(widget: Any, y: int) -> Any:
            strip = original_render(widget, y)
            if widget.ids and watch.first_paint_at is None:
                watch.first_paint_at = time.time()
                watch.first_paint_cpu = time.process_time()
            if watch.shows not in watch.painted:
                watch.painted[watch.shows] = (time.perf_counter(), time.process_time())
            return strip

        PaperList.show = show  # type: ignore[method-assign,assignment]
        PaperList.render_line = render_line  # type: ignore[method-assign,assignment]

    def painted_with(self, text: str, after: int) -> tuple[float, float] | None:
        """When the list was first drawn with results for `text` among the shows after the
        `after`th (None: not yet). The list may get the first screenful, then the rest."""
        if self.show_text.get(self.shows) != text:
            return None
        return next(
            (
                self.painted[number]
                for number in range(after + 1, self.shows + 1)
                if number in self.painted and self.show_text[number] == text
            ),
            None,
        )

    def listed_with(self, text: str, after: int) -> tuple[float, float] | None:
        """When the whole list of results for `text` was handed to the list (None: not yet)."""
        return next(
            (
                self.whole[number]
                for number in range(after + 1, self.shows + 1)
                if number in self.whole and self.show_text[number] == text
            ),
            None,
        )


def _search_text(widget: Any) -> str:
    try:
        return str(widget.screen.search_text)
    except AttributeError:  # a list on another screen
        return ""


def _send_key(app: Any, key: str) -> tuple[float, float]:
    """Post one key press as the terminal driver would; returns when (wall, CPU) it was sent."""
    from textual import events

    character = KEY_CHARACTERS.get(key, key if len(key) == 1 else None)
    event = events.Key(key, character)
    event.set_sender(app)
    started = (time.perf_counter(), time.process_time())
    app.post_message(event)
    return started


_running_app: list[Any] = []  # the app under test, so a wait stops when it has crashed


async def _until(condition: Callable[[], object], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError("the TUI did not get there in time")
        if _running_app and _running_app[0].return_code is not None:
            raise RuntimeError("the app stopped (see the traceback above)")
        await asyncio.sleep(0.0002)
    return result


async def _keys(app: Any, *keys: str, then: float = PAUSE) -> None:
    """Type keys at a typist's pace, then wait `then` seconds."""
    for key in keys:
        _send_key(app, key)
        await asyncio.sleep(TYPING_INTERVAL)
    await asyncio.sleep(then)


def _app(library_path: Path) -> Any:
    from readinglist.library import Library
    from readinglist.tui.app import build_app

    # As `readinglist.tui.run` opens it: abstracts and the day's backup after the first paint.
    library = Library.open(library_path, lazy_abstracts=True, daily_backup=False)
    settings = Path(tempfile.mkdtemp(prefix="rl-bench-settings-")) / "settings.toml"
    app = build_app(library, settings)
    _running_app[:] = [app]
    return app


def probe_tui_paint(args: argparse.Namespace) -> dict[str, Any]:
    """From process start to the paper list drawing its first paper, with `run_test`."""
    watch = PaintWatch()
    app = _app(args.library)

    async def scenario() -> None:
        async with app.run_test(size=(160, 50)):
            await _until(lambda: watch.first_paint_at is not None)

    asyncio.run(scenario())
    return {
        "first_paint_at": watch.first_paint_at,
        "first_paint_cpu": watch.first_paint_cpu,
        "rss_mb": peak_rss_mb(),
    }


def probe_tui_search(args: argparse.Namespace) -> dict[str, Any]:
    """Keystroke in the search box to the list drawn with the new results."""
    from textual.widgets import Input

    watch = PaintWatch()
    app = _app(args.library)
    samples: dict[str, list[float]] = {label: [] for label in SEARCH_QUERIES}
    cpu: dict[str, list[float]] = {label: [] for label in SEARCH_QUERIES}
    whole: dict[str, list[float]] = {label: [] for label in SEARCH_QUERIES}

    async def type_and_wait(search: Input, key: str) -> tuple[float, float, float]:
        expected, after = search.value + key, watch.shows
        sent = _send_key(app, key)
        painted: tuple[float, float] = await _until(lambda: watch.painted_with(expected, after))
        listed: tuple[float, float] = await _until(lambda: watch.listed_with(expected, after))
        await asyncio.sleep(max(0.0, sent[0] + TYPING_INTERVAL - time.perf_counter()))
        return painted[0] - sent[0], painted[1] - sent[1], listed[0] - sent[0]

    async def scenario() -> None:
        async with app.run_test(size=(160, 50)):
            await _until(lambda: watch.first_paint_at is not None)
            await asyncio.to_thread(app.library.search_index)  # as the app's warm-up does
            await _keys(app, "slash")
            search = app.screen.query_one("#main-search", Input)
            await _until(lambda: search.has_focus)
            for _ in range(args.repeats):
                for label, queries in SEARCH_QUERIES.items():
                    for query in queries:
                        if search.value:
                            after = watch.shows
                            search.value = ""
                            await _until(lambda: watch.painted_with("", after))  # noqa: B023
                            await asyncio.sleep(PAUSE)
                        elapsed = (0.0, 0.0, 0.0)
                        for key in query:
                            elapsed = await type_and_wait(search, key)
                        samples[label].append(elapsed[0])
                        cpu[label].append(elapsed[1])
                        whole[label].append(elapsed[2])

    asyncio.run(scenario())
    return {"samples": samples, "cpu": cpu, "whole": whole, "rss_mb": peak_rss_mb()}


class CommitWatch:
    """Wraps `LibraryStore.append`, the durable commit: when the last one returned."""

    def __init__(self) -> None:
        from readinglist.storage import LibraryStore

        self.commits = 0
        self.committed_at = (0.0, 0.0)  # (perf_counter, process_time)
        original = LibraryStore.append
        watch = self

        def append(store: Any, entry: Any) -> None:
            original(store, entry)
            watch.committed_at = (time.perf_counter(), time.process_time())
            watch.commits += 1

        LibraryStore.append = append  # type: ignore[method-assign,assignment]


WARM_UP_WAIT = 5.0  # seconds after the first paint for the app's warm-up worker to start
WARM_UP_KEY_DELAY = 0.2  # then a key this soon after (the worker has taken its locks by then)


def _background_work(app: Any) -> bool:
    """True while a worker of the app's own runs (the warm-up), not searches or polls."""
    return any(w.is_running and w.group not in ("query", "poll") for w in app.workers)


def probe_tui_edit(args: argparse.Namespace) -> dict[str, Any]:
    """Rate, tag (a new tag, enter) and note (type, ctrl+s) until committed to the journal.

    One rate as soon as the app's warm-up worker (abstracts, search index) is running after
    the first paint, then the rest with the index warm, which is the steady state.
    """
    watch, commits = PaintWatch(), CommitWatch()
    app = _app(args.library)
    journal = args.library.with_name(args.library.name + ".journal")
    samples: dict[str, list[float]] = {kind: [] for kind in EDIT_KINDS}
    cpu: dict[str, list[float]] = {kind: [] for kind in EDIT_KINDS}

    async def until_durable(key: str) -> float:
        """Wall time from the key to the commit; its CPU time goes into `cpu`."""
        size, count = journal.stat().st_size, commits.commits
        sent = _send_key(app, key)
        await _until(lambda: commits.commits > count, timeout=120)
        if journal.stat().st_size == size:
            raise RuntimeError("a commit returned but the journal did not grow")
        last_cpu[0] = commits.committed_at[1] - sent[1]
        return commits.committed_at[0] - sent[0]

    last_cpu = [0.0]

    def record(kind: str, wall: float) -> None:
        samples[kind].append(wall)
        cpu[kind].append(last_cpu[0])

    async def rate_next(move: bool = True) -> float:
        if move:
            await _keys(app, "down")
        paper = app.library.papers[app.screen.paper_list.highlighted_id]
        return await until_durable("4" if paper.rating == 3 else "3")

    def on_screen(name: str) -> Callable[[], bool]:
        return lambda: type(app.screen).__name__ == name

    async def scenario() -> float:
        async with app.run_test(size=(160, 50)):
            await _until(lambda: watch.first_paint_at is not None)
            with contextlib.suppress(TimeoutError):
                await _until(lambda: _background_work(app), timeout=WARM_UP_WAIT)
            await asyncio.sleep(WARM_UP_KEY_DELAY)
            # No cursor move first: its redraw would wait out the warm-up and hide it here.
            first = await rate_next(move=False)
            await asyncio.to_thread(app.library.search_index)
            for n in range(args.repeats):
                record("rate", await rate_next())
                await _keys(app, "t")
                await _until(on_screen("TagEditor"))
                await _keys(app, *f"bench{n}")
                record("tag", await until_durable("enter"))
                await _until(on_screen("MainScreen"))
                await _keys(app, "n")
                await _until(on_screen("NoteScreen"))
                await _keys(app, *"benchnote")
                record("note", await until_durable("ctrl+s"))
                await _keys(app, "escape")
                await _until(on_screen("MainScreen"))
        return first

    first = asyncio.run(scenario())
    return {"samples": samples, "cpu": cpu, "first_edit": first, "rss_mb": peak_rss_mb()}


def probe_titles(args: argparse.Namespace) -> dict[str, Any]:
    """The first 20 characters of every generated title (what a screen of papers shows)."""
    from benchmarks import synth

    return {"titles": [p.paper.title[:TITLE_START] for p in synth.generate(args.size)]}


TITLE_START = 20

PROBES: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "titles": probe_titles,
    "parse": probe_parse,
    "open": probe_open,
    "import": probe_import,
    "search_core": probe_search_core,
    "edit_core": probe_edit_core,
    "tui_paint": probe_tui_paint,
    "tui_search": probe_tui_search,
    "tui_edit": probe_tui_edit,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("probe", choices=sorted(PROBES))
    parser.add_argument("--library", type=Path)
    parser.add_argument("--daily", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args(argv)
    result = PROBES[args.probe](args)
    sys.stdout.flush()
    os.write(1, orjson.dumps(result) + b"\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
