"""Escaping untrusted text for Markdown, and nesting the user's notes safely."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist.exporters.markdown_text import (
    clean_note,
    close_open_blocks,
    display_title,
    escape_markdown,
    shift_headings,
)
from readinglist.text import one_line
from tests.exporters.export_checks import (
    HOSTILE,
    PARSER,
    assert_plain_text_only,
    headings,
    hostile_text,
    inline_text,
)


def rendered_paragraph_text(markdown: str) -> str:
    tokens = PARSER.parse(markdown)
    inlines = [t for t in tokens if t.type == "inline"]
    return "".join(inline_text(t) for t in inlines)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    escaped = escape_markdown(text)
    assert "\n" not in escaped
    assert_plain_text_only(escaped)
    assert rendered_paragraph_text(escaped) == one_line(text)


@given(hostile_text)
def test_any_escaped_text_is_plain_text_in_a_heading_and_a_quote(text: str) -> None:
    for line in (f"## {escape_markdown(display_title(text))}", f"> {escape_markdown(text)}"):
        assert_plain_text_only(line)
    assert headings(f"## {escape_markdown(display_title(text))}", 2) == [display_title(text)]


def test_escaping_leaves_ordinary_titles_readable() -> None:
    assert escape_markdown("BERT: Pre-training of Deep Transformers (v2)") == (
        "BERT: Pre-training of Deep Transformers (v2)"
    )


def test_link_syntax_and_urls_are_neutralised() -> None:
    escaped = escape_markdown("[x](javascript:alert(1)) https://a.example www.b.example c@d.org")
    assert escaped == r"\[x\](javascript\:alert(1)) https\://a.example www\.b.example c\@d.org"


def test_html_is_entity_escaped() -> None:
    assert escape_markdown("<script>&</script>") == "&lt;script&gt;&amp;&lt;/script&gt;"


def test_line_breaks_become_spaces_and_controls_vanish() -> None:
    assert escape_markdown("a\nb\r\n\tc\x1b[31m d") == "a b c d"


def test_display_title_stands_in_for_an_empty_title() -> None:
    assert display_title(" \n\x1b[0m ") == "(untitled)"


def test_clean_note_trims_blank_lines_around_but_keeps_inner_layout() -> None:
    assert clean_note("\n\n  \n    code\n\n\npara  \n\n") == "    code\n\n\npara"


def test_shift_moves_atx_headings_down() -> None:
    assert shift_headings("# One\n\ntext\n\n## Two ##", 2) == "### One\n\ntext\n\n#### Two ##"


def test_shift_caps_at_level_six() -> None:
    assert shift_headings("#### Deep\n###### Deepest", 3) == "###### Deep\n###### Deepest"


def test_shift_rewrites_setext_headings_as_atx() -> None:
    assert shift_headings("Big\n===\n\nSmall\n-----\n", 2) == "### Big\n\n#### Small\n"


def test_shift_keeps_a_setext_heading_made_of_hashes_as_text() -> None:
    shifted = shift_headings("Issue #\n===", 1)
    assert headings(shifted, 2) == ["Issue #"]


def test_shift_leaves_fenced_code_and_html_alone() -> None:
    note = "```\n# not a heading\n```\n\n<div>\n# nor this\n</div>\n\n~~~\nx\n===\n~~~"
    assert shift_headings(note, 2) == note


def test_shift_reaches_headings_inside_quotes_and_lists() -> None:
    shifted = shift_headings("> # Quoted\n\n- # Listed\n\n  ## Inside item", 2)
    assert shifted == "> ### Quoted\n\n- ### Listed\n\n  #### Inside item"


@pytest.mark.parametrize(
    ("note", "closer"),
    [
        ("```\nopen fence", "```"),
        ("````python\nx\n```", "````"),
        ("~~~\nx", "~~~"),
        ("<!-- never closed", "-->"),
        ("<script>\nalert(1)", "</script>"),
        ("<PRE>\nx", "</PRE>"),
        ("<?php echo 1;", "?>"),
        ("<![CDATA[ x", "]]>"),
        ("<!DOCTYPE html", ">"),
    ],
)
def test_close_open_blocks_ends_what_the_note_left_open(note: str, closer: str) -> None:
    closed = close_open_blocks(note)
    assert closed == f"{note}\n{closer}"
    assert headings(f"{closed}\n\n## Next paper", 2) == ["Next paper"]


def test_close_open_blocks_leaves_a_closed_note_as_it_is() -> None:
    note = "```\ncode\n```\n\n<div>\nx\n</div>"
    assert close_open_blocks(note) == note


@given(markdown_soup_or_text=st.one_of(hostile_text, st.sampled_from(HOSTILE)))
def test_nothing_in_a_contained_note_reaches_the_next_heading(markdown_soup_or_text: str) -> None:
    note = shift_headings(clean_note(markdown_soup_or_text), 2)
    document = f"## Paper\n\n{close_open_blocks(note)}\n\n## Next paper\n"
    assert headings(document, 2) == ["Paper", "Next paper"]
    assert headings(document, 1) == []
