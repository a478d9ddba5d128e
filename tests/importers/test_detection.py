"""Which format a text is in, and parsing with a detected or a forced format."""

from __future__ import annotations

import subprocess
import sys

import pytest

from readinglist.errors import ImportFormatError
from readinglist.importers import FORMATS, detect_format, parse
from tests.importers.conftest import seed_text

DAILY = "Daily Papers\n\nA Title\n\nWe study things. They are good. We show it.\n"


def test_the_four_formats_in_their_documented_order() -> None:
    assert FORMATS == ("abstracts", "daily-papers", "json", "bibtex")


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("Abstract:We study x.", "abstracts"),
        ("\ufeff\n  abstract: We study x.", "abstracts"),
        ('{"format": "readinglist"}', "json"),
        ("  [\n {}]", "json"),
        ("[]", "json"),
        ("% JabRef\n@article{key,\n title={T}}", "bibtex"),
        (DAILY, "daily-papers"),
        ("A Title\n\n" + "We study things. " * 30, "daily-papers"),
        ("[Re] A replication\n\nWe replicate things. It worked. Mostly.", "daily-papers"),
    ],
)
def test_formats_are_recognised_by_their_shape(text: str, fmt: str) -> None:
    assert detect_format(text) == fmt


def test_unrecognisable_text_is_detected_as_daily_papers_the_most_forgiving() -> None:
    assert detect_format("just some words") == "daily-papers"


def test_parse_without_a_format_refuses_text_that_matches_none() -> None:
    with pytest.raises(ImportFormatError) as raised:
        parse("notes.txt", "just some words\n\nand more words")
    assert raised.value.reason.startswith("no papers recognised; expected")
    assert "Abstract:" in raised.value.reason and "BibTeX" in raised.value.reason


def test_a_forced_format_wins_over_detection() -> None:
    result = parse("x.txt", "Abstract: We propose FooNet, a net for fish.", "daily-papers")
    assert result.format == "daily-papers"
    (paper,) = result.papers
    assert paper.abstract == "Abstract: We propose FooNet, a net for fish."
    assert (paper.title, paper.title_derived) == ("FooNet: a net for fish", True)


def test_an_unknown_format_name_is_an_import_error() -> None:
    with pytest.raises(ImportFormatError, match="unknown format 'csv'") as raised:
        parse("x", "text", "csv")
    assert "abstracts" in raised.value.hint


def test_parse_accepts_crlf_and_bom_text_directly() -> None:
    text = seed_text("001_fa3845e3e36f2e0c.txt")
    assert parse("a", "\ufeff" + text.replace("\n", "\r\n")) == parse("a", text)


def test_parsing_a_titled_daily_papers_page_loads_neither_bibtexparser_nor_title_making() -> None:
    # Both take ~10 ms to load, a fixed cost on every import that does not need them.
    check = (
        "import sys; from readinglist.importers import parse\n"
        f"parse('page.txt', {DAILY!r})\n"
        "print(sorted(m for m in ('bibtexparser', 'readinglist.importers.titles') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
