"""`Abstract:` lines: one paper per line, wrapped lines joined, titles derived and unique."""

from __future__ import annotations

import pytest

from readinglist.errors import ImportFormatError
from readinglist.importers import abstract_lines


def parse(text: str) -> abstract_lines.ParseResult:
    return abstract_lines.parse("a.txt", text)


def test_each_abstract_line_is_a_paper_with_a_derived_title() -> None:
    result = parse("Abstract:We propose FooNet, a net.\nAbstract:We propose BarNet, a bar.\n")
    assert [(p.title, p.abstract, p.title_derived, p.line) for p in result.papers] == [
        ("FooNet: a net", "We propose FooNet, a net.", True, 1),
        ("BarNet: a bar", "We propose BarNet, a bar.", True, 2),
    ]
    assert result.format == "abstracts"


@pytest.mark.parametrize(
    "line", ["Abstract: Text here.", "   Abstract:Text here.", "\tabstract :  Text here."]
)
def test_spacing_around_the_marker_is_tolerated(line: str) -> None:
    (paper,) = parse(line).papers
    assert paper.abstract == "Text here."


def test_wrapped_lines_belong_to_the_abstract_above() -> None:
    text = (
        "Abstract:We propose FooNet,\n  a network for\nfish.\n\nSecond paragraph.\nAbstract:Next."
    )
    papers = parse(text).papers
    assert papers[0].abstract == "We propose FooNet, a network for fish.\n\nSecond paragraph."
    assert papers[0].title == "FooNet: a network for fish"
    assert (papers[1].abstract, papers[1].line) == ("Next.", 6)


def test_same_derived_title_is_disambiguated() -> None:
    text = "Abstract:Cats purr. We propose CatNet, a net for cats.\n" * 3
    titles = [p.title for p in parse(text).papers]
    assert titles == ["CatNet: a net for cats", "Cats purr", "CatNet: a net for cats (2)"]


def test_text_before_the_first_abstract_is_reported() -> None:
    result = parse("My reading list\nfrom March\nAbstract:We study cats.")
    assert len(result.papers) == 1
    assert result.warnings == ["line 1: ignored 2 line(s) before the first `Abstract:` line"]


def test_an_empty_abstract_is_skipped_with_a_warning() -> None:
    result = parse("Abstract:\nAbstract: We study cats.")
    assert [p.line for p in result.papers] == [2]
    assert result.warnings == ["line 1: empty abstract; skipped"]


def test_no_abstract_lines_is_an_error() -> None:
    with pytest.raises(ImportFormatError, match="expected lines starting with `Abstract:`"):
        parse("nothing here\n")


def test_escape_sequences_are_stripped() -> None:
    (paper,) = parse("Abstract:We propose \x1b[31mRedNet\x1b[0m, a net.\x07").papers
    assert paper.abstract == "We propose RedNet, a net."
    assert paper.title == "RedNet: a net"


def test_a_one_megabyte_line_is_one_paper_with_a_short_title() -> None:
    (paper,) = parse("Abstract:" + "word " * 200_000).papers
    assert len(paper.abstract) == 999_999
    assert len(paper.title) <= 100
