"""The query language: words, phrases, filters, and clear errors for everything else."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist.errors import QuerySyntaxError
from readinglist.model import Paper, Source, Status
from readinglist.search import QUERY_HELP, parse_query
from readinglist.search.query import MAX_QUERY_LENGTH


def paper(**fields: object) -> Paper:
    return Paper(id="p1", title="A title", **fields)  # type: ignore[arg-type]


def test_words_are_normalised_terms_in_order() -> None:
    query = parse_query("Difusion  Self-Attention Über")
    assert query.words == ("difusion", "self", "attention", "uber")
    assert query.has_text and not query.is_empty


def test_empty_and_blank_queries_are_empty() -> None:
    for text in ("", "   ", "\t\n", "- ... !!", '""'):
        query = parse_query(text)
        assert query.is_empty, text
        assert not query.has_text


def test_phrases_keep_their_text_with_spaces_collapsed() -> None:
    query = parse_query('"Exact   Phrase" word "second one"')
    assert query.phrases == ("Exact Phrase", "second one")
    assert query.words == ("word",)


def test_unclosed_quote_is_an_error_saying_where() -> None:
    with pytest.raises(QuerySyntaxError, match="unclosed quote at character 6"):
        parse_query('word "never closed')


def test_filters_mix_with_words_and_phrases() -> None:
    query = parse_query('tag:vision status:to-read rating>=4 "exact phrase" difusion')
    assert query.words == ("difusion",)
    assert query.phrases == ("exact phrase",)
    assert [str(f) for f in query.filters] == ["status:to-read", "tag:vision", "rating>=4"]
    assert query.has_text


def test_filters_alone_have_no_text() -> None:
    query = parse_query("tag:vision -tag:survey")
    assert not query.has_text and not query.is_empty


def test_tags_are_repeatable_and_all_required() -> None:
    query = parse_query("tag:Vision tag:nlp")
    assert query.matches_filters(paper(tags=["nlp", "vision"]))
    assert not query.matches_filters(paper(tags=["vision"]))


def test_excluded_tag() -> None:
    query = parse_query("-tag:survey")
    assert query.matches_filters(paper(tags=["vision"]))
    assert not query.matches_filters(paper(tags=["survey"]))


@pytest.mark.parametrize("spelling", ["to-read", "to_read", "TO-READ", "queue", "toread"])
def test_status_spellings(spelling: str) -> None:
    query = parse_query(f"status:{spelling}")
    assert query.matches_filters(paper(status=Status.TO_READ))
    assert not query.matches_filters(paper(status=Status.NEW))


def test_several_statuses_mean_any_of_them() -> None:
    query = parse_query("status:reading status:read")
    assert query.matches_filters(paper(status=Status.READ))
    assert query.matches_filters(paper(status=Status.READING))
    assert not query.matches_filters(paper(status=Status.NEW))


def test_excluded_status() -> None:
    query = parse_query("-status:read")
    assert not query.matches_filters(paper(status=Status.READ))
    assert query.matches_filters(paper(status=Status.SKIPPED))


@pytest.mark.parametrize(
    ("text", "matching", "not_matching"),
    [
        ("rating>=4", [4, 5], [0, 3]),
        ("rating<=2", [0, 1, 2], [3, 5]),
        ("rating:3", [3], [2, 4]),
        ("rating=3", [3], [0, 5]),
        ("rating>2", [3, 5], [0, 2]),
        ("rating<3", [0, 2], [3, 4]),
        ("rating:>=4", [4, 5], [3]),
        ("-rating:0", [1, 5], [0]),
    ],
)
def test_rating_comparisons(text: str, matching: list[int], not_matching: list[int]) -> None:
    query = parse_query(text)
    for rating in matching:
        assert query.matches_filters(paper(rating=rating)), (text, rating)
    for rating in not_matching:
        assert not query.matches_filters(paper(rating=rating)), (text, rating)


@pytest.mark.parametrize("text", ["rating>=6", "rating:x", "rating<-1", "rating=2.5", "rating:٣"])
def test_bad_ratings_are_errors(text: str) -> None:
    with pytest.raises(QuerySyntaxError, match="bad rating"):
        parse_query(text)


def test_has_filters() -> None:
    assert parse_query("has:note").matches_filters(paper(note="read it"))
    assert not parse_query("has:note").matches_filters(paper(note="  \n"))
    assert parse_query("has:tags").matches_filters(paper(tags=["x"]))
    assert parse_query("has:abstract").matches_filters(paper(abstract="text"))
    assert not parse_query("has:rating").matches_filters(paper(rating=0))
    assert parse_query("-has:note").matches_filters(paper())


def test_is_derived() -> None:
    assert parse_query("is:derived").matches_filters(paper(title_derived=True))
    assert not parse_query("is:derived").matches_filters(paper())


def test_batch_matches_the_start_of_a_batch_id_of_any_source() -> None:
    sourced = paper(sources=[Source("a.txt", "1f2e3d", ""), Source("b.txt", "ABCDEF", "")])
    assert parse_query("batch:1f2e").matches_filters(sourced)
    assert parse_query("batch:abcdef").matches_filters(sourced)
    assert not parse_query("batch:2e3d").matches_filters(sourced)


def test_source_matches_part_of_the_file_path_and_may_be_quoted() -> None:
    sourced = paper(sources=[Source("/home/me/My Papers/daily-2024.txt", "b", "")])
    assert parse_query("source:daily-2024").matches_filters(sourced)
    assert parse_query('source:"my papers"').matches_filters(sourced)
    assert not parse_query("source:weekly").matches_filters(sourced)


def test_unknown_filter_names_the_key_and_lists_the_valid_ones() -> None:
    with pytest.raises(QuerySyntaxError) as error:
        parse_query("auther:smith")
    message = str(error.value)
    assert "auther:" in message
    for valid in ("tag:", "status:", "rating", "has:", "is:", "batch:", "source:"):
        assert valid in message
    assert '"auther:smith"' in message  # how to search for the text itself


def test_quoting_a_colon_word_searches_for_it() -> None:
    assert parse_query('"re:invent"').phrases == ("re:invent",)


def test_comparisons_on_unknown_keys_are_words() -> None:
    assert parse_query("p<0.05").words == ("p", "0", "05")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("tag:", "tag: needs a value"),
        ("status:nope", "unknown status"),
        ("has:pdf", "has:note"),
        ("is:read", "is:derived"),
        ("tag>=3", "takes no comparison"),
        ("tag:" + "x" * 80, "too long"),
    ],
)
def test_bad_filter_values_say_why(text: str, fragment: str) -> None:
    with pytest.raises(QuerySyntaxError, match=fragment):
        parse_query(text)


def test_excluded_words_and_phrases() -> None:
    query = parse_query('-survey -"related work" -self-attention x')
    assert query.excluded_words == (("survey",), ("self", "attention"))
    assert query.excluded_phrases == ("related work",)
    assert query.words == ("x",)


def test_overlong_query_is_refused() -> None:
    with pytest.raises(QuerySyntaxError, match="too long"):
        parse_query("a " * MAX_QUERY_LENGTH)


def test_help_documents_every_filter() -> None:
    for syntax in ("tag:", "-tag:", "status:", "rating>=", '"exact phrase"', "has:note"):
        assert syntax in QUERY_HELP
    for syntax in ("is:derived", "batch:", "source:"):
        assert syntax in QUERY_HELP


@given(st.text(max_size=80))
def test_any_text_parses_or_raises_a_query_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QuerySyntaxError as error:
        assert error.message
    else:
        assert query.text == text


@given(st.text(alphabet=st.sampled_from('ab :-"<>=tagsrin45\\é'), max_size=30))
def test_filter_like_text_parses_or_raises_a_query_error(text: str) -> None:
    with contextlib.suppress(QuerySyntaxError):
        parse_query(text)
