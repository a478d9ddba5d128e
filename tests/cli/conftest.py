"""The CLI run in-process with a chosen standard input, and a small library to export."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.library import Library
from readinglist.model import Status
from tests.conftest import make_paper


@dataclass(frozen=True, slots=True)
class CliResult:
    code: int
    out: str
    err: str


Cli = Callable[..., CliResult]


class FakeStdin(io.TextIOWrapper):
    """Standard input that says whether it is a terminal, as the user's would."""

    def __init__(self, text: str, *, tty: bool) -> None:
        super().__init__(io.BytesIO(text.encode()), encoding="utf-8")
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.fixture
def cli(
    library_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Cli:
    """`cli("import-notes", "v", stdin="y\\n", tty=True)` runs `readinglist --db LIB ...`;
    `db=` chooses another library."""

    def run(*args: str, stdin: str = "", tty: bool = False, db: Path | None = None) -> CliResult:
        monkeypatch.setattr("sys.stdin", FakeStdin(stdin, tty=tty))
        capsys.readouterr()
        try:
            code = main(["--db", str(db or library_path), *args])
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


ABSTRACT = "An abstract about {} with enough words in it to be taken for an abstract."
TITLES = {
    "diffusion": "Denoising Diffusion Probabilistic Models",
    "attention": "Attention Is All You Need",
    "scaling": "Scaling Laws for Neural Language Models",
    "clip": "Learning Transferable Visual Models From Natural Language Supervision",
}

NOTE = "# Key idea\n\nAttention only."


@pytest.fixture
def papers(library_path: Path) -> dict[str, str]:
    """Four papers with statuses, ratings, tags and notes; returns short name -> paper id."""
    fields: dict[str, dict[str, object]] = {
        "diffusion": {"status": Status.READ, "rating": 5, "tags": ["generative", "vision"]},
        "attention": {"status": Status.READ, "rating": 4, "tags": ["nlp"], "note": NOTE},
        "scaling": {"status": Status.TO_READ, "queue_position": 0, "tags": ["nlp"]},
        "clip": {"authors": ["Alec Radford", "Jong Wook Kim"], "published": "2021-02-26"},
    }
    made = {
        name: make_paper(title, ABSTRACT.format(name), **fields[name])
        for name, title in TITLES.items()
    }
    library = Library.open(library_path)
    library.add_papers(made.values())
    library.close()
    return {name: paper.id for name, paper in made.items()}


def list_json(cli: Cli, *args: str, db: Path | None = None) -> list[dict[str, object]]:
    result = cli("list", "--json", *args, db=db)
    assert result.code == 0, result.err
    records: list[dict[str, object]] = json.loads(result.out)
    return records
