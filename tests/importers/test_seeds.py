"""The four real sample files import completely, whatever their line endings or BOM."""

from __future__ import annotations

import codecs

import pytest

from readinglist.importers import parse_source
from tests.importers.conftest import ABSTRACT_SEEDS, DAILY_SEEDS, seed_bytes

EXPECTED_COUNTS = {
    "000_f7a2d4bec7574f84.txt": ("abstracts", 10),
    "001_fa3845e3e36f2e0c.txt": ("daily-papers", 48),
    "003_e2fec9b6cb1eb41b.txt": ("daily-papers", 134),
    "004_7740a02dc5256938.txt": ("abstracts", 10),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_COUNTS))
def test_seed_is_detected_and_every_paper_is_found(name: str) -> None:
    result = parse_source(name, seed_bytes(name))
    assert (result.format, len(result.papers)) == EXPECTED_COUNTS[name]
    assert result.warnings == []


def test_the_four_seeds_hold_202_papers() -> None:
    assert sum(len(parse_source(n, seed_bytes(n)).papers) for n in EXPECTED_COUNTS) == 202


@pytest.mark.parametrize("name", sorted(EXPECTED_COUNTS))
@pytest.mark.parametrize(
    "variant",
    [
        lambda data: codecs.BOM_UTF8 + data.replace(b"\n", b"\r\n"),
        lambda data: data.replace(b"\n", b"\r"),
        lambda data: codecs.BOM_UTF16_LE + data.decode().encode("utf-16-le"),
        lambda data: codecs.BOM_UTF16_BE + data.decode().encode("utf-16-be"),
    ],
    ids=["utf8-bom-crlf", "cr", "utf16le-bom", "utf16be-bom"],
)
def test_line_endings_and_byte_order_marks_change_nothing(name: str, variant: object) -> None:
    data = seed_bytes(name)
    assert callable(variant)
    assert parse_source(name, variant(data)) == parse_source(name, data)


@pytest.mark.parametrize("name", ABSTRACT_SEEDS)
def test_abstract_seed_titles_are_derived_unique_and_short(name: str) -> None:
    papers = parse_source(name, seed_bytes(name)).papers
    assert all(p.title_derived and len(p.title) <= 100 for p in papers)
    assert len({p.title for p in papers}) == len(papers)
    assert [p.line for p in papers] == list(range(1, 11))


@pytest.mark.parametrize("name", DAILY_SEEDS)
def test_daily_seed_papers_all_have_real_titles_and_abstracts(name: str) -> None:
    papers = parse_source(name, seed_bytes(name)).papers
    assert not any(p.title_derived for p in papers)
    assert all(len(p.abstract) > 300 for p in papers)
    assert all(len(p.title) <= 300 for p in papers)


def test_seed_001_first_paper_has_its_metadata() -> None:
    papers = parse_source("001", seed_bytes("001_fa3845e3e36f2e0c.txt")).papers
    first = papers[0]
    assert first.title == (
        "No Detail Left Behind: Revisiting Self-Retrieval for Fine-Grained Image Captioning"
    )
    assert (first.authors, first.published, first.upvotes, first.line) == (
        3,
        "2024-09-04",
        None,
        13,
    )
    assert first.abstract.startswith("Image captioning systems are unable to generate")


@pytest.mark.parametrize(
    ("title_start", "authors", "published", "upvotes"),
    [
        ("Fine-Tuning Flow Matching", 4, "Oct 2", None),
        ("Refuse Whenever You Feel Unsafe", 8, "2024-07-12", 2),
        ("LML: Language Model Learning", 1, "2024-09-27", 3),
        ("MachineLearningLM", 5, "Sep 8", 8),
        ("Every FLOP Counts", 74, "Mar 6", None),
        ("STARFlow", None, None, None),
        ("ARMOR v0.1", None, None, None),
    ],
)
def test_seed_001_metadata_variants(
    title_start: str, authors: int | None, published: str | None, upvotes: int | None
) -> None:
    papers = parse_source("001", seed_bytes("001_fa3845e3e36f2e0c.txt")).papers
    (paper,) = [p for p in papers if p.title.startswith(title_start)]
    assert (paper.authors, paper.published, paper.upvotes) == (authors, published, upvotes)


def test_seed_003_long_titles_stay_titles() -> None:
    papers = parse_source("003", seed_bytes("003_e2fec9b6cb1eb41b.txt")).papers
    by_line = {p.line: p for p in papers}
    assert by_line[103].title.startswith("Generative Discovery of Novel Chemical Designs")
    assert len(by_line[103].title) == 151
    assert by_line[103].abstract.startswith("We report a series of deep learning models")
    assert by_line[379].title.endswith("Live Experiments on Meteorological Nowcasting")
    assert len(by_line[379].title) == 164
