"""The command line: the tour from the README, exit codes, and one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.model import PAPER_KEYS
from tests.conftest import SEEDS

NO_DETAIL = "No Detail Left Behind: Revisiting Self-Retrieval for Fine-Grained Image Captioning"


def run(db: Path, *args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    stdin_stream = io.TextIOWrapper(io.BytesIO(stdin))
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = out, err, stdin_stream
    try:
        code = main(["--db", str(db), *args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def list_json(db: Path, *args: str) -> list[dict[str, object]]:
    code, out, err = run(db, "list", "--json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "library.json"


@pytest.fixture
def seeded(db: Path) -> Path:
    code, _out, err = run(db, "import", str(SEEDS))
    assert code == 0, err
    return db


def paper_id_of(db: Path, title: str) -> str:
    return next(str(p["id"]) for p in list_json(db) if p["title"] == title)


def test_importing_the_seeds_folder_reports_202_papers(db: Path) -> None:
    code, out, _ = run(db, "import", str(SEEDS))
    assert code == 0
    assert out.strip() == "Imported 202 papers from 4 files (0 already in the library)"


def test_importing_the_seeds_again_adds_nothing(seeded: Path) -> None:
    code, out, _ = run(seeded, "import", str(SEEDS))
    assert code == 0
    assert out.strip() == "Imported 0 papers from 4 files (202 already in the library)"
    assert len(list_json(seeded)) == 202


def test_list_json_has_exactly_the_documented_keys(seeded: Path) -> None:
    papers = list_json(seeded)
    assert all(list(p) == list(PAPER_KEYS) for p in papers)
    no_detail = next(p for p in papers if p["title"] == NO_DETAIL)
    assert no_detail["authors"] == 3
    assert no_detail["published"] == "2024-09-04"


def test_typo_tolerant_search_from_the_command_line(seeded: Path) -> None:
    titles = [p["title"] for p in list_json(seeded, "--status", "new", "--search", "difusion")]
    assert titles
    assert any("diffusion" in str(t).lower() for t in titles[:5])


def test_the_readme_tour_tags_rates_queues_notes_and_undoes(seeded: Path) -> None:
    paper_id = paper_id_of(seeded, NO_DETAIL)
    prefix = paper_id[:6]
    assert run(seeded, "tag", prefix, "vision", "to-review")[0] == 0
    assert run(seeded, "rate", prefix, "4")[0] == 0
    assert run(seeded, "status", prefix, "to-read")[0] == 0
    assert run(seeded, "note", prefix, "--set", "# Idea\nuse it")[0] == 0
    _code, out, _ = run(seeded, "show", prefix, "--json")
    shown = json.loads(out)
    assert (shown["tags"], shown["rating"], shown["status"]) == (
        ["to-review", "vision"],
        4,
        "to-read",
    )
    assert shown["note"] == "# Idea\nuse it"
    assert run(seeded, "undo")[0] == 0
    assert json.loads(run(seeded, "show", prefix, "--json")[1])["note"] == ""
    assert run(seeded, "redo")[0] == 0
    assert json.loads(run(seeded, "show", prefix, "--json")[1])["note"] == "# Idea\nuse it"


def test_undo_takes_back_a_whole_import(seeded: Path) -> None:
    code, out, _ = run(seeded, "undo")
    assert code == 0
    assert "import 202 papers" in out
    assert list_json(seeded) == []


def test_filters_combine(seeded: Path) -> None:
    paper_id = paper_id_of(seeded, NO_DETAIL)
    run(seeded, "tag", paper_id, "vision")
    run(seeded, "rate", paper_id, "5")
    assert [p["id"] for p in list_json(seeded, "--tag", "vision", "--min-rating", "4")] == [
        paper_id
    ]
    assert len(list_json(seeded, "--limit", "7")) == 7
    titles = [p["title"] for p in list_json(seeded, "--sort", "title", "--limit", "3")]
    assert titles == sorted(titles, key=str.casefold)


def test_delete_then_undo_restores_the_paper(seeded: Path) -> None:
    paper_id = paper_id_of(seeded, NO_DETAIL)
    run(seeded, "note", paper_id, "--set", "precious")
    assert run(seeded, "delete", paper_id)[0] == 0
    assert run(seeded, "show", paper_id)[0] == 1
    run(seeded, "undo")
    assert json.loads(run(seeded, "show", paper_id, "--json")[1])["note"] == "precious"


def test_history_shows_the_latest_changes(seeded: Path) -> None:
    paper_id = paper_id_of(seeded, NO_DETAIL)
    run(seeded, "rate", paper_id, "3")
    code, out, _ = run(seeded, "history", paper_id)
    assert code == 0
    assert "rate 3" in out.splitlines()[0]


def test_stats_counts_by_status(seeded: Path) -> None:
    code, out, _ = run(seeded, "stats")
    assert code == 0
    assert out.startswith("202 papers")
    assert "new      202" in out


def test_pasted_text_on_standard_input_is_imported(db: Path) -> None:
    page = (SEEDS / "001_fa3845e3e36f2e0c.txt").read_bytes()
    code, out, _ = run(db, "import", "-", stdin=page)
    assert code == 0
    assert out.startswith("Imported 48 papers from 1 file")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\xff", "binary"),
        (b"caf\xe9 au lait\n", "UTF-8"),
        (b"just some words\n", "no papers"),
    ],
)
def test_a_bad_file_is_one_line_error_exit_1_and_nothing_imported(
    db: Path, tmp_path: Path, content: bytes, reason: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes((SEEDS / "000_f7a2d4bec7574f84.txt").read_bytes())
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, _out, err = run(db, "import", str(good), str(bad))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "bad.txt" in err
    assert reason.lower() in err.lower()
    assert list_json(db) == []


def test_user_errors_exit_1_usage_errors_exit_2(seeded: Path) -> None:
    assert run(seeded, "show", "zzzzzz")[0] == 1
    assert run(seeded, "rate", "abcdef", "9")[0] == 2
    assert run(seeded, "frobnicate")[0] == 2


def test_a_damaged_library_gives_one_line_and_exit_1_without_traceback(tmp_path: Path) -> None:
    db = tmp_path / "library.json"
    db.write_text("{not json")
    result = subprocess.run(
        [sys.executable, "-m", "readinglist", "--db", str(db), "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(db) in result.stderr
    assert db.read_text() == "{not json"


def test_the_environment_variable_chooses_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "elsewhere.json"
    monkeypatch.setenv("READINGLIST_DB", str(db))
    assert main(["import", str(SEEDS / "000_f7a2d4bec7574f84.txt")]) == 0
    assert db.exists()


def test_hostile_titles_are_printed_without_escape_sequences(db: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Evil \x1b]52;c;ZWNobyBoaQ==\x07Title \x1b[31mRed\x1b[0m [bold]x[/]\n\n"
        + "An abstract long enough to be an abstract. " * 10
        + "\n"
    )
    run(db, "import", str(page))
    _code, out, _ = run(db, "list")
    assert "\x1b" not in out
    assert "Evil Title Red [bold]x[/]" in out
