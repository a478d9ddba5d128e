"""Neutralising untrusted text: what is removed, what is kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from readinglist.text import has_unsafe, one_line, strip_unsafe


def test_escape_sequences_and_controls_are_removed_and_text_kept() -> None:
    hostile = "a\x1b[31mred\x1b[0m \x1b]52;c;ZWNobw==\x07b\u202eX\x00y\x7f\x9b1mz\u200b"
    assert strip_unsafe(hostile) == "ared bXyz"


def test_markup_is_not_touched_it_is_the_display_layer_that_shows_it_literally() -> None:
    markup = "[bold red]x[/] [@click=app.quit]y[/]"
    assert one_line(markup) == markup


def test_one_line_collapses_breaks_tabs_and_runs_of_spaces() -> None:
    assert one_line("  a\n\tb   c\u00a0 d  ") == "a b c d"


@given(st.text())
def test_one_line_output_is_always_safe_and_single_line(text: str) -> None:
    line = one_line(text)
    assert not has_unsafe(line)
    assert "\n" not in line and "\t" not in line and "  " not in line
    assert line == line.strip()


@given(st.text())
def test_the_fast_path_agrees_with_the_slow_path(text: str) -> None:
    slow = " ".join(strip_unsafe(text).replace("\t", " ").replace("\u00a0", " ").split(" "))
    expected = " ".join(w for w in slow.replace("\n", " ").split(" ") if w)
    assert one_line(text) == expected
