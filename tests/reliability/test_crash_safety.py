"""Promise 1: a process SIGKILLed at any moment loses no edit it reported as done."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readinglist.cli import build_parser
from readinglist.library import Library
from readinglist.maintenance.doctor import Level, diagnose
from tests.conftest import make_paper
from tests.reliability.editing import KillReport, kill_at_random_moments

KILLS_PER_RUN = 14  # four runs: 56 kills of children that edit in a loop
STARTING_PAPERS = 12

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def make_library(path: Path) -> None:
    """One `add_papers` change: the editing model starts from exactly this."""
    library = Library.open(path)
    library.add_papers(
        make_paper(f"Crash-tested paper {n}", f"Abstract {n} of a paper that must survive.")
        for n in range(STARTING_PAPERS)
    )


def assert_kills_were_checked(report: KillReport) -> None:
    assert report.kills == KILLS_PER_RUN
    assert report.edits_done >= KILLS_PER_RUN  # each child finished at least one edit


@pytest.mark.parametrize("seed", [11, 12])
def test_edits_made_in_process_survive_sigkill_at_random_moments(
    library_path: Path, seed: int
) -> None:
    make_library(library_path)
    report = kill_at_random_moments(library_path, KILLS_PER_RUN, seed, via_cli=False)
    assert_kills_were_checked(report)


@pytest.mark.parametrize("seed", [21, 22])
def test_edits_made_by_cli_commands_survive_sigkill_at_random_moments(
    library_path: Path, seed: int
) -> None:
    make_library(library_path)
    build_parser()  # import what the commands need once, not in every child
    report = kill_at_random_moments(library_path, KILLS_PER_RUN, seed, via_cli=True)
    assert_kills_were_checked(report)


SHELL_LOOP = """
for n in $(seq 1 50); do
  "$PYTHON" -m readinglist --db "$DB" tag "$PAPER" "shell-$ROUND-$n" >/dev/null && echo "done $n"
done
"""


def test_a_shell_loop_of_readinglist_commands_killed_at_random_moments_loses_nothing(
    library_path: Path,
) -> None:
    """Real `readinglist` processes started by a shell, the whole process group killed at a
    random moment: while starting, reading, appending or closing."""
    make_library(library_path)
    paper_id = sorted(Library.open(library_path).papers)[0]
    rng = random.Random(7)
    reported: set[str] = set()
    in_flight: set[str] = set()
    for round_ in range(4):
        environment = {
            **os.environ,
            "PYTHON": sys.executable,
            "PYTHONPATH": str(Path.cwd()),
            "DB": str(library_path),
            "PAPER": paper_id,
            "ROUND": str(round_),
        }
        shell = subprocess.Popen(
            ["bash", "-c", SHELL_LOOP],
            env=environment,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.3, 2.5))
        os.killpg(shell.pid, signal.SIGKILL)
        output, _ = shell.communicate()
        done = [int(line.split()[1]) for line in output.splitlines()]
        reported |= {f"shell-{round_}-{n}" for n in done}
        in_flight.add(f"shell-{round_}-{len(done) + 1}")
        diagnosis = diagnose(library_path)
        assert diagnosis.opens
        assert diagnosis.worst <= Level.NOTE, [f.message for f in diagnosis.findings]
        tags = set(Library.open(library_path).papers[paper_id].tags)
        assert reported <= tags
        assert tags <= reported | in_flight
