"""The one-document Markdown export: golden files, structure parsed back, hostile content."""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist.errors import InvalidValueError
from readinglist.exporters.markdown import GroupBy, render_markdown, stars
from readinglist.exporters.markdown_text import display_title
from readinglist.model import Status, normalize_tag
from readinglist.text import one_line
from tests.exporters.export_checks import (
    HOSTILE,
    PARSER,
    assert_no_html_or_links,
    assert_plain_text_only,
    headings,
    hostile_text,
    inline_text,
    make_paper,
    numbered_papers,
)

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2025, 3, 14, 9, 26, tzinfo=UTC)

FIXED_PAPERS = [
    make_paper(
        id="a1b2c3d4e5f6",
        title="Attention Is All You Need",
        abstract="The dominant sequence transduction models are based on RNNs or CNNs.",
        status=Status.READ,
        rating=5,
        tags=["nlp", "transformers"],
        note="# Summary\n\nSelf-attention *only*.\n\n## Questions\n\n- Why sinusoids?\n",
    ),
    make_paper(
        id="0f9e8d7c6b5a",
        title="# <b>Tricky</b> [title](javascript:alert(1)) | with *stars* & `ticks`",
        abstract="Uses $O(n^2)$ memory; see https://example.org/code and <i>more</i>.",
        authors=7,
        published="2024-11",
        status=Status.TO_READ,
        rating=0,
        tags=["c#", "vision"],
        note="Setext heading\n==============\n\n```python\n# a comment, not a heading\n",
    ),
    make_paper(
        id="123456abcdef",
        title="Denoising Diffusion Probabilistic Models",
        abstract="",
        authors=None,
        published=None,
        status=Status.READING,
        rating=3,
        tags=[],
        note="",
    ),
]


def check_golden(name: str, text: str) -> None:
    """Compare with the golden file; `UPDATE_GOLDEN=1` rewrites it after a deliberate change."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_document_matches_golden_file() -> None:
    document = render_markdown(FIXED_PAPERS, now=NOW, filter_description="status:any")
    check_golden("document.md", document)


@pytest.mark.parametrize("group_by", list(GroupBy))
def test_grouped_document_matches_golden_file(group_by: GroupBy) -> None:
    document = render_markdown(FIXED_PAPERS, now=NOW, group_by=group_by)
    check_golden(f"by-{group_by}.md", document)
    titles = [one_line(p.title) for p in FIXED_PAPERS]
    if group_by is GroupBy.TAG:
        assert set(headings(document, 3)) == set(titles)
    else:
        assert sorted(headings(document, 3)) == sorted(titles)
    assert_no_html_or_links(document)


def test_golden_document_has_one_heading_per_paper_equal_to_its_title() -> None:
    document = render_markdown(FIXED_PAPERS, now=NOW)
    assert headings(document, 1) == ["Reading list"]
    assert headings(document, 2) == [one_line(p.title) for p in FIXED_PAPERS]
    assert_no_html_or_links(document)


def test_document_starts_with_title_and_summary() -> None:
    document = render_markdown(FIXED_PAPERS, now=NOW, filter_description="tag:nlp")
    assert document.splitlines()[:3] == [
        "# Reading list",
        "",
        "3 papers · filter: tag:nlp · exported 2025-03-14 09:26 UTC",
    ]


def test_summary_shows_time_in_utc_and_says_when_there_is_no_filter() -> None:
    paris = timezone(timedelta(hours=1))
    document = render_markdown(FIXED_PAPERS[:1], now=datetime(2025, 3, 14, 10, 26, tzinfo=paris))
    assert "1 paper · filter: none · exported 2025-03-14 09:26 UTC" in document


def test_metadata_line_holds_status_rating_tags_date_authors_and_id() -> None:
    document = render_markdown(FIXED_PAPERS[:1], now=NOW)
    assert (
        "**Status:** read · **Rating:** ★★★★★ · **Tags:** nlp, transformers · "
        "**Published:** 2017-06-12 · **Authors:** Ashish Vaswani, Noam Shazeer · "
        "**ID:** a1b2c3d4e5f6"
    ) in document


@pytest.mark.parametrize(("rating", "shown"), [(0, "unrated"), (1, "★☆☆☆☆"), (4, "★★★★☆")])
def test_ratings_are_shown_as_five_stars(rating: int, shown: str) -> None:
    assert stars(rating) == shown


def test_only_an_author_count_is_shown_as_a_count() -> None:
    document = render_markdown([make_paper(authors=7)], now=NOW)
    assert "**Authors:** 7 authors" in document


def test_long_author_lists_are_shortened() -> None:
    names = [f"Author {i}" for i in range(25)]
    document = render_markdown([make_paper(authors=names)], now=NOW)
    assert "Author 19 and 5 more" in document
    assert "Author 20" not in document


def test_abstract_is_a_block_quote_of_plain_text() -> None:
    paper = make_paper(abstract="Line one\nline *two* <b>x</b>")
    tokens = PARSER.parse(render_markdown([paper], now=NOW))
    opened = [i for i, t in enumerate(tokens) if t.type == "blockquote_open"]
    assert len(opened) == 1
    assert inline_text(tokens[opened[0] + 2]) == "Line one line *two* <b>x</b>"


def test_note_is_kept_as_written_with_its_headings_nested_under_the_paper() -> None:
    note = "# Mine\n\nSome **bold** [link](https://example.org).\n\n```\n# code\n```"
    document = render_markdown([make_paper(note=note)], now=NOW)
    assert "### Mine\n\nSome **bold** [link](https://example.org).\n\n```\n# code\n```" in document
    assert headings(document, 3) == ["Mine"]


def test_grouped_note_headings_nest_one_level_deeper() -> None:
    document = render_markdown([make_paper(note="# Mine")], now=NOW, group_by=GroupBy.STATUS)
    assert headings(document, 2) == ["To read (1)"]
    assert headings(document, 3) == ["Attention Is All You Need"]
    assert headings(document, 4) == ["Mine"]


def test_group_by_status_follows_the_workflow_order() -> None:
    papers = [
        make_paper(id="1" * 12, title="Done", status=Status.READ),
        make_paper(id="2" * 12, title="Fresh", status=Status.NEW),
        make_paper(id="3" * 12, title="Next", status=Status.TO_READ),
    ]
    document = render_markdown(papers, now=NOW, group_by=GroupBy.STATUS)
    assert headings(document, 2) == ["New (1)", "To read (1)", "Read (1)"]


def test_group_by_rating_puts_best_first_and_unrated_last() -> None:
    papers = [make_paper(id=f"{r:012x}", title=f"R{r}", rating=r) for r in (0, 5, 2)]
    document = render_markdown(papers, now=NOW, group_by=GroupBy.RATING)
    assert headings(document, 2) == ["★★★★★ (1)", "★★☆☆☆ (1)", "Unrated (1)"]
    assert headings(document, 3) == ["R5", "R2", "R0"]


def test_group_by_tag_lists_a_paper_under_each_of_its_tags_and_untagged_last() -> None:
    papers = [
        make_paper(id="1" * 12, title="Both", tags=["nlp", "vision"]),
        make_paper(id="2" * 12, title="None", tags=[]),
        make_paper(id="3" * 12, title="Vision", tags=["vision"]),
    ]
    document = render_markdown(papers, now=NOW, group_by=GroupBy.TAG)
    assert headings(document, 2) == ["nlp (1)", "vision (2)", "Untagged (1)"]
    assert headings(document, 3) == ["Both", "Both", "Vision", "None"]


def test_papers_keep_the_order_they_were_given_in() -> None:
    papers = numbered_papers(["Zeta", "Alpha", "Mu"])
    assert headings(render_markdown(papers, now=NOW), 2) == ["Zeta", "Alpha", "Mu"]


def test_output_is_deterministic_for_a_given_time() -> None:
    assert render_markdown(FIXED_PAPERS, now=NOW) == render_markdown(FIXED_PAPERS, now=NOW)


def test_empty_selection_still_makes_a_document() -> None:
    assert render_markdown([], now=NOW) == (
        "# Reading list\n\n0 papers · filter: none · exported 2025-03-14 09:26 UTC\n"
    )


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_title_appears_as_text(title: str) -> None:
    document = render_markdown(numbered_papers([title, "After"], abstract=title), now=NOW)
    assert headings(document, 2) == [display_title(title), "After"]
    assert_plain_text_only(document)


def safe_tags(raw: list[str]) -> list[str]:
    """Tags as the library stores them: whatever `normalize_tag` accepts."""
    tags = set()
    for tag in raw:
        with contextlib.suppress(InvalidValueError):
            tags.add(normalize_tag(tag))
    return sorted(tags)


@given(
    titles=st.lists(hostile_text, min_size=1, max_size=4),
    abstract=hostile_text,
    raw_tags=st.lists(hostile_text, max_size=3),
    group_by=st.sampled_from([None, *GroupBy]),
)
def test_hostile_titles_abstracts_and_tags_never_change_the_structure(
    titles: list[str], abstract: str, raw_tags: list[str], group_by: GroupBy | None
) -> None:
    papers = numbered_papers(titles, abstract=abstract, tags=safe_tags(raw_tags), authors=titles)
    document = render_markdown(papers, now=NOW, group_by=group_by, filter_description=abstract)
    assert_plain_text_only(document)
    if group_by is None:
        assert headings(document, 2) == [display_title(t) for t in titles]
    elif group_by is not GroupBy.TAG:
        assert sorted(headings(document, 3)) == sorted(display_title(t) for t in titles)


@given(notes=st.lists(hostile_text, min_size=1, max_size=4), grouped=st.booleans())
def test_hostile_notes_stay_inside_their_paper(notes: list[str], grouped: bool) -> None:
    papers = [
        make_paper(id=f"{i:012x}", title=f"Paper {i}", note=note) for i, note in enumerate(notes)
    ]
    group_by = GroupBy.STATUS if grouped else None
    document = render_markdown(papers, now=NOW, group_by=group_by)
    level = 3 if grouped else 2
    assert headings(document, level) == [f"Paper {i}" for i in range(len(notes))]
    assert headings(document, 1) == ["Reading list"]
