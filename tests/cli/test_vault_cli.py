"""`export --layout vault` and `import-notes`: edits in the vault survive and come back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readinglist.library import Library
from tests.cli.conftest import NOTE, TITLES, Cli, list_json
from tests.conftest import make_paper

NOTE_BEGIN = "<!-- readinglist:begin note -->"
NOTE_END = "<!-- readinglist:end note -->"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def vault_file(folder: Path, name: str) -> Path:
    return folder / f"{TITLES[name]}.md"


def write_note_in_file(path: Path, note: str) -> None:
    """What a user does in their editor: rewrite the text between the note markers."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(NOTE_BEGIN, 1)
    _, tail = rest.rsplit(NOTE_END, 1)
    path.write_text(f"{head}{NOTE_BEGIN}\n{note}\n{NOTE_END}{tail}", encoding="utf-8")


def files_in(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def note_of(cli: Cli, paper_id: str) -> str:
    return next(str(p["note"]) for p in list_json(cli) if p["id"] == paper_id)


@pytest.fixture
def vault(cli: Cli, papers: dict[str, str], tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    result = cli("export", "--layout", "vault", "-o", str(folder))
    assert result.code == 0, result.err
    return folder


def test_a_first_vault_export_creates_a_file_per_paper(
    cli: Cli, papers: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "vault"
    result = cli("export", "--layout", "vault", "-o", str(folder))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"Exported 4 papers to {folder}:"
    assert lines[-1] == "4 created"
    assert {f"  created          {title}.md" for title in TITLES.values()} <= set(lines)
    assert sorted(p.name for p in folder.glob("*.md")) == sorted(f"{t}.md" for t in TITLES.values())


def test_reexport_keeps_a_note_edited_in_the_vault(
    cli: Cli, papers: dict[str, str], vault: Path
) -> None:
    edited = vault_file(vault, "attention")
    write_note_in_file(edited, "My own words, written in the vault.")
    assert cli("rate", papers["diffusion"], "3").code == 0
    result = cli("export", "--layout", "vault", "-o", str(vault))
    assert result.code == 0, result.err
    assert f"  kept your edits  {edited.name}" in result.out
    assert f"  updated          {vault_file(vault, 'diffusion').name}" in result.out
    assert "import-notes" in result.out
    assert result.out.splitlines()[-1] == "1 updated, 2 unchanged, 1 kept your edits"
    assert "My own words, written in the vault." in edited.read_text(encoding="utf-8")
    assert note_of(cli, papers["attention"]) == NOTE  # the library is not touched by an export


def test_a_dry_run_writes_nothing_and_says_what_would_change(
    cli: Cli, papers: dict[str, str], vault: Path
) -> None:
    write_note_in_file(vault_file(vault, "attention"), "Edited in the vault.")
    vault_file(vault, "clip").unlink()
    assert cli("title", papers["diffusion"], "Diffusion, retitled").code == 0
    before = files_in(vault)
    result = cli("export", "--layout", "vault", "-o", str(vault), "--dry-run")
    assert result.code == 0, result.err
    assert result.out.startswith("Dry run: nothing was written.")
    assert f"  skipped deleted  {vault_file(vault, 'clip').name}" in result.out
    assert "--recreate-deleted" in result.out
    assert result.out.splitlines()[-1] == (
        "1 updated, 1 unchanged, 1 kept your edits, 1 skipped deleted"
    )
    assert files_in(vault) == before


def test_a_dry_run_into_a_new_folder_does_not_create_it(
    cli: Cli, papers: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "new-vault"
    result = cli("export", "--layout", "vault", "-o", str(folder), "--dry-run")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "4 created"
    assert not folder.exists()


def test_deleted_files_stay_deleted_unless_asked_back(
    cli: Cli, papers: dict[str, str], vault: Path
) -> None:
    vault_file(vault, "clip").unlink()
    assert cli("export", "--layout", "vault", "-o", str(vault)).code == 0
    assert not vault_file(vault, "clip").exists()
    result = cli("export", "--layout", "vault", "-o", str(vault), "--recreate-deleted")
    assert result.code == 0, result.err
    assert f"  created          {vault_file(vault, 'clip').name}" in result.out
    assert vault_file(vault, "clip").exists()


def test_a_vault_only_exports_the_filtered_papers(
    cli: Cli, papers: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "nlp"
    assert cli("export", "--layout", "vault", "-o", str(folder), "--tag", "nlp").code == 0
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(
        [TITLES["attention"], TITLES["scaling"]]
    )


def test_import_notes_with_yes_applies_each_change_as_its_own_undo(
    cli: Cli, papers: dict[str, str], vault: Path
) -> None:
    write_note_in_file(vault_file(vault, "attention"), "# Key idea\n\nAttention, and more.")
    write_note_in_file(vault_file(vault, "clip"), "Contrastive pairs.")
    result = cli("import-notes", str(vault), "--yes")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Notes in {vault}: 2 changed in the files, 0 in conflict")
    assert "    -Attention only." in result.out
    assert "    +Attention, and more." in result.out
    assert "Imported 2 notes into the library" in result.out
    assert note_of(cli, papers["attention"]) == "# Key idea\n\nAttention, and more."
    assert note_of(cli, papers["clip"]) == "Contrastive pairs."
    assert cli("undo").code == 0
    notes = {note_of(cli, papers["attention"]), note_of(cli, papers["clip"])}
    assert len(notes & {"# Key idea\n\nAttention, and more.", "Contrastive pairs."}) == 1
    assert cli("undo").code == 0
    assert note_of(cli, papers["attention"]) == NOTE
    assert note_of(cli, papers["clip"]) == ""


def test_import_notes_without_a_terminal_or_yes_changes_nothing_and_says_so(
    cli: Cli, papers: dict[str, str], vault: Path
) -> None:
    write_note_in_file(vault_file(vault, "clip"), "Contrastive pairs.")
    result = cli("import-notes", str(vault))
    assert result.code == 0
    assert "+Contrastive pairs." in result.out
    assert "Nothing changed: there is no terminal to ask on; add --yes" in result.out
    assert note_of(cli, papers["clip"]) == ""


@pytest.mark.parametrize(("answer", "applied"), [("y\n", True), ("yes\n", True), ("\n", False)])
def test_import_notes_asks_on_a_terminal(
    cli: Cli, papers: dict[str, str], vault: Path, answer: str, applied: bool
) -> None:
    write_note_in_file(vault_file(vault, "clip"), "Contrastive pairs.")
    result = cli("import-notes", str(vault), stdin=answer, tty=True)
    assert result.code == 0
    assert "Apply 1 note change? [y/N]" in result.err
    assert note_of(cli, papers["clip"]) == ("Contrastive pairs." if applied else "")
    assert ("Nothing changed." in result.out) is not applied


def test_a_conflict_shows_both_versions_and_is_left_alone(
    cli: Cli, papers: dict[str, str], vault: Path
) -> None:
    write_note_in_file(vault_file(vault, "attention"), "Written in the vault.")
    write_note_in_file(vault_file(vault, "clip"), "Contrastive pairs.")
    assert cli("note", papers["attention"], "--set", "Written in the library.").code == 0
    result = cli("import-notes", str(vault), "--yes")
    assert result.code == 1
    assert "1 changed in the files, 1 in conflict" in result.out
    conflict = result.out[result.out.index("! conflict: " + TITLES["attention"]) :]
    assert conflict.index("in the library:") < conflict.index("| Written in the library.")
    assert conflict.index("in the file:") < conflict.index("| Written in the vault.")
    assert result.err.count("\n") == 1 and "1 conflict left alone" in result.err
    assert note_of(cli, papers["attention"]) == "Written in the library."
    assert note_of(cli, papers["clip"]) == "Contrastive pairs."  # the rest still applied
    assert "Written in the vault." in vault_file(vault, "attention").read_text(encoding="utf-8")


def test_import_notes_with_nothing_edited_has_nothing_to_do(
    cli: Cli, papers: dict[str, str], vault: Path
) -> None:
    result = cli("import-notes", str(vault))
    assert result.code == 0
    assert "0 changed in the files, 0 in conflict, 4 unchanged" in result.out
    assert "Nothing to import." in result.out


def test_import_notes_reads_a_single_file_too(
    cli: Cli, papers: dict[str, str], vault: Path
) -> None:
    write_note_in_file(vault_file(vault, "clip"), "Contrastive pairs.")
    write_note_in_file(vault_file(vault, "scaling"), "Not this one.")
    result = cli("import-notes", str(vault_file(vault, "clip")), "--yes")
    assert result.code == 0, result.err
    assert note_of(cli, papers["clip"]) == "Contrastive pairs."
    assert note_of(cli, papers["scaling"]) == ""


def test_a_file_whose_paper_was_deleted_is_reported_and_skipped(
    cli: Cli, papers: dict[str, str], vault: Path
) -> None:
    write_note_in_file(vault_file(vault, "clip"), "Contrastive pairs.")
    assert cli("delete", papers["clip"]).code == 0
    result = cli("import-notes", str(vault), "--yes")
    assert result.code == 0, result.err
    assert f"? {vault_file(vault, 'clip')}: paper {papers['clip']} is not in this library" in (
        result.out
    )
    assert "Nothing to import." in result.out


def test_import_notes_from_a_missing_folder_is_a_one_line_error(
    cli: Cli, papers: dict[str, str], tmp_path: Path
) -> None:
    result = cli("import-notes", str(tmp_path / "nowhere"))
    assert result.code == 1
    assert result.err.count("\n") == 1 and "no such file or folder" in result.err


HOSTILE_TITLE = "Evil \x1b]52;c;ZWNobyBoaQ==\x07Title \x1b[31mRed\x1b[0m \u202etxt.exe [b]x[/]"
HOSTILE_NOTE = "Note \x1b[2J with \x9b31m escapes \x07 and \u202e bidi"


def test_hostile_titles_notes_and_file_names_are_printed_inert(
    cli: Cli, library_path: Path, tmp_path: Path
) -> None:
    paper = make_paper(HOSTILE_TITLE, "An abstract long enough to be taken for one, truly.")
    library = Library.open(library_path)
    library.add_papers([paper])
    library.close()
    folder = tmp_path / "vault"
    exported = cli("export", "--layout", "vault", "-o", str(folder))
    (path,) = folder.glob("*.md")
    renamed = path.with_name("renamed \x1b[31m\u202e.md")
    path.rename(renamed)
    write_note_in_file(renamed, HOSTILE_NOTE)
    assert cli("note", paper.id, "--set", "Library \x1b[1mside\x1b[0m").code == 0
    conflict = cli("import-notes", str(folder))
    write_note_in_file(renamed, f"{HOSTILE_NOTE}, now agreed")
    assert cli("note", paper.id, "--set", "").code == 0
    change = cli("import-notes", str(folder), "--yes")
    reexported = cli("export", "--layout", "vault", "-o", str(folder), "--dry-run")
    for result in (exported, conflict, change, reexported):
        printed = result.out + result.err
        assert not UNSAFE.search(printed), printed
    assert "  created          Evil Title Red txt.exe b x" in exported.out
    assert "! conflict: Evil Title Red txt.exe [b]x[/]  (" in conflict.out
    assert "renamed .md" in change.out
    assert "now agreed" in change.out
