"""The exporters' fast paths give exactly what the slow, obviously right paths give."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist import text
from readinglist.exporters import safe_text
from readinglist.exporters.markdown_text import (
    _closer_for_open_block,
    _shift_parsed_headings,
    close_open_blocks,
    escape_markdown,
    shift_headings,
)
from readinglist.exporters.vault_file import _parsed_marker_blocks, _plain_marker_blocks
from tests.exporters.export_checks import hostile_text

# Text that is nearly safe: the fast paths' checks must notice the one character that is not.
_PIECES = [
    "a", "b c", " ", "  ", "\n", "\t", "\r", "\x1b[31m", "\x9b1m", "\x85", "\xa0", "\u2028",
    "\u200b", "\u202e", "\ufeff", "\u3000", "é", "日本", "\x7f", "\x00", "\U0001f600",
]  # fmt: skip
_ALMOST_SAFE = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)
any_text = st.one_of(_ALMOST_SAFE, hostile_text, st.text(max_size=40))


@given(any_text)
def test_one_line_fast_path_agrees_with_readinglist_text(value: str) -> None:
    assert safe_text.one_line(value) == text.one_line(value)


@given(any_text)
def test_strip_unsafe_fast_path_agrees_with_readinglist_text(value: str) -> None:
    assert safe_text.strip_unsafe(value) == text.strip_unsafe(value)


@pytest.mark.parametrize(
    ("title", "escaped"),
    [
        ("HTTPS://a.example and Mailto:me", r"HTTPS\://a.example and Mailto\:me"),
        ("WwW.b.example", r"WwW\.b.example"),
        ("xhttp://a wwww.b 2www.c", "xhttp://a wwww.b 2www.c"),
        ("(http://a) _www.b", r"(http\://a) \_www\.b"),
        ("Ratio: 3:2 at data:x", r"Ratio: 3:2 at data\:x"),
        ("javascriptx: notjavascript: javascript:", r"javascriptx: notjavascript: javascript\:"),
    ],
)
def test_autolink_starts_are_escaped_only_where_a_scheme_is_a_whole_word(
    title: str, escaped: str
) -> None:
    assert escape_markdown(title) == escaped


_NOTE_LINES = [
    "# Heading", "## Key points", "###### Six", "####### Seven", "#tag", "#", "##\tTab",
    "Text with # inside", "C# and F#", "- item", "- # heading in a list", "> # quoted",
    "> quote", "    # indented code", "   # three spaces", "Paragraph", "Underlined",
    "===", "---", "- - -", "```", "~~~", "<div>", "<!-- note", "-->", "[ref]:", "#", "",
    "[ref]: /url", '"title', "1. # numbered", "**Verdict:** fine", "\\# escaped",
]  # fmt: skip
notes = st.lists(st.sampled_from(_NOTE_LINES), max_size=10).map("\n".join)


@given(notes, st.integers(min_value=1, max_value=5))
def test_headings_shift_as_the_parser_finds_them(note: str, levels: int) -> None:
    assert shift_headings(note, levels) == _shift_parsed_headings(note, levels)


@given(notes)
def test_a_note_is_left_unchanged_only_when_nothing_is_left_open(note: str) -> None:
    if close_open_blocks(note) == note:
        assert _closer_for_open_block(note) is None


_BODY_LINES = [
    "<!-- readinglist:begin header -->", "<!-- readinglist:end header -->",
    "<!-- readinglist:begin abstract -->", "<!-- readinglist:end abstract -->",
    "<!-- readinglist:begin note -->", "<!-- readinglist:end note -->",
    "<!-- readinglist:end note -->  ", "    <!-- readinglist:begin note -->",
    "> <!-- readinglist:end note -->", "- <!-- readinglist:begin note -->",
    "<!--readinglist:end   note-->", "<!-- readinglist:begin note --> text",
    "# Title", "**Status:** new", "> An abstract", "## Notes", "- item", "  continued",
    "    code", "```", "~~~", "<pre>", "</pre>", "<!--", "-->", "[a]: /url", '"title', "",
    "Text \\`\\`\\` and \\~\\~\\~", "<div>", "---", "===",
]  # fmt: skip
bodies = st.lists(st.sampled_from(_BODY_LINES), max_size=14)


@given(bodies)
def test_markers_are_found_as_the_parser_finds_them(body: list[str]) -> None:
    plain = _plain_marker_blocks(body)
    if plain is not None:
        assert plain == _parsed_marker_blocks(body)


def test_a_generated_file_body_needs_no_parser() -> None:
    body = [
        "<!-- readinglist:begin header -->", "", "# A \\`\\`\\` title", "",
        "**Status:** new", "", "<!-- readinglist:end header -->", "", "## Notes", "",
        "<!-- readinglist:begin note -->", "", "## Summary", "- point", "",
        "<!-- readinglist:end note -->", "",
    ]  # fmt: skip
    assert _plain_marker_blocks(body) == [
        (0, "begin", "header"),
        (6, "end", "header"),
        (10, "begin", "note"),
        (15, "end", "note"),
    ]
