"""Writing an export to a file: never over an existing file without --force."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from readinglist.errors import ExportError
from readinglist.exporters.files import write_atomic, write_export


def test_export_is_written_to_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    write_export(target, "# Reading list\n")
    assert target.read_text(encoding="utf-8") == "# Reading list\n"


def test_existing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my own work", encoding="utf-8")
    with pytest.raises(ExportError, match=r"notes\.md already exists") as raised:
        write_export(target, "# Reading list\n")
    assert "--force" in str(raised.value)
    assert raised.value.exit_code == 1
    assert target.read_text(encoding="utf-8") == "my own work"


def test_force_overwrites_and_keeps_the_file_permissions(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    write_export(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_folder_is_refused_as_the_output_file(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        write_export(tmp_path, "x", force=True)


def test_a_missing_folder_is_named_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_export(tmp_path / "missing" / "notes.md", "x")


def test_atomic_write_leaves_no_temporary_file_behind(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.md", "one")
    write_atomic(tmp_path / "a.md", "two")
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_atomic_write_keeps_text_exactly(tmp_path: Path) -> None:
    text = "line\r\nünïcode\n\ttab\n"
    write_atomic(tmp_path / "a.md", text)
    assert (tmp_path / "a.md").read_bytes() == text.encode()


def test_failed_write_reports_the_file_and_cleans_up(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(ExportError, match="cannot write"):
            write_atomic(folder / "a.md", "x")
    finally:
        os.chmod(folder, 0o700)
    assert list(folder.iterdir()) == []
