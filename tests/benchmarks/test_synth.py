"""The benchmark generator: the same papers every time, in a Daily Papers file we can import."""

from __future__ import annotations

import pytest

from benchmarks.synth import daily_papers_text, generate
from readinglist.model import normalize_title


def test_generator_makes_the_same_papers_every_time() -> None:
    assert daily_papers_text(generate(40)) == daily_papers_text(generate(40))
    assert [p.paper for p in generate(40)] == [p.paper for p in generate(40)]


def test_a_smaller_library_is_the_start_of_a_bigger_one() -> None:
    assert [p.paper for p in generate(30)] == [p.paper for p in generate(60)[:30]]


def test_titles_and_ids_are_unique_and_abstracts_one_to_two_kilobytes() -> None:
    papers = [p.paper for p in generate(300)]
    assert len({normalize_title(p.title) for p in papers}) == len(papers)
    assert len({p.id for p in papers}) == len(papers)
    assert all(1_000 <= len(p.abstract) <= 2_000 for p in papers)


def test_some_papers_carry_user_fields() -> None:
    papers = [p.paper for p in generate(300)]
    assert 60 < sum(1 for p in papers if p.tags) < 180
    assert 10 < sum(1 for p in papers if p.note) < 60
    assert any(p.rating for p in papers)


def test_daily_papers_file_parses_back_to_the_generated_papers() -> None:
    importers = pytest.importorskip("readinglist.importers")
    if not hasattr(importers, "parse_source"):
        pytest.skip("readinglist.importers.parse_source is not written yet")
    synthetic = generate(60)
    result = importers.parse_source("daily.txt", daily_papers_text(synthetic).encode())
    assert result.warnings == []
    parsed = {p.title: p for p in result.papers}
    assert list(parsed) == [s.paper.title for s in synthetic]
    for item in synthetic:
        paper = parsed[item.paper.title]
        assert paper.abstract == item.paper.abstract
        if item.show_byline:
            assert paper.authors == item.paper.authors
            assert paper.published == item.paper.published
            assert paper.upvotes == item.paper.upvotes
