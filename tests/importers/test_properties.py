"""Properties: nothing but ImportFormatError escapes, and rendered papers parse back unchanged."""

from __future__ import annotations

import codecs
import itertools
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from readinglist.errors import ImportFormatError
from readinglist.importers import FORMATS, parse, parse_source
from readinglist.model import normalize_title

# No deadline: timing depends on the machine, and speed is measured in benchmarks/.
settings.register_profile("importers", deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROPERTY = settings(settings.get_profile("importers"), max_examples=100)
ROUND_TRIP = settings(settings.get_profile("importers"), max_examples=50)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CHROME = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "byAK and the research community\n\nDec 12\n\n"
)

# --- nothing but ImportFormatError ---------------------------------------------------------------

format_prefixes = st.sampled_from(
    [b"", b"Abstract:", b"@article{k,\n title = {", b'{"format": "readinglist", "version": 1, ',
     b"[{", CHROME.encode(), b"\xef\xbb\xbf", b"\xff\xfe", b"  \xe2\x80\xa2 3 authors\n\xc2\xb7\n"]
)  # fmt: skip
hostile_bytes = st.builds(lambda a, b: a + b, format_prefixes, st.binary(max_size=600))
hostile_text = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from('\n\r\t{}@[]"\\:•·\x1b\x9b'),
    max_size=600,
)


@PROPERTY
@given(data=hostile_bytes, fmt=st.sampled_from((None, *FORMATS)))
def test_arbitrary_bytes_raise_nothing_but_import_format_errors(
    data: bytes, fmt: str | None
) -> None:
    try:
        result = parse_source("fuzz", data, fmt)
    except ImportFormatError:
        return
    assert result.papers
    assert all(p.title and "\x1b" not in p.title and "\n" not in p.title for p in result.papers)


@PROPERTY
@given(text=hostile_text, fmt=st.sampled_from((None, *FORMATS)))
def test_arbitrary_text_raises_nothing_but_import_format_errors(text: str, fmt: str | None) -> None:
    try:
        result = parse("fuzz", text, fmt)
    except ImportFormatError:
        return
    for paper in result.papers:
        assert paper.title and "\x1b" not in paper.title + paper.abstract + paper.note


# --- papers rendered into a format come back unchanged ------------------------------------------

# Words come from a fixed vocabulary: drawing long random strings would make these tests slow.
VOCABULARY = (
    "a", "of", "the", "for", "with", "model", "models", "learning", "language", "vision", "data",
    "training", "we", "propose", "present", "network", "transformer", "scaling", "sparse",
    "efficient", "robust", "graph", "diffusion", "agents", "reasoning", "benchmark", "large",
    "small", "fast", "deep", "self-supervised", "multi-modal", "zero-shot", "3D", "GPT-4", "LLMs",
    "in", "on", "to", "via", "and",
)  # fmt: skip
title_words = st.sampled_from(VOCABULARY) | st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8
)
titles = st.lists(title_words, min_size=1, max_size=14).map(
    lambda words: " ".join(w[:1].upper() + w[1:] for w in words)
)
sentences = st.lists(st.sampled_from(VOCABULARY), min_size=6, max_size=18).map(
    lambda words: " ".join(words).capitalize() + "."
)
abstracts = st.lists(sentences, min_size=3, max_size=6).map(" ".join)


@dataclass(frozen=True)
class Rendered:
    title: str | None
    abstract: str
    authors: int | None
    month: str | None
    day: int | None
    year: int | None
    upvotes: int | None

    @property
    def has_metadata(self) -> bool:
        return self.authors is not None or self.month is not None

    @property
    def published(self) -> str | None:
        if self.month is None:
            return None
        if self.year is None:
            return f"{self.month} {self.day}"
        return f"{self.year:04d}-{MONTHS.index(self.month) + 1:02d}-{self.day:02d}"

    def daily_papers_block(self) -> str:
        parts = [p for p in (self.title, self.abstract) if p]
        metadata = []
        if self.authors is not None:
            metadata += [f"  • {self.authors} authors", "·"]
        if self.month is not None:
            year = f", {self.year}" if self.year is not None else ""
            upvotes = f" {self.upvotes}" if self.upvotes is not None else ""
            metadata.append(f"{self.month} {self.day}{year}{upvotes}")
        if metadata:
            parts.append("\n".join(metadata))
        return "\n\n".join(parts)


@st.composite
def rendered_papers(draw: st.DrawFn) -> Rendered:
    title = draw(st.none() | titles)
    abstract = draw(abstracts) if title is None else draw(st.just("") | abstracts)
    dated = draw(st.booleans())
    return Rendered(
        title=title,
        abstract=abstract,
        authors=draw(st.none() | st.integers(1, 500)),
        month=draw(st.sampled_from(MONTHS)) if dated else None,
        day=draw(st.integers(1, 28)),
        year=draw(st.none() | st.integers(1990, 2030)) if dated else None,
        upvotes=draw(st.none() | st.integers(0, 99_999)) if dated else None,
    )


def unambiguous(papers: list[Rendered]) -> bool:
    """A title-only paper without metadata would swallow a following untitled abstract."""
    for before, after in itertools.pairwise(papers):
        if before.title and not before.abstract and not before.has_metadata and not after.title:
            return False
    return True


@ROUND_TRIP
@given(papers=st.lists(rendered_papers(), min_size=1, max_size=6), chrome=st.booleans())
def test_papers_rendered_as_a_daily_papers_page_parse_back(
    papers: list[Rendered], chrome: bool
) -> None:
    assume(unambiguous(papers))
    text = (CHROME if chrome else "") + "\n\n".join(p.daily_papers_block() for p in papers) + "\n"
    result = parse("page.txt", text, "daily-papers")
    assert [
        (None if p.title_derived else p.title, p.abstract, p.authors, p.published, p.upvotes)
        for p in result.papers
    ] == [(p.title, p.abstract, p.authors, p.published, p.upvotes) for p in papers]
    others = [normalize_title(p.title) for p in result.papers if not p.title_derived]
    derived = [normalize_title(p.title) for p in result.papers if p.title_derived]
    assert len(set(derived)) == len(derived) and not set(derived) & set(others)


single_line_words = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs", "Cf", "Co", "Cn", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)
single_line_abstracts = st.lists(single_line_words, min_size=1, max_size=40).map(" ".join)


@ROUND_TRIP
@given(texts=st.lists(single_line_abstracts, min_size=1, max_size=8))
def test_abstracts_rendered_as_abstract_lines_parse_back(texts: list[str]) -> None:
    result = parse("a.txt", "".join(f"Abstract:{t}\n" for t in texts))
    assert result.format == "abstracts"
    assert [p.abstract for p in result.papers] == texts
    titles = [p.title for p in result.papers]
    assert all(p.title_derived and 0 < len(p.title) <= 100 for p in result.papers)
    assert len(set(titles)) == len(titles)


@ROUND_TRIP
@given(papers=st.lists(rendered_papers(), min_size=1, max_size=5))
def test_bom_and_crlf_give_the_same_papers(papers: list[Rendered]) -> None:
    assume(unambiguous(papers))
    text = CHROME + "\n\n".join(p.daily_papers_block() for p in papers) + "\n"
    plain = parse_source("p.txt", text.encode())
    assert parse_source("p.txt", codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode()) == plain
    assert parse_source("p.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == plain


# --- fixed hostile inputs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (bytes(range(256)) * 4, "looks like a binary file"),
        (b"Abstract: caf\xe9 au lait\n", "not valid UTF-8"),
        (b"Abstract: a\x00b\n", "looks like a binary file"),
        (b" \r\n\t \n", "file is empty"),
        (b"x" * 1_000_000, "no papers recognised"),
    ],
    ids=["binary", "invalid-utf8", "nul", "whitespace", "1mb-line-of-nothing"],
)
def test_hostile_files_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFormatError, match=reason):
        parse_source("hostile", data)


def test_utf16_with_bom_imports() -> None:
    data = codecs.BOM_UTF16_LE + "Abstract: We propose FooNet, a net.\r\n".encode("utf-16-le")
    (paper,) = parse_source("u16.txt", data).papers
    assert paper.title == "FooNet: a net"


def test_osc_and_csi_sequences_never_survive_in_titles() -> None:
    text = (
        "Daily Papers\n\n\x1b]0;title\x07Re\x1b[31mal \x1b]52;c;ZWNobyBwd24=\x1b\\Title\x1b[0m\n\n"
        "We study things. They work. We show it here.\n"
    )
    (paper,) = parse_source("osc.txt", text.encode()).papers
    assert paper.title == "Real Title"
