"""Daily Papers page dumps: chrome skipped, title/abstract/metadata blocks, any of them missing."""

from __future__ import annotations

import pytest

from readinglist.errors import ImportFormatError
from readinglist.importers import daily_papers
from readinglist.importers.daily_papers import is_title_shaped

CHROME = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "by AK and the research community\n\nDec 12\n\n"
)
ABSTRACT = (
    "We present a method for things. It works well on many benchmarks. "
    "We release the code and the data for everyone to use."
)
OTHER_ABSTRACT = (
    "Large models are costly. We propose CheapNet, a small network for cheap inference. "
    "It matches large models on most tasks."
)


def parse(text: str) -> list[daily_papers.ParsedPaper]:
    return daily_papers.parse("page.txt", text).papers


def test_chrome_is_skipped_and_blocks_become_papers() -> None:
    text = CHROME + "First Paper Title\n\n" + ABSTRACT + "\n\n  • 3 authors\n·\nSep 4, 2024\n"
    (paper,) = parse(text)
    assert paper.title == "First Paper Title"
    assert paper.abstract == ABSTRACT
    assert (paper.authors, paper.published, paper.upvotes) == (3, "2024-09-04", None)
    assert (paper.line, paper.title_derived) == (13, False)


@pytest.mark.parametrize(
    ("date_line", "published", "upvotes"),
    [
        ("Sep 4, 2024", "2024-09-04", None),
        ("Oct 2", "Oct 2", None),
        ("Sep 27, 2024 3", "2024-09-27", 3),
        ("Sep 8 8", "Sep 8", 8),
        ("Feb 30, 2024", "Feb 30, 2024", None),
        ("September 14, 2023 120", "2023-09-14", 120),
    ],
)
def test_date_lines_give_published_and_upvotes(
    date_line: str, published: str, upvotes: int | None
) -> None:
    (paper,) = parse(f"A Title\n\n{ABSTRACT}\n\n  • 1 author\n·\n{date_line}\n")
    assert (paper.published, paper.upvotes) == (published, upvotes)


def test_both_byline_spellings_are_chrome() -> None:
    for byline in ("byAK and the research community", "by AK and the research community"):
        papers = parse(f"Daily Papers\n\n{byline}\n\nA Title\n\n{ABSTRACT}\n")
        assert [p.title for p in papers] == ["A Title"]


def test_a_paper_without_metadata_is_followed_by_the_next_title() -> None:
    papers = parse(f"One\n\n{ABSTRACT}\n\nTwo\n\n{OTHER_ABSTRACT}\n\n  • 2 authors\n·\nMar 6\n")
    assert [(p.title, p.authors, p.published) for p in papers] == [
        ("One", None, None),
        ("Two", 2, "Mar 6"),
    ]
    assert [p.line for p in papers] == [1, 5]


def test_a_paper_without_abstract_keeps_its_title_and_metadata() -> None:
    papers = parse(f"Lonely Title\n\n  • 4 authors\n·\nOct 9, 2023\n\nNext Title\n\n{ABSTRACT}\n")
    assert [(p.title, p.abstract, p.authors) for p in papers] == [
        ("Lonely Title", "", 4),
        ("Next Title", ABSTRACT, None),
    ]


def test_two_titles_in_a_row_make_a_title_only_paper() -> None:
    papers = parse(f"Only A Title\n\nReal Title\n\n{ABSTRACT}\n")
    assert [(p.title, bool(p.abstract)) for p in papers] == [
        ("Only A Title", False),
        ("Real Title", True),
    ]


def test_an_abstract_without_a_title_gets_a_derived_one() -> None:
    papers = parse(f"A Title\n\n{ABSTRACT}\n\n  • 2 authors\n·\nMar 6\n\n{OTHER_ABSTRACT}\n")
    assert [(p.title, p.title_derived) for p in papers] == [
        ("A Title", False),
        ("CheapNet: a small network for cheap inference", True),
    ]
    assert papers[1].abstract == OTHER_ABSTRACT and papers[1].line == 9


def test_consecutive_abstracts_are_separate_papers() -> None:
    papers = parse(f"A Title\n\n{ABSTRACT}\n\n{OTHER_ABSTRACT}\n")
    assert [p.abstract for p in papers] == [ABSTRACT, OTHER_ABSTRACT]
    assert papers[1].title_derived


def test_derived_titles_never_repeat_a_title_in_the_file() -> None:
    text = f"CheapNet: a small network for cheap inference\n\n{ABSTRACT}\n\n"
    text += f"  • 1 author\n·\nMar 6\n\n{OTHER_ABSTRACT}\n\n  • 1 author\n·\nMar 7\n\n"
    text += f"{OTHER_ABSTRACT}\n"
    titles = [p.title for p in parse(text)]
    assert len(set(titles)) == 3
    assert titles[0] == "CheapNet: a small network for cheap inference"


def test_a_wrapped_abstract_is_joined_into_one_paragraph() -> None:
    wrapped = "We present a method for things.\nIt works well on many benchmarks.\n"
    wrapped += "We release the code and the data for everyone to use."
    (paper,) = parse(f"A Title\n\n{wrapped}\n")
    assert paper.abstract == ABSTRACT


def test_a_title_directly_above_its_abstract_is_still_split() -> None:
    (paper,) = parse(f"A Proper Title Here\n{ABSTRACT}\n")
    assert (paper.title, paper.abstract) == ("A Proper Title Here", ABSTRACT)


def test_metadata_lines_right_under_the_abstract_still_count() -> None:
    (paper,) = parse(f"A Title\n\n{ABSTRACT}\n  • 7 authors\n·\nJul 31 2\n")
    assert (paper.abstract, paper.authors, paper.published, paper.upvotes) == (
        ABSTRACT,
        7,
        "Jul 31",
        2,
    )


def test_the_page_date_before_any_paper_is_not_a_paper_date() -> None:
    (paper,) = parse(f"Dec 12\n\nA Title\n\n{ABSTRACT}\n")
    assert paper.published is None


def test_an_author_count_without_a_paper_is_a_warning() -> None:
    result = daily_papers.parse("p.txt", f"  • 3 authors\n\nA Title\n\n{ABSTRACT}\n")
    assert [p.title for p in result.papers] == ["A Title"]
    assert result.warnings == ["line 1: author count without a paper; ignored"]


@pytest.mark.parametrize(
    "title",
    [
        "Do LLMs Really Adapt to Domains? An Ontology Learning Perspective",
        "Skill-it! A Data-Driven Skills Framework for Understanding and Training Language Models",
        "Language Models (Mostly) Know What They Know",
        "ARMOR v0.1: Empowering Autoregressive Multimodal Understanding",
        "Alignment faking in large language models",
        "Generative Discovery of Novel Chemical Designs using Diffusion Modeling and Transformer "
        "Deep Neural Networks with Application to Deep Eutectic Solvents",
    ],
)
def test_title_shapes(title: str) -> None:
    assert is_title_shaped(title)


@pytest.mark.parametrize(
    "text",
    [
        ABSTRACT,
        "We study things in this paper and show many results about them across several settings",
        "x " * 200,
        "Short one. Two sentences. Three of them.",
    ],
)
def test_prose_shapes(text: str) -> None:
    assert not is_title_shaped(text)


def test_escape_sequences_are_stripped_from_titles_and_abstracts() -> None:
    text = f"Evil \x1b]52;c;cm0gLXJm\x07Title\x1b[2J\n\n{ABSTRACT}\x1b[31m red\x9b1m\n"
    (paper,) = parse(text)
    assert paper.title == "Evil Title"
    assert paper.abstract == ABSTRACT + " red"


def test_text_without_any_paper_is_an_error() -> None:
    with pytest.raises(ImportFormatError, match="no papers recognised; expected a Daily Papers"):
        daily_papers.parse("p.txt", CHROME)


def test_looks_like_needs_chrome_metadata_or_a_title_with_its_abstract() -> None:
    assert daily_papers.looks_like(CHROME)
    assert daily_papers.looks_like("  • 3 authors\n")
    assert daily_papers.looks_like(f"A Title\n\n{ABSTRACT}\n")
    assert not daily_papers.looks_like(f"{ABSTRACT}\n\n{OTHER_ABSTRACT}\n")
    assert not daily_papers.looks_like("Just A Title\n\nAnother Title\n")
