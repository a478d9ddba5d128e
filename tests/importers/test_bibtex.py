"""BibTeX via bibtexparser v2: titles, authors, dates, keywords and notes, with clear warnings."""

from __future__ import annotations

import pytest

from readinglist.errors import ImportFormatError
from readinglist.importers import bibtex
from readinglist.importers.latex import latex_to_text

ENTRY = r"""
% exported from somewhere
@string{neurips = "NeurIPS"}
@inproceedings{doe2024,
  Title     = {{Flow} {M}atching for {\"U}ber-fast {CNN}s},
  author    = {Doe, John and Jane Q. Roe and {Barnes and Noble} and others},
  booktitle = neurips,
  year      = 2024, month = sep, day = {4},
  keywords  = {Machine Learning; flows, generative models},
  abstract  = {We propose a method.
               It is fast.},
  annote    = {Read for the reading group.}
}
"""


def parse(text: str) -> bibtex.ParseResult:
    return bibtex.parse("refs.bib", text)


def test_an_entry_becomes_a_paper_with_all_its_fields() -> None:
    result = parse(ENTRY)
    (paper,) = result.papers
    assert result.format == "bibtex" and result.warnings == []
    assert paper.title == "Flow Matching for Über-fast CNNs"
    assert paper.authors == ["John Doe", "Jane Q. Roe", "Barnes and Noble"]
    assert paper.published == "2024-09-04"
    assert paper.tags == ["flows", "generative-models", "machine-learning"]
    assert paper.abstract == "We propose a method. It is fast."
    assert paper.note == "Read for the reading group."
    assert (paper.line, paper.title_derived, paper.upvotes) == (4, False, None)


@pytest.mark.parametrize(
    ("fields", "published"),
    [
        ("year = 2024, month = sep, day = 4", "2024-09-04"),
        ("year = {2024}, month = {September}", "Sep 2024"),
        ("year = {2024}, month = {9}", "Sep 2024"),
        ("year = 2023", "2023"),
        ("date = {2023-05-02}", "2023-05-02"),
        ("year = 2024, month = jun, day = 31", "Jun 2024"),
        ("month = may", None),
    ],
)
def test_year_month_and_day_give_the_published_date(fields: str, published: str | None) -> None:
    (paper,) = parse(f"@article{{k, title = {{T}}, {fields}}}").papers
    assert paper.published == published


def test_an_entry_without_a_title_is_skipped_with_a_warning() -> None:
    result = parse("@misc{nt, author = {A}}\n@misc{ok, title = {Kept}}")
    assert [p.title for p in result.papers] == ["Kept"]
    assert result.warnings == ["line 1 (@misc{nt): no title; skipped"]


def test_unparseable_entries_are_warnings_naming_entry_and_line() -> None:
    text = '@article{good, title = {Good}}\n@inproceedings{bad,\n  title = "Broken\n'
    text += "@misc{after, title = {After}}\n"
    result = parse(text)
    assert [p.title for p in result.papers] == ["Good", "After"]
    (warning,) = result.warnings
    assert warning.startswith("line 2 (@inproceedings{bad): ")
    assert warning.endswith("; skipped")


def test_a_duplicate_key_keeps_both_entries_and_says_so() -> None:
    result = parse("@misc{k, title = {One}}\n@misc{k, title = {Two}}")
    assert [p.title for p in result.papers] == ["One", "Two"]
    assert result.warnings == ["line 2 (@misc{k): the key is used twice; imported both entries"]


def test_no_entry_with_a_title_is_an_error_mentioning_failures() -> None:
    with pytest.raises(ImportFormatError) as raised:
        parse("@misc{x, title = {unclosed}\n")
    assert raised.value.reason.startswith("no papers recognised; expected BibTeX entries")
    assert "1 could not be read; first: line 1 (@misc{x)" in raised.value.reason


def test_escape_sequences_are_stripped_from_every_field() -> None:
    text = (
        "@misc{k, title = {Evil\x1b]0;x\x07 Title}, author = {Bad\x1b[31m Guy}, annote = {n\x07}}"
    )
    (paper,) = parse(text).papers
    assert (paper.title, paper.authors, paper.note) == ("Evil Title", ["Bad Guy"], "n")


def test_entry_keys_in_warnings_are_made_safe() -> None:
    result = parse("@misc{evil\x1b[2J, author = {A}}\n@misc{ok, title = {T}}")
    assert result.warnings == ["line 1 (@misc{evil): no title; skipped"]


def test_an_overlong_keyword_is_skipped_with_a_warning() -> None:
    result = parse("@misc{k, title = {T}, keywords = {ok, " + "x" * 80 + "}}")
    assert result.papers[0].tags == ["ok"]
    assert result.warnings[0].startswith("entry k: keyword skipped: tag too long")


def test_bibtexparser_logs_nothing_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    parse('@misc{a, title = {A}}\n@misc{b, title = "unclosed\n')
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{The} {\"O}ber {\'e}t\'e", "The Öber été"),
        (r"Schr\"{o}dinger \& Sons: 50\% off", "Schrödinger & Sons: 50% off"),
        (r"\c{c}a \v{s} \ss{} \o{} Caf\'{\i}", "ça š ß ø Café"[:-1] + "í"),
        (r"\emph{Deep} \textbf{Nets} --- a view -- ok", "Deep Nets \u2014 a view \u2013 ok"),
        (r"Cost $O(n^2)$ and \$5", "Cost $O(n^2)$ and $5"),
        (r"Mr.~Smith", "Mr. Smith"),
        ("plain title", "plain title"),
    ],
)
def test_simple_latex_becomes_plain_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text
