"""The journal is the single source of truth: it alone rebuilds exactly the library."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.library import Library
from readinglist.maintenance.doctor import Level, diagnose
from readinglist.maintenance.repair import repair
from tests.conftest import make_paper
from tests.reliability.editing import choose_edit, edit_in_process, user_state


def full_records(path: Path) -> dict[str, dict[str, object]]:
    library = Library.open(path)
    return {pid: p.to_record() for pid, p in library.papers.items()}


def test_undoing_a_delete_brings_back_the_abstract_even_when_abstracts_were_never_loaded(
    library_path: Path,
) -> None:
    """The CLI opens libraries without reading abstracts; a delete must still keep them."""
    Library.open(library_path).add_papers([make_paper("Kept whole", "The precious abstract.")])
    lazy = Library.open(library_path, lazy_abstracts=True)
    lazy.delete(list(lazy.papers))
    lazy.checkpoint()  # the abstracts file is rewritten without the deleted paper
    Library.open(library_path, lazy_abstracts=True).undo()
    [paper] = Library.open(library_path).papers.values()
    assert paper.abstract == "The precious abstract."


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), lazy=st.booleans())
def test_the_journal_alone_rebuilds_exactly_the_library(seed: int, lazy: bool) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library.json"
        Library.open(path).add_papers(
            make_paper(f"History paper {n}", f"Abstract {n}.") for n in range(8)
        )
        for n in range(20):
            library = Library.open(path, lazy_abstracts=lazy)
            edit = choose_edit(rng, user_state(library.papers), n, "h", with_adds=True)
            edit_in_process(library, edit)
        expected = full_records(path)
        diagnosis = diagnose(path)
        assert diagnosis.worst <= Level.NOTE, [f.message for f in diagnosis.findings]

        path.unlink()  # lose the library file: the journal must bring back every field
        report = repair(path)
        assert report.after is not None and report.after.opens
        assert full_records(path) == expected
