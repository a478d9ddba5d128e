"""Text cleaning shared by the importers: line endings, spacing, wrapped paragraphs."""

from __future__ import annotations

import pytest

from readinglist.importers.cleaning import (
    clean_paragraphs,
    normalise_newlines,
    text_start,
    unwrap_paragraphs,
)


def test_newlines_and_a_leading_bom_are_normalised() -> None:
    assert normalise_newlines("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"


def test_text_start_skips_leading_space() -> None:
    assert text_start("\n  \tAbstract: x", length=9) == "Abstract:"
    assert text_start("   ") == ""


def test_paragraphs_keep_single_blank_lines_and_collapse_spacing() -> None:
    assert clean_paragraphs("one  two\n\n\n\nthree\x07\n") == "one two\n\nthree"


def test_wrapped_lines_are_joined_into_paragraphs() -> None:
    lines = ["first line", "  continues", "", "", "second"]
    assert unwrap_paragraphs(lines) == "first line continues\n\nsecond"


@pytest.mark.parametrize("control", [chr(c) for c in [*range(0x20), 0x7F] if chr(c) not in "\n\r"])
def test_every_ascii_control_character_leaves_a_line(control: str) -> None:
    cleaned = clean_paragraphs(f"one{control}two")
    assert cleaned.isprintable()
    assert cleaned.startswith("one")  # ESC takes the next character with it, as a sequence


def test_printable_ascii_and_unicode_lines_are_kept_as_they_are() -> None:
    line = "".join(map(chr, range(0x21, 0x7F))) + " Naïve — ≥ 95 %"
    assert clean_paragraphs(line) == line
