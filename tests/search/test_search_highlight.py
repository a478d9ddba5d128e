"""highlight_spans: where a query matches in a text, by the rules the index uses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from readinglist.errors import QuerySyntaxError
from readinglist.search import highlight_spans, parse_query
from readinglist.search.terms import match_kind, tokens


def marked(query: str, text: str) -> list[str]:
    return [text[start:end] for start, end in highlight_spans(query, text)]


def test_words_typos_and_the_typed_start_of_the_last_word() -> None:
    text = "Denoising Diffusion Models, and more models."
    assert marked("difusion mod", text) == ["Diffusion", "Mod", "mod"]
    assert marked("models difusion", text) == ["Diffusion", "Models", "models"]


def test_only_the_last_word_highlights_as_a_prefix() -> None:
    assert marked("mod difusion", "Diffusion models") == ["Diffusion"]


def test_phrases_match_across_spaces_and_line_breaks_ignoring_case() -> None:
    text = "We study Diffusion\n   Models here."
    assert marked('"diffusion models"', text) == ["Diffusion\n   Models"]


def test_overlapping_matches_merge_into_one_span() -> None:
    assert marked('"graph neural" neural', "Graph neural networks") == ["Graph neural"]


def test_offsets_are_in_the_original_text_even_around_wide_characters() -> None:
    text = "😀 Über naïve ﬁne café"
    assert marked("uber naive cafe", text) == ["Über", "naïve", "café"]
    assert marked("fine", text) == ["ﬁne"]  # a ligature folds to "fi"


def test_a_non_ascii_word_matching_as_a_start_highlights_whole() -> None:
    assert marked("über cafe", "Überraschung") == []
    assert marked("über", "Überraschung") == ["Überraschung"]


def test_empty_and_filter_only_queries_highlight_nothing() -> None:
    assert highlight_spans("", "anything at all") == []
    assert highlight_spans("tag:x rating>=3", "tag x rating") == []


def test_a_bad_query_string_raises() -> None:
    try:
        highlight_spans('"open', "text")
    except QuerySyntaxError:
        return
    raise AssertionError("expected QuerySyntaxError")


def test_regex_characters_in_phrases_are_literal() -> None:
    assert marked('"(a+)*"', "x (a+)* y aaaa") == ["(a+)*"]
    assert marked('"\\d"', "\\d 5") == ["\\d"]


@given(
    st.text(alphabet="abcdeéñ AB-_\n😀", max_size=40),
    st.text(alphabet="abcdeé AB", min_size=1, max_size=12),
)
def test_highlighted_words_are_exactly_the_matching_tokens(text: str, query_text: str) -> None:
    query = parse_query(query_text)
    spans = highlight_spans(query, text)
    last = len(query.words) - 1
    expected_starts = [
        start
        for start, _, term in tokens(text)
        if any(match_kind(w, term, prefix=i == last) for i, w in enumerate(query.words))
    ]
    assert [start for start, _ in spans] == expected_starts
    assert all(0 <= start < end <= len(text) for start, end in spans)
