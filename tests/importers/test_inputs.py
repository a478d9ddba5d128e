"""Collecting inputs: files as given, folders by name, `-` for standard input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from readinglist.errors import ImportFormatError
from readinglist.importers import collect_inputs, decoding, inputs


def test_files_are_read_as_bytes_in_the_order_given(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"B")
    (tmp_path / "a.bib").write_bytes(b"A")
    paths = [str(tmp_path / "b.txt"), str(tmp_path / "a.bib")]
    assert collect_inputs(paths, io.BytesIO()) == [(paths[0], b"B"), (paths[1], b"A")]


def test_a_folder_gives_its_importable_files_sorted_by_name(tmp_path: Path) -> None:
    for name in ["c.json", "a.txt", "B.BIB", "notes.md", ".hidden.txt", "b.txt"]:
        (tmp_path / name).write_bytes(name.encode())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.txt").write_bytes(b"deep")
    (tmp_path / "folder.txt").mkdir()
    inputs = collect_inputs([str(tmp_path)], io.BytesIO())
    assert [Path(source).name for source, _ in inputs] == ["B.BIB", "a.txt", "b.txt", "c.json"]
    assert inputs[1] == (str(tmp_path / "a.txt"), b"a.txt")


def test_dash_reads_standard_input_as_bytes() -> None:
    assert collect_inputs(["-"], io.BytesIO(b"Abstract: x\xff")) == [
        ("<stdin>", b"Abstract: x\xff")
    ]


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(ImportFormatError) as raised:
        collect_inputs([missing], io.BytesIO())
    assert raised.value.source == missing
    assert "no such file" in raised.value.reason


def test_a_folder_without_importable_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("x")
    with pytest.raises(ImportFormatError, match=r"no \.txt, \.json, \.bib files"):
        collect_inputs([str(tmp_path)], io.BytesIO())


def test_an_unreadable_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("x")

    def refuse(path: str, mode: str) -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(inputs, "open", refuse, raising=False)
    with pytest.raises(ImportFormatError) as raised:
        collect_inputs([str(locked)], io.BytesIO())
    assert str(raised.value) == f"{locked}: cannot read: Permission denied"


def test_an_unreadable_stdin_is_an_import_error() -> None:
    class Broken(io.RawIOBase):
        def read(self, size: int = -1) -> bytes:
            raise OSError(5, "Input/output error")

    with pytest.raises(ImportFormatError, match="<stdin>: cannot read: Input/output error"):
        collect_inputs(["-"], Broken())  # type: ignore[arg-type]


def test_oversized_files_and_stdin_are_refused_before_being_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decoding, "MAX_IMPORT_BYTES", 10)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 11)
    with pytest.raises(ImportFormatError, match="too large"):
        collect_inputs([str(big)], io.BytesIO())
    with pytest.raises(ImportFormatError, match="<stdin>: file is too large"):
        collect_inputs(["-"], io.BytesIO(b"x" * 11))
