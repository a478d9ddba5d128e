"""Fixtures for the reliability promises: the CLI run in-process, file fingerprints, clocks."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.library import Library
from tests.conftest import make_paper


@dataclass(frozen=True, slots=True)
class CliResult:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


Cli = Callable[..., CliResult]


@pytest.fixture
def cli(library_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `readinglist --db <library_path> ARGS...` in this process."""

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            code = main(["--db", str(library_path), *args])
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def fingerprint(folder: Path) -> dict[str, str]:
    """Name -> content hash of every file under `folder`, to prove nothing was touched."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


class Clock:
    """A settable UTC clock for backups: `clock.advance(days=1)`."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Every backup folder in this test reads time from this clock."""
    fake = Clock()
    monkeypatch.setattr("readinglist.maintenance.backups.utc_now", fake)
    return fake


def titled(count: int, prefix: str = "Paper") -> list[str]:
    return [f"{prefix} number {n} on robust storage" for n in range(count)]


@pytest.fixture
def filled_library(library_path: Path, clock: Clock) -> Iterator[Library]:
    """Twelve papers with abstracts, added in one change (which checkpoints and backs up)."""
    library = Library.open(library_path)
    library.add_papers(make_paper(t, f"Abstract of {t}, long enough.") for t in titled(12))
    yield library
    library.close()
