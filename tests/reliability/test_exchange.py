"""Promises 5 and 7 end to end: hostile files never half-import or crash, and exports of
stored libraries keep every paper, in order, and every edit."""

from __future__ import annotations

import codecs
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.errors import ImportFormatError
from readinglist.exporters.json_export import export_json
from readinglist.exporters.markdown import render_markdown
from readinglist.exporters.markdown_text import display_title
from readinglist.exporters.notes_import import plan_note_import
from readinglist.exporters.vault import export_vault
from readinglist.library import Library
from readinglist.maintenance.doctor import Level, diagnose
from readinglist.model import Status
from tests.exporters.export_checks import headings, hostile_text
from tests.reliability.conftest import Cli, fingerprint
from tests.reliability.test_hostile_text_cli import FORBIDDEN

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def records(library: Library) -> dict[str, dict[str, object]]:
    library.load_abstracts()
    return {pid: p.to_record() for pid, p in library.papers.items()}


def import_bytes(path: Path, name: str, data: bytes) -> None:
    library = Library.open(path)
    library.commit_import(library.preview_import([(name, data)]))


def json_document(titles: list[str], abstracts: list[str]) -> bytes:
    """Papers as another readinglist would export them (ids are made up, text is anything)."""
    papers = [
        {"id": f"{n:012x}", "title": f"Paper {n} {title}", "abstract": abstract}
        for n, (title, abstract) in enumerate(zip(titles, abstracts, strict=False))
    ]
    return orjson.dumps({"format": "readinglist", "version": 1, "papers": papers})


libraries = st.lists(st.tuples(hostile_text, hostile_text), min_size=1, max_size=6)


def stored_library(folder: Path, papers: list[tuple[str, str]]) -> Library:
    """A library filled by importing arbitrary text, then edited, then read back from disk."""
    path = folder / "a" / "library.json"
    titles, abstracts = [p[0] for p in papers], [p[1] for p in papers]
    import_bytes(path, "generated.json", json_document(titles, abstracts))
    library = Library.open(path)
    for number, paper_id in enumerate(sorted(library.papers)):
        library.rate([paper_id], number % 6)
        library.set_status([paper_id], list(Status)[number % len(Status)])
        library.tag([paper_id], [f"tag-{number % 3}"])
        library.set_note(
            paper_id, f"# My notes {number}\n\nSome *emphasis* and a [link](https://x.org)."
        )
    return Library.open(path)


# --- promise 7: exports ----------------------------------------------------------------------


@FAST
@given(papers=libraries, sort=st.sampled_from(["title", "added", "rating", "status"]))
def test_markdown_export_of_a_stored_library_has_exactly_its_papers_in_order(
    papers: list[tuple[str, str]], sort: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        library = stored_library(Path(folder), papers)
        listed = library.list(sort=sort)
        markdown = render_markdown(listed, now=NOW)
        assert headings(markdown, 2) == [display_title(p.title) for p in listed]
        assert len(headings(markdown, 1)) == 1  # the document title, nothing injected


@FAST
@given(papers=libraries)
def test_json_export_then_import_into_an_empty_library_gives_an_identical_library(
    papers: list[tuple[str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        original = stored_library(Path(folder), papers)
        exported = export_json(original.list(), now=NOW).encode()
        copy_path = Path(folder) / "b" / "library.json"
        import_bytes(copy_path, "export.json", exported)
        assert records(Library.open(copy_path)) == records(original)
        assert diagnose(copy_path).worst <= Level.NOTE


def test_a_note_with_indented_markdown_survives_json_export_and_import(tmp_path: Path) -> None:
    path = tmp_path / "a" / "library.json"
    import_bytes(path, "one.json", json_document(["A paper"], ["Its abstract."]))
    library = Library.open(path)
    pid = next(iter(library.papers))
    note = "Code:\n\n    for x in xs:\n        print(x)\n\n- list\n  - nested  \nhard break"
    library.set_note(pid, note)
    copy = tmp_path / "b" / "library.json"
    import_bytes(copy, "export.json", export_json(library.list(), now=NOW).encode())
    assert Library.open(copy).papers[pid].note == note


def test_vault_reexport_keeps_the_users_edits_and_brings_them_back(tmp_path: Path) -> None:
    path = tmp_path / "lib" / "library.json"
    import_bytes(path, "p.json", json_document([f"Vault paper {n}" for n in range(3)], ["A."] * 3))
    library = Library.open(path)
    first, second, third = sorted(library.papers)
    vault = tmp_path / "vault"
    export_vault(library.list(), vault)
    files = {f.read_text(encoding="utf-8"): f for f in vault.rglob("*.md")}
    file_of = {pid: next(f for text, f in files.items() if pid in text) for pid in library.papers}

    text = file_of[first].read_text(encoding="utf-8")
    end_of_note = "<!-- readinglist:end note -->"
    edited = text.replace(end_of_note, f"My own words, typed in the vault.\n\n{end_of_note}")
    file_of[first].write_text(edited + "\nFree text below everything.\n", encoding="utf-8")
    library.set_note(second, "Written in readinglist.")
    library.rate([third], 5)
    export_vault(Library.open(path).list(), vault)

    kept = file_of[first].read_text(encoding="utf-8")
    assert "My own words, typed in the vault." in kept
    assert "Free text below everything." in kept
    assert "Written in readinglist." in file_of[second].read_text(encoding="utf-8")
    plan = plan_note_import(vault, Library.open(path).papers.values())
    changes = {change.paper_id: change for change in plan.changes}
    assert "My own words, typed in the vault." in changes[first].new_note


# --- promise 5: hostile input through the whole import ----------------------------------------


@FAST
@given(
    text=st.one_of(hostile_text, st.text(max_size=400)),
    fmt=st.sampled_from([None, "json", "abstracts", "daily-papers", "bibtex"]),
)
def test_any_text_imports_wholly_or_not_at_all_and_leaves_a_valid_library(
    text: str, fmt: str | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library.json"
        library = Library.open(path)
        before = fingerprint(Path(folder))
        try:
            preview = library.preview_import([("pasted.txt", text.encode())], fmt)
            library.commit_import(preview)
        except ImportFormatError:
            assert fingerprint(Path(folder)) == before, "a refused import changed the library"
            return
        reopened = Library.open(path)
        assert len(reopened) == len(preview.new)
        for paper in reopened.papers.values():
            shown = " ".join([paper.title, paper.abstract, *paper.tags, str(paper.authors)])
            assert not FORBIDDEN.search(shown.replace("\n", " "))
        assert diagnose(path).worst <= Level.NOTE


GOOD = b"Abstract: We propose FooNet, a network that learns to count sheep quickly.\n"
HOSTILE_FILES = {
    "binary": (bytes(range(256)) * 64, "binary"),
    "PNG picture": (b"\x89PNG\r\n\x1a\n" + bytes(2000), "binary"),
    "1 MB single line": (b"word " * 200_000, "no papers"),
    "invalid UTF-8": (b"Abstract: caf\xe9 au lait is great for everyone.\n", "UTF-8"),
    "NUL bytes": (b"Abstract: a\x00b and more words here.\n", "binary"),
    "only whitespace": (b" \r\n\t\n  \n", "empty"),
}


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_a_hostile_file_is_refused_in_one_line_and_nothing_is_imported(
    library_path: Path, cli: Cli, tmp_path: Path, case: str
) -> None:
    data, reason = HOSTILE_FILES[case]
    good, bad = tmp_path / "good.txt", tmp_path / "hostile.txt"
    good.write_bytes(GOOD)
    bad.write_bytes(data)
    assert cli("list").code == 0
    before = fingerprint(library_path.parent)
    result = cli("import", str(good), str(bad))
    assert result.code == 1
    assert reason in result.err and "hostile.txt" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert fingerprint(library_path.parent) == before, "part of the import was saved"


@pytest.mark.parametrize(
    "encoded",
    [
        GOOD.replace(b"\n", b"\r\n"),
        codecs.BOM_UTF8 + GOOD,
        codecs.BOM_UTF16_LE + GOOD.decode().encode("utf-16-le"),
        codecs.BOM_UTF16_BE + GOOD.decode().encode("utf-16-be"),
    ],
    ids=["CRLF", "UTF-8 BOM", "UTF-16 LE", "UTF-16 BE"],
)
def test_line_endings_and_byte_order_marks_import_the_same_paper(
    library_path: Path, cli: Cli, tmp_path: Path, encoded: bytes
) -> None:
    file = tmp_path / "paper.txt"
    file.write_bytes(encoded)
    assert cli("import", str(file)).code == 0
    [paper] = Library.open(library_path).papers.values()
    assert paper.title.startswith("FooNet")
    assert "\r" not in paper.abstract and "\ufeff" not in paper.title


MEASURE = """
import resource, sys
from readinglist.cli import main
code = main(["--db", sys.argv[1], "import", sys.argv[2]])
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_a_50_mb_file_is_handled_in_bounded_memory(library_path: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        line = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n"
        file.write(line * (50 * 1024 * 1024 // len(line)))
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(library_path), str(big)],
        capture_output=True,
        text=True,
        check=False,
    )
    code, peak_kb = map(int, result.stdout.split())
    assert code == 1 and "no papers" in result.stderr
    assert peak_kb * 1024 < 12 * big.stat().st_size, f"peak memory {peak_kb // 1024} MB"
