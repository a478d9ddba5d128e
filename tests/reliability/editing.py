"""Children that edit a library until they are SIGKILLed, and a model that checks their work.

A child prints `begin <edit>` before each edit and `done <n>` once it returned (so it is
durable). After a kill, the library must hold every done edit, and the one edit that was in
flight either wholly or not at all. The model replays the reported edits on plain values,
undo and redo included, and says which states are acceptable.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import orjson

from readinglist.cli import main as cli_main
from readinglist.errors import NothingToUndoError
from readinglist.library import Library
from readinglist.maintenance.doctor import Diagnosis, Level, diagnose
from readinglist.model import Paper, Status
from tests.conftest import make_paper

# (title, status, rating, tags, note): what a user would notice missing.
PaperState = tuple[str, str, int, tuple[str, ...], str]
State = dict[str, PaperState]
Edit = dict[str, Any]

MIN_PAPERS = 6  # below this, children stop deleting


def user_state(papers: Mapping[str, Paper]) -> State:
    return {
        pid: (p.title, p.status.value, p.rating, tuple(p.tags), p.note) for pid, p in papers.items()
    }


@dataclass(frozen=True, slots=True)
class Model:
    """The papers' user fields and the undo/redo stacks, as the edits so far imply."""

    state: State
    undo: tuple[State, ...] = ()
    redo: tuple[State, ...] = ()

    def after(self, edit: Edit) -> Model:
        kind = edit["kind"]
        if kind == "checkpoint":
            return self
        if kind == "undo":
            if not self.undo:
                return self
            return Model(self.undo[-1], self.undo[:-1], (*self.redo, self.state))
        if kind == "redo":
            if not self.redo:
                return self
            return Model(self.redo[-1], (*self.undo, self.state), self.redo[:-1])
        return Model(_changed(self.state, edit), (*self.undo, self.state), ())

    def after_all(self, edits: list[Edit]) -> Model:
        model = self
        for edit in edits:
            model = model.after(edit)
        return model


def _changed(state: State, edit: Edit) -> State:
    new = dict(state)
    kind, value = edit["kind"], edit.get("value")
    if kind == "add":
        paper = new_paper(value)
        new[paper.id] = user_state({paper.id: paper})[paper.id]
        return new
    pid = edit["id"]
    if kind == "delete":
        del new[pid]
        return new
    title, status, rating, tags, note = new[pid]
    if kind == "rate":
        rating = value
    elif kind == "status":
        status = value
    elif kind == "tag":
        tags = tuple(sorted({*tags, value}))
    elif kind == "note":
        note = f"{note.rstrip()}\n\n{value}" if note.strip() else value
    elif kind == "title":
        title = value
    new[pid] = (title, status, rating, tags, note)
    return new


def new_paper(title: str) -> Paper:
    return make_paper(title, f"The abstract of {title}, added by a child that may be killed.")


def choose_edit(rng: random.Random, state: State, n: int, name: str, with_adds: bool) -> Edit:
    """A random edit that always changes something (the model relies on it)."""
    ids = sorted(state)
    kinds = ["rate"] * 4 + ["status"] * 2 + ["tag"] * 3 + ["note"] * 2 + ["title", "undo", "redo"]
    kinds += ["checkpoint"] + ["delete"] * (len(ids) > MIN_PAPERS) + ["add"] * with_adds * 2
    kind = rng.choice(kinds) if ids else rng.choice(["undo", "redo", "add"][: 2 + with_adds])
    edit: Edit = {"n": n, "kind": kind}
    if kind in ("undo", "redo", "checkpoint"):
        return edit
    if kind == "add":
        return {**edit, "value": f"Paper {name} {n} that arrived mid-crash"}
    pid = rng.choice(ids)
    _title, status, rating, _tags, _note = state[pid]
    values: dict[str, Callable[[], Any]] = {
        "rate": lambda: (rating + rng.randrange(1, 6)) % 6,
        "status": lambda: rng.choice([s.value for s in Status if s.value != status]),
        "tag": lambda: f"t-{name}-{n}",
        "note": lambda: f"Note {name} {n}: still here after the crash?",
        "title": lambda: f"Retitled {name} {n}",
        "delete": lambda: None,
    }
    return {**edit, "id": pid, "value": values[kind]()}


# --- the children ---------------------------------------------------------------------------


def edit_in_process(library: Library, edit: Edit) -> None:
    kind, pid, value = edit["kind"], edit.get("id", ""), edit.get("value")
    actions: dict[str, Callable[[], object]] = {
        "rate": lambda: library.rate([pid], value),
        "status": lambda: library.set_status([pid], value),
        "tag": lambda: library.tag([pid], [value]),
        "note": lambda: library.append_note(pid, value),
        "title": lambda: library.set_title(pid, value),
        "delete": lambda: library.delete([pid]),
        "add": lambda: library.add_papers([new_paper(value)]),
        "undo": library.undo,
        "redo": library.redo,
        "checkpoint": library.checkpoint,
    }
    with contextlib.suppress(NothingToUndoError):
        actions[kind]()


def cli_arguments(edit: Edit) -> list[str]:
    kind, pid, value = edit["kind"], edit.get("id", ""), edit.get("value")
    return {
        "rate": ["rate", pid, str(value)],
        "status": ["status", pid, str(value)],
        "tag": ["tag", pid, str(value)],
        "note": ["note", pid, "--append", str(value)],
        "title": ["title", pid, str(value)],
        "delete": ["delete", pid],
        "undo": ["undo"],
        "redo": ["redo"],
        "checkpoint": ["backup", "create"],
    }[kind]


def edit_with_cli(path: Path, edit: Edit) -> None:
    """One whole `readinglist` command: parse, open, change, close."""
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    code = cli_main(["--db", str(path), *cli_arguments(edit)])
    if code != 0 and not (
        edit["kind"] in ("undo", "redo") and "nothing to" in sys.stderr.getvalue()
    ):
        raise RuntimeError(
            f"`readinglist {' '.join(cli_arguments(edit))}` failed: {sys.stderr.getvalue()}"
        )


def edit_until_killed(path: Path, seed: int, via_cli: bool, report: int) -> NoReturn:
    """The child: edit forever, reporting each edit before and after."""
    try:
        rng = random.Random(seed)
        view = Library.open(path)
        _write(report, "ready")
        for n in range(1_000_000):
            view.refresh()
            edit = choose_edit(rng, user_state(view.papers), n, str(seed), with_adds=not via_cli)
            _write(report, "begin " + orjson.dumps(edit).decode())
            if via_cli:
                edit_with_cli(path, edit)
            else:
                edit_in_process(view, edit)
            _write(report, f"done {n}")
    except BaseException:
        _write(report, "error " + orjson.dumps(traceback.format_exc()).decode())
    os._exit(3)


def _write(fd: int, line: str) -> None:
    os.write(fd, (line + "\n").encode())


# --- the parent -----------------------------------------------------------------------------


@dataclass(slots=True)
class KillReport:
    edits_done: int = 0
    in_flight_committed: int = 0
    in_flight_lost: int = 0
    kills: int = 0
    notes: list[str] = field(default_factory=list)


def kill_at_random_moments(path: Path, kills: int, seed: int, via_cli: bool) -> KillReport:
    """Fork editing children and SIGKILL each at a random moment; check after every kill.

    The library must have been made by one `add_papers` change (the model's starting point).
    """
    rng = random.Random(seed)
    model = Model(user_state(Library.open(path).papers), undo=({},))
    report = KillReport()
    for number in range(kills):
        child_seed = seed * 1000 + number
        lines = _run_and_kill(path, child_seed, via_cli, rng)
        begun, done = _parse(lines, child_seed)
        model = _check(path, model, begun, done, report, f"seed {child_seed}")
        report.kills += 1
    return report


def _run_and_kill(path: Path, seed: int, via_cli: bool, rng: random.Random) -> list[str]:
    """Let the child start a random number of edits (2 to 10), then kill it a random moment
    later: counting edits rather than waiting fixed times keeps this independent of speed."""
    edits_to_start = rng.randint(2, 10)
    last_delay = rng.uniform(0, 0.03 if via_cli else 0.01)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        edit_until_killed(path, seed, via_cli, write_fd)
    os.close(write_fd)
    with os.fdopen(read_fd, "r") as reader:
        lines, started = [], 0
        for line in iter(reader.readline, ""):
            lines.append(line)
            started += line.startswith("begin")
            if started == edits_to_start or line.startswith("error"):
                break
        time.sleep(last_delay)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return [*lines, *reader.read().splitlines()]


def _parse(lines: list[str], seed: int) -> tuple[list[Edit], set[int]]:
    begun: list[Edit] = []
    done: set[int] = set()
    for line in lines:
        word, _, rest = line.strip().partition(" ")
        if word == "error":
            raise AssertionError(f"child (seed {seed}) failed:\n{orjson.loads(rest)}")
        if word == "begin":
            begun.append(orjson.loads(rest))
        elif word == "done":
            done.add(int(rest))
    return begun, done


def _check(
    path: Path, model: Model, begun: list[Edit], done: set[int], report: KillReport, where: str
) -> Model:
    diagnosis = diagnose(path)
    assert diagnosis.opens and not _worrying(diagnosis), f"{where}: {_render(diagnosis)}"
    report.notes += [f.subject for f in diagnosis.findings if f.level is Level.NOTE]
    actual = user_state(Library.open(path).papers)
    completed = [e for e in begun if e["n"] in done]
    in_flight = [e for e in begun if e["n"] not in done]
    assert len(in_flight) <= 1, f"{where}: more than one edit in flight"
    without = model.after_all(completed)
    report.edits_done += len(completed)
    if actual == without.state:
        report.in_flight_lost += bool(in_flight)
        return without
    assert in_flight, f"{where}: a reported edit is missing\n{_difference(without.state, actual)}"
    with_it = without.after(in_flight[0])
    assert actual == with_it.state, (
        f"{where}: the library matches neither outcome of the edit in flight {in_flight[0]}\n"
        f"{_difference(with_it.state, actual)}"
    )
    report.in_flight_committed += 1
    return with_it


def _worrying(diagnosis: Diagnosis) -> bool:
    """Anything beyond notes, except a nearly full disk (the machine's, not ours)."""
    return any(f.level >= Level.WARNING and f.subject != "disk" for f in diagnosis.findings)


def _render(diagnosis: Diagnosis) -> str:
    return "\n".join(f"{f.level.name}: {f.message}" for f in diagnosis.findings)


def _difference(expected: State, actual: State) -> str:
    keys = sorted(set(expected) | set(actual))
    return "\n".join(
        f"  {k}: expected {expected.get(k)}, found {actual.get(k)}"
        for k in keys
        if expected.get(k) != actual.get(k)
    )
