"""Run the benchmarks: `python -m benchmarks.run [--sizes 1000,10000,100000] [--quick]`.

Every measurement where start-up matters runs in a fresh process; latencies are reported as
p50/p95 over many samples, other times as the median of several runs. Prints a Markdown
table and writes JSON (with the commit, date and machine) for comparing commits.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import platform
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from benchmarks import synth
from benchmarks.probes import EDIT_KINDS, SEARCH_QUERIES, TITLE_START
from benchmarks.report import README, Metric, render_tables, write_section

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "benchmarks" / "results" / "latest.json"
TERMINAL_SIZE = (50, 160)  # rows, columns
RUN_BUDGET = 120.0  # seconds: a measurement that slow gets fewer runs
PROCESS_TIMEOUT = 1800.0
IMPORT_TIMEOUT = 600.0  # both imports of one run; slower is reported as "< size/600 papers/s"
BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("bench-bare-app-ready")
Bare().run()
"""


@dataclass(frozen=True)
class Plan:
    """How many runs and samples each kind of measurement gets."""

    process_runs: int = 7  # whole-process wall times (CLI, floors)
    paint_runs: int = 5  # TUI first paint, headless and pty
    import_runs: int = 5
    search_repeats: int = 4  # x 5 queries per kind: 20 samples
    edit_repeats: int = 20
    core_search_repeats: int = 20
    core_edit_repeats: int = 50
    only: frozenset[str] = frozenset()  # measure just these (empty: everything)

    def at(self, size: int) -> Plan:
        """Fewer runs for the slow measurements at 100,000 papers (said in the output)."""
        if size < 100_000:
            return self
        return Plan(
            process_runs=self.process_runs,
            paint_runs=max(3, self.paint_runs - 2),
            import_runs=min(3, self.import_runs),
            search_repeats=max(1, self.search_repeats // 2),
            edit_repeats=max(5, self.edit_repeats // 2),
            core_search_repeats=self.core_search_repeats,
            core_edit_repeats=self.core_edit_repeats,
            only=self.only,
        )


QUICK = Plan(3, 3, 2, 1, 8, 5, 20)


@dataclass
class Results:
    meta: dict[str, Any]
    floor: dict[str, Any] = field(default_factory=dict)
    sizes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"meta": self.meta, "floor": self.floor, "sizes": self.sizes}


# --- statistics ---------------------------------------------------------------------------


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least `share` of them at or below."""
    ordered = sorted(values)
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))
    return ordered[rank - 1]


def summary(
    samples: list[float], scale: float = 1.0, cpu: list[float] | None = None
) -> dict[str, Any]:
    """Median and percentiles of wall times, and of the CPU times measured with them.

    CPU time does not grow when other work competes for the cores, so it shows what a
    measurement costs on a quiet machine.
    """
    scaled = [s * scale for s in samples]
    found: dict[str, Any] = {
        "median": median(scaled),
        "p50": median(scaled),
        "p95": percentile(scaled, 0.95),
        "min": min(scaled),
        "max": max(scaled),
        "n": len(scaled),
        "samples": scaled,
    }
    if cpu:
        cpu_scaled = [c * scale for c in cpu]
        found.update(
            cpu_median=median(cpu_scaled),
            cpu_p50=median(cpu_scaled),
            cpu_p95=percentile(cpu_scaled, 0.95),
            cpu_samples=cpu_scaled,
        )
    return found


# --- running processes --------------------------------------------------------------------


def bench_env(home: Path) -> dict[str, str]:
    """A private home, so no run reads or writes the user's own library or settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("READINGLIST_", "TEXTUAL"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONPATH=str(REPO),
        TERM="xterm-256color",
    )
    return env


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    started_at: float  # time.time() just before the process was started
    peak_rss_mb: float
    stdout: bytes
    cpu_seconds: float = 0.0


def repeat(count: int, budget: float = RUN_BUDGET) -> Iterator[int]:
    """Up to `count` runs, but no new one once `budget` seconds have gone (at least one)."""
    started = time.perf_counter()
    for index in range(count):
        if index and time.perf_counter() - started > budget:
            print(f" (stopped after {index} runs: over {budget:.0f} s)", end="", file=sys.stderr)
            return
        yield index


def run_process(
    command: list[str], env: dict[str, str], timeout: float = PROCESS_TIMEOUT
) -> ProcessRun:
    """Run to completion; wall time and the child's own peak RSS (from wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started_at = time.time()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=REPO)
        status, usage = _wait(process, timeout)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        tail = stderr.decode(errors="replace").strip().splitlines()[-6:]
        raise RuntimeError(
            f"{' '.join(command[:4])}… exited {process.returncode}: " + " | ".join(tail)
        )
    cpu = usage.ru_utime + usage.ru_stime
    return ProcessRun(seconds, started_at, usage.ru_maxrss / 1024, stdout, cpu)


def _wait(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, Any]:
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return status, usage
        if time.monotonic() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            process.returncode = -9
            raise TimeoutError(f"still running after {timeout:.0f} s; stopped")
        time.sleep(0.002)


def run_probe(
    env: dict[str, str], probe: str, timeout: float = PROCESS_TIMEOUT, **options: Any
) -> tuple[dict[str, Any], ProcessRun]:
    command = [sys.executable, "-m", "benchmarks.probes", probe]
    for name, value in options.items():
        command += [f"--{name}", str(value)]
    run = run_process(command, env, timeout)
    return orjson.loads(run.stdout.strip().splitlines()[-1]), run


def readinglist_command() -> list[str]:
    script = Path(sys.executable).with_name("readinglist")
    return [str(script)] if script.exists() else [sys.executable, "-m", "readinglist"]


_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def pty_first_paint(
    command: list[str], env: dict[str, str], seen: Callable[[str], bool], timeout: float = 120
) -> tuple[float, float, float]:
    """Run under a pseudo-terminal until the screen shows what `seen` looks for.

    Returns seconds from start to that output, and the peak RSS (MB) and CPU seconds then.
    """
    master, slave = os.openpty()
    rows, columns = TERMINAL_SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO, start_new_session=True
    )
    os.close(slave)
    screen = bytearray()
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the child closed the terminal
                break
            screen += chunk
            if seen(_ESCAPES.sub(b"", screen).decode("utf-8", errors="replace")):
                elapsed = time.perf_counter() - started
                return elapsed, _peak_rss_mb(process.pid), _cpu_seconds(process.pid)
        output = _ESCAPES.sub(b"", screen).decode(errors="replace")[-300:]
        raise RuntimeError(f"{command[0]} never showed what we waited for; it showed: {output!r}")
    finally:
        _stop(process, master)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process so far (from /proc)."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return float("nan")


def _peak_rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _stop(process: subprocess.Popen[bytes], master: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if select.select([master], [], [], 0.05)[0]:
                os.read(master, 1 << 16)  # keep the pipe drained so it can exit
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    os.close(master)


def title_finder(titles: list[str], length: int = TITLE_START) -> Callable[[str], bool]:
    """True once any window of the screen text is the start of a paper title."""
    starts = {t[:length] for t in titles if len(t) >= length}

    def seen(text: str) -> bool:
        return any(text[i : i + length] in starts for i in range(len(text) - length + 1))

    return seen


# --- measurements -------------------------------------------------------------------------


def measure(results: dict[str, Any], plan: Plan, key: str) -> Callable[[Callable[[], Any]], None]:
    """Run one measurement now (unless `--only` left it out); a failure is recorded as an
    error, and the rest go on."""

    def run(body: Callable[[], Any]) -> None:
        if plan.only and key not in plan.only:
            return
        started = time.perf_counter()
        print(f"  {key} …", end="", file=sys.stderr, flush=True)
        try:
            body()
            print(f" {time.perf_counter() - started:.1f} s", file=sys.stderr)
        except Exception as error:  # a missing or broken piece must not stop the others
            results[key] = {"error": f"{type(error).__name__}: {error}"[:500]}
            print(f" FAILED: {results[key]['error']}", file=sys.stderr)

    return run


def measure_floor(results: dict[str, Any], env: dict[str, str], plan: Plan) -> None:
    @measure(results, plan, "python_start")
    def _() -> None:
        runs = [run_process([sys.executable, "-c", "pass"], env) for _ in repeat(plan.process_runs)]
        results["python_start"] = summary(
            [r.seconds for r in runs], cpu=[r.cpu_seconds for r in runs]
        )

    @measure(results, plan, "import_textual")
    def _() -> None:
        command = [sys.executable, "-c", "import textual.app"]
        runs = [run_process(command, env) for _ in repeat(plan.process_runs)]
        results["import_textual"] = summary(
            [r.seconds for r in runs], cpu=[r.cpu_seconds for r in runs]
        )

    @measure(results, plan, "bare_app_paint")
    def _() -> None:
        command = [sys.executable, "-c", BARE_APP]
        seen = lambda text: "bench-bare-app-ready" in text  # noqa: E731
        runs = [pty_first_paint(command, env, seen) for _ in repeat(plan.paint_runs)]
        results["bare_app_paint"] = summary([r[0] for r in runs], cpu=[r[2] for r in runs])


def measure_size(
    results: dict[str, Any], data: synth.Dataset, work: Path, env: dict[str, str], plan: Plan
) -> None:
    library = data.library
    editable = data.copy_library(work / "editable")
    ids = sorted(synth_ids(data))

    @measure(results, plan, "parse_floor")
    def _() -> None:
        found, _ = run_probe(env, "parse", library=library, runs=plan.process_runs)
        results["parse_floor"] = summary(found["samples"])

    @measure(results, plan, "open")
    def _() -> None:
        runs = [run_probe(env, "open", library=library)[0] for _ in repeat(plan.paint_runs)]
        results["open"] = summary([r["open"] for r in runs], cpu=[r["open_cpu"] for r in runs])
        results["index_build"] = summary(
            [r["index"] for r in runs], cpu=[r["index_cpu"] for r in runs]
        )

    @measure(results, plan, "import_new")
    def _() -> None:
        daily = data.daily_papers
        try:
            runs = [
                run_probe(env, "import", IMPORT_TIMEOUT, daily=daily)
                for _ in repeat(plan.import_runs)
            ]
        except TimeoutError:
            # Too slow to wait for: what we know is an upper bound on the throughput.
            results["import_new"] = {"median": data.size / IMPORT_TIMEOUT, "bound": "<"}
            return
        first = [r["first"] for r, _ in runs]
        again = [r["again"] for r, _ in runs]
        results["import_new"] = summary(
            [r["found"] / r["seconds"] for r in first], cpu=[r["found"] / r["cpu"] for r in first]
        )
        results["import_again"] = summary(
            [r["found"] / r["seconds"] for r in again], cpu=[r["found"] / r["cpu"] for r in again]
        )
        results["import_counts"] = {"first": first[0], "again": again[0]}
        results["import_rss"] = summary([run.peak_rss_mb for _, run in runs])

    @measure(results, plan, "cli_list")
    def _() -> None:
        command = [*readinglist_command(), "--db", str(library), "list", "--limit", "20"]
        runs = [run_process(command, env) for _ in repeat(plan.process_runs)]
        results["cli_list"] = summary([r.seconds for r in runs], cpu=[r.cpu_seconds for r in runs])
        results["cli_list_rss"] = summary([r.peak_rss_mb for r in runs])

    @measure(results, plan, "cli_rate")
    def _() -> None:
        runs = []
        for n in repeat(plan.process_runs):
            command = [
                *readinglist_command(),
                "--db",
                str(editable),
                "rate",
                ids[n],
                str(3 + n % 2),
            ]
            runs.append(run_process(command, env))
        results["cli_rate"] = summary([r.seconds for r in runs], cpu=[r.cpu_seconds for r in runs])

    @measure(results, plan, "tui_paint_headless")
    def _() -> None:
        samples, cpu = [], []
        for _ in repeat(plan.paint_runs):
            found, run = run_probe(env, "tui_paint", library=library)
            samples.append(found["first_paint_at"] - run.started_at)
            cpu.append(found["first_paint_cpu"])
        results["tui_paint_headless"] = summary(samples, cpu=cpu)

    @measure(results, plan, "tui_paint_pty")
    def _() -> None:
        seen = title_finder(synth_titles(data, env))
        command = [*readinglist_command(), "--db", str(library)]
        runs = [pty_first_paint(command, env, seen) for _ in repeat(plan.paint_runs)]
        results["tui_paint_pty"] = summary([r[0] for r in runs], cpu=[r[2] for r in runs])
        results["tui_pty_rss"] = summary([r[1] for r in runs])

    @measure(results, plan, "search_core")
    def _() -> None:
        found, _ = run_probe(env, "search_core", library=library, repeats=plan.core_search_repeats)
        for label, samples in found["samples"].items():
            cpu = found["cpu"][label]
            results[f"search_core/{label}"] = summary(samples, scale=1000, cpu=cpu)
        results["search_core"] = {"done": True}

    @measure(results, plan, "search_tui")
    def _() -> None:
        found, run = run_probe(env, "tui_search", library=library, repeats=plan.search_repeats)
        for label, samples in found["samples"].items():
            cpu = found["cpu"][label]
            results[f"search_tui/{label}"] = summary(samples, scale=1000, cpu=cpu)
            results[f"search_tui_whole/{label}"] = summary(found["whole"][label], scale=1000)
        results["tui_session_rss"] = {"median": run.peak_rss_mb}
        results["search_tui"] = {"done": True}

    @measure(results, plan, "edit_core")
    def _() -> None:
        found, _ = run_probe(env, "edit_core", library=editable, repeats=plan.core_edit_repeats)
        for kind, samples in found["samples"].items():
            results[f"edit_core/{kind}"] = summary(samples, scale=1000, cpu=found["cpu"][kind])
            written = found["bytes_written"][kind]
            results[f"edit_core_bytes/{kind}"] = summary([float(b) for b in written])
        results["edit_core"] = {"done": True}

    @measure(results, plan, "edit_tui")
    def _() -> None:
        found, run = run_probe(env, "tui_edit", library=editable, repeats=plan.edit_repeats)
        for kind, samples in found["samples"].items():
            results[f"edit_tui/{kind}"] = summary(samples, scale=1000, cpu=found["cpu"][kind])
        results["edit_tui_first"] = summary([found["first_edit"]], scale=1000)
        results["tui_edit_rss"] = {"median": run.peak_rss_mb}
        results["edit_tui"] = {"done": True}

    add_peak_memory(results)


def add_peak_memory(results: dict[str, Any]) -> None:
    peaks = [results.get(k, {}).get("median") for k in PEAK_SOURCES]
    known = [p for p in peaks if isinstance(p, float)]
    if known:
        results["peak_rss"] = {"median": max(known)}


# The processes whose peak RSS counts as "the app's peak memory".
PEAK_SOURCES = ("tui_session_rss", "tui_edit_rss", "tui_pty_rss", "cli_list_rss")


def synth_titles(data: synth.Dataset, env: dict[str, str]) -> list[str]:
    """The starts of all titles, made in a child: this process must stay small (below)."""
    found, _ = run_probe(env, "titles", size=data.size)
    titles: list[str] = found["titles"]
    return titles


def dataset(size: int, env: dict[str, str]) -> synth.Dataset:
    """The cached files for `size`, generated in a child process if missing.

    A child's peak RSS as the kernel reports it includes the parent's memory it was forked
    from, so this process never holds a generated library itself.
    """
    run_process([sys.executable, "-m", "benchmarks.synth", "--sizes", str(size)], env)
    return synth.dataset(size)


def synth_ids(data: synth.Dataset) -> list[str]:
    return [p.paper.id for p in synth.generate(min(data.size, 100))]


def add_growth(results: Results, base: int) -> None:
    """Edit cost at each size relative to the smallest: it must not grow with the library."""
    reference = results.sizes.get(str(base), {})
    for size, found in results.sizes.items():
        if size == str(base):
            continue
        for family in ("edit_tui", "edit_core"):
            for stat, suffix in (("p50", ""), ("cpu_p50", "_cpu")):
                ratios = []
                for kind in EDIT_KINDS:
                    here = found.get(f"{family}/{kind}", {})
                    there = reference.get(f"{family}/{kind}", {})
                    if stat in here and stat in there and there[stat] > 0:
                        ratios.append(here[stat] / there[stat])
                if ratios:
                    found[f"{family}_growth{suffix}"] = {"median": max(ratios), "per_kind": ratios}


# --- the table ----------------------------------------------------------------------------


PAINT = {10_000: 1.0, 100_000: 2.0}
SEARCH_P95 = {10_000: 30.0, 100_000: 100.0}
EDIT_P95 = {10_000: 20.0, 100_000: 20.0}
GROWTH = {10_000: 1.5, 100_000: 1.5}
GROWTH_BASE = 1_000


def metrics() -> list[Metric]:
    """The headline rows, with the issue's targets."""
    rows = [
        Metric("import_new", "import Daily Papers into an empty library", "papers/s", "median",
               {10_000: 5_000}, higher=True),
        Metric("import_again", "re-import the same file (all duplicates)", "papers/s", "median",
               {10_000: 20_000}, higher=True),
        Metric("cli_list", "CLI `list --limit 20`, whole process", "s", "median", {10_000: 0.4}),
        Metric("cli_rate", "CLI `rate ID 3`, whole process", "s", "median"),
        Metric("tui_paint_headless", "TUI first paint with papers, headless", "s", "median", PAINT),
        Metric("tui_paint_pty", "TUI first paint with papers, real process (pty)", "s", "median",
               PAINT),
    ]  # fmt: skip
    for label in SEARCH_QUERIES:
        name = f"search {label}: keystroke to updated list"
        rows.append(Metric(f"search_tui/{label}", f"{name}, p50", "ms", "p50"))
        rows.append(Metric(f"search_tui/{label}", f"{name}, p95", "ms", "p95", SEARCH_P95))
    for kind in EDIT_KINDS:
        rows.append(Metric(f"edit_tui/{kind}", f"TUI {kind} until durable, p50", "ms", "p50"))
        rows.append(
            Metric(f"edit_tui/{kind}", f"TUI {kind} until durable, p95", "ms", "p95", EDIT_P95)
        )
    rows += [
        Metric("edit_tui_growth", "TUI edit cost vs 1,000 papers (worst kind, p50)", "x", "median",
               GROWTH),
        Metric("edit_core_growth", "`Library` edit cost vs 1,000 papers (worst kind, p50)", "x",
               "median", GROWTH),
        Metric("peak_rss", "peak memory (RSS) of the app", "MB", "median",
               {10_000: 250, 100_000: 1024}),
    ]  # fmt: skip
    return rows


def detail_metrics() -> list[Metric]:
    """Where the time goes: the parts behind the headline numbers, and their CPU time."""
    rows = [
        Metric("import_new", "CPU: import into an empty library", "papers/s", "cpu_median"),
        Metric("import_again", "CPU: re-import (all duplicates)", "papers/s", "cpu_median"),
        Metric("cli_list", "CPU: CLI `list --limit 20`", "s", "cpu_median"),
        Metric("cli_rate", "CPU: CLI `rate ID 3`", "s", "cpu_median"),
        Metric("tui_paint_headless", "CPU: TUI first paint, headless", "s", "cpu_median"),
        Metric("tui_paint_pty", "CPU: TUI first paint, real process", "s", "cpu_median"),
        *(
            Metric(
                f"search_tui/{label}",
                f"CPU: search {label}, keystroke to list, p95",
                "ms",
                "cpu_p95",
            )
            for label in SEARCH_QUERIES
        ),
        *(
            Metric(f"edit_tui/{kind}", f"CPU: TUI {kind} until durable, p95", "ms", "cpu_p95")
            for kind in EDIT_KINDS
        ),
        Metric("parse_floor", "floor: read + orjson-parse the library files", "s", "median"),
        Metric("open", "`Library.open` in a warm process", "s", "median"),
        Metric("index_build", "search index build (in a worker after first paint)", "s", "median"),
    ]
    for label in SEARCH_QUERIES:
        rows.append(
            Metric(
                f"search_tui_whole/{label}",
                f"search {label}: keystroke to the whole list of results (count shown), p95",
                "ms",
                "p95",
            )
        )
    for label in SEARCH_QUERIES:
        rows.append(Metric(f"search_core/{label}", f"`Library.search` {label}, p95", "ms", "p95"))
    for kind in EDIT_KINDS:
        rows.append(
            Metric(f"edit_core/{kind}", f"`Library` {kind} until durable, p95", "ms", "p95")
        )
        rows.append(
            Metric(f"edit_core_bytes/{kind}", f"bytes written per {kind}, median", "B", "median")
        )
    rows += [
        Metric(
            "edit_tui_growth_cpu",
            "CPU: TUI edit cost vs 1,000 papers (worst kind, p50)",
            "x",
            "median",
        ),
        Metric("edit_core_growth_cpu", "CPU: `Library` edit cost vs 1,000 papers", "x", "median"),
        Metric(
            "edit_tui_first",
            "TUI rate while the warm-up builds the search index",
            "ms",
            "median",
        ),
        Metric("import_rss", "peak RSS while importing", "MB", "median"),
        Metric("cli_list_rss", "peak RSS of `list --limit 20`", "MB", "median"),
        Metric("tui_session_rss", "peak RSS, headless TUI after the searches", "MB", "median"),
        Metric("tui_pty_rss", "peak RSS, real TUI at first paint", "MB", "median"),
    ]
    return rows


FLOOR_METRICS = [
    Metric("python_start", "`python -c pass`", "s", "median"),
    Metric("import_textual", '`python -c "import textual.app"`', "s", "median"),
    Metric("bare_app_paint", "a bare Textual app's first paint (pty)", "s", "median"),
]


# --- main ---------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    import textual

    return {
        "commit": git("rev-parse", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "load_average_before": os.getloadavg(),
    }


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="rl-bench-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure_all(sizes: list[int], quick: bool, only: frozenset[str]) -> dict[str, Any]:
    base_plan = replace(QUICK if quick else Plan(), only=only)
    results = Results(meta={**machine(), "sizes": sizes, "quick": quick})
    results.meta["plan"] = {
        str(size): {**base_plan.at(size).__dict__, "only": sorted(only)} for size in sizes
    }
    with scratch() as work:
        env = bench_env(work / "home")
        print("floor", file=sys.stderr)
        measure_floor(results.floor, env, base_plan)
        for size in sizes:
            print(f"{size:,} papers (generating if needed)", file=sys.stderr)
            data = dataset(size, env)
            found: dict[str, Any] = {}
            with scratch() as size_work:
                measure_size(found, data, size_work, env, base_plan.at(size))
            results.sizes[str(size)] = found
    add_growth(results, GROWTH_BASE)
    results.meta["load_average_after"] = os.getloadavg()
    return results.as_json()


def merge_reports(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One report from several runs: each number from the last run that measured it."""
    merged = Results(meta=reports[-1]["meta"])
    for report in reports:
        merged.floor.update(report["floor"])
        for size, found in report["sizes"].items():
            merged.sizes.setdefault(size, {}).update(found)
    for found in merged.sizes.values():
        add_peak_memory(found)
    merged.sizes = dict(sorted(merged.sizes.items(), key=lambda item: int(item[0])))
    if len(reports) > 1:
        merged.meta = {**merged.meta, "merged_from": [r["meta"] for r in reports]}
    add_growth(merged, GROWTH_BASE)
    return merged.as_json()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, synth.SIZES)), help="comma-separated")
    parser.add_argument("--quick", action="store_true", help="fewer runs (a rough look)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON")
    parser.add_argument(
        "--only",
        default="",
        metavar="KEYS",
        help="measure just these (e.g. edit_tui,search_tui); merge with --report later",
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="JSON",
        action="append",
        help="show saved results instead of measuring (repeat to merge runs: later sizes win)",
    )
    parser.add_argument(
        "--update-readme", action="store_true", help="put the tables in benchmarks/README.md"
    )
    args = parser.parse_args(argv)
    if args.report:
        data = merge_reports([orjson.loads(path.read_bytes()) for path in args.report])
    else:
        only = frozenset(filter(None, args.only.split(",")))
        data = measure_all(sorted(int(s) for s in args.sizes.split(",")), args.quick, only)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
        print(f"wrote {args.out}", file=sys.stderr)
    tables = render_tables(data, metrics(), detail_metrics(), FLOOR_METRICS)
    print(tables)
    if args.update_readme:
        write_section(README, "results", tables)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
