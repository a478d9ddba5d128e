"""Bytes to text: UTF-8 or UTF-16 with a BOM, LF line endings, clear errors for the rest."""

from __future__ import annotations

import codecs

import pytest

from readinglist.errors import ImportFormatError
from readinglist.importers import MAX_IMPORT_BYTES, decode, decoding


def test_utf8_bom_is_stripped_and_line_endings_become_lf() -> None:
    assert decode("f", codecs.BOM_UTF8 + b"a\r\nb\rc\n") == "a\nb\nc\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_decoded(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert decode("f", bom + "Tür\r\nx".encode(codec)) == "Tür\nx"


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03", b"Title\x00\n", b"%PDF-1.7\n%\xe2\xe3", b"PK\x03\x04rest"],
    ids=["control-bytes", "nul-in-text", "pdf", "zip"],
)
def test_binary_files_are_refused(data: bytes) -> None:
    with pytest.raises(ImportFormatError, match="looks like a binary file"):
        decode("paper.pdf", data)


def test_utf16_without_a_bom_counts_as_binary_with_a_hint() -> None:
    with pytest.raises(ImportFormatError) as raised:
        decode("f", "hello".encode("utf-16-le"))
    assert "UTF-16" in raised.value.hint


def test_nul_characters_in_utf16_text_are_refused() -> None:
    with pytest.raises(ImportFormatError, match="binary"):
        decode("f", codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"))


def test_invalid_utf8_names_the_line_of_the_first_bad_byte() -> None:
    with pytest.raises(ImportFormatError) as raised:
        decode("notes.txt", b"ok\r\nfine\nbad \xff here\nalso \xfe bad\n")
    assert raised.value.line == 3
    assert str(raised.value).startswith("notes.txt:3: not valid UTF-8")


def test_invalid_utf16_names_its_line() -> None:
    data = codecs.BOM_UTF16_LE + "one\ntwo\n".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(ImportFormatError) as raised:
        decode("f", data)
    assert raised.value.line == 3


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n"])
def test_empty_or_blank_files_are_refused(data: bytes) -> None:
    with pytest.raises(ImportFormatError, match="file is empty"):
        decode("f", data)


def test_the_size_limit_is_256_mib() -> None:
    assert MAX_IMPORT_BYTES == 256 * 1024 * 1024


def test_files_over_the_size_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decoding, "MAX_IMPORT_BYTES", 10)
    assert decode("ok.txt", b"Abstract:x") == "Abstract:x"
    with pytest.raises(ImportFormatError, match="too large"):
        decode("huge.txt", b"Abstract:xy")


def test_errors_carry_the_source_name() -> None:
    with pytest.raises(ImportFormatError) as raised:
        decode("dir/file.txt", b"")
    assert raised.value.source == "dir/file.txt"
    assert raised.value.reason == "file is empty"
