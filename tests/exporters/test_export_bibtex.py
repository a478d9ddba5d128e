"""The BibTeX export: valid for bibtexparser v2, stable keys, fields that round-trip."""

from __future__ import annotations

import pytest
from bibtexparser.entrypoint import parse_string
from hypothesis import given
from hypothesis import strategies as st

from readinglist.bibtex_text import author_names, escape_bibtex, unescape_bibtex
from readinglist.exporters.bibtex import citation_keys, export_bibtex
from readinglist.exporters.markdown_text import clean_note
from readinglist.model import Paper
from readinglist.text import one_line, strip_unsafe
from tests.exporters.export_checks import HOSTILE, hostile_text, make_paper, numbered_papers


def parsed_entries(bibtex: str) -> list[dict[str, str]]:
    library = parse_string(bibtex)
    assert library.failed_blocks == []
    return [
        {"ENTRYTYPE": e.entry_type, "ID": e.key, **{f.key: f.value for f in e.fields}}
        for e in library.entries
    ]


def test_a_paper_becomes_a_misc_entry_with_its_fields() -> None:
    paper = make_paper(note="Read **twice**.")
    (entry,) = parsed_entries(export_bibtex([paper]))
    assert entry == {
        "ENTRYTYPE": "misc",
        "ID": "vaswani2017a1b2",
        "title": "Attention Is All You Need",
        "author": "Ashish Vaswani and Noam Shazeer",
        "year": "2017",
        "month": "6",
        "day": "12",
        "abstract": "We propose the Transformer.",
        "keywords": "nlp, transformers",
        "annote": "Read **twice**.",
        "readinglist-id": "a1b2c3d4e5f6",
    }


def test_only_an_author_count_leaves_out_the_author_field() -> None:
    (entry,) = parsed_entries(export_bibtex([make_paper(authors=12)]))
    assert "author" not in entry


def test_empty_fields_are_left_out() -> None:
    paper = make_paper(abstract="", tags=[], note="", published=None, authors=None)
    (entry,) = parsed_entries(export_bibtex([paper]))
    assert set(entry) == {"ENTRYTYPE", "ID", "title", "readinglist-id"}


def test_key_uses_first_title_word_without_authors_and_no_year_without_date() -> None:
    paper = make_paper(authors=None, published=None, title="The Élan of Models")
    assert citation_keys([paper]) == {paper.id: "elana1b2"}


def test_key_understands_surname_first_names() -> None:
    paper = make_paper(authors=["Müller, Anna"])
    assert citation_keys([paper])[paper.id] == "muller2017a1b2"


def test_keys_are_stable_and_unique_when_short_ids_clash() -> None:
    first = make_paper(id="a1b2c3000000")
    second = make_paper(id="a1b2c3ffffff")
    other = make_paper(id="ffff00000000", authors=["Someone Else"])
    keys = citation_keys([first, second, other])
    assert keys == {
        first.id: "vaswani2017a1b2c30",
        second.id: "vaswani2017a1b2c3f",
        other.id: "else2017ffff",
    }
    assert citation_keys([second, other, first]) == keys


def test_a_name_containing_and_or_a_comma_is_protected() -> None:
    paper = make_paper(authors=["Smith and Sons", "Doe, Jr.", "Ann Lee"])
    (entry,) = parsed_entries(export_bibtex([paper]))
    assert entry["author"] == "{Smith and Sons} and {Doe, Jr.} and Ann Lee"
    assert author_names(entry["author"]) == ["Smith and Sons", "Doe, Jr.", "Ann Lee"]


def test_specials_are_escaped_for_tex() -> None:
    assert escape_bibtex("100% & #1 $x$ a_b {c} ~ ^ \\") == (
        r"100\% \& \#1 \$x\$ a\_b \{c\} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


def test_an_at_sign_starting_a_line_cannot_start_a_new_entry() -> None:
    note = "first\n@misc{evil,\n  title = {x}}\n  @article(y\n\u3000@book(z"
    (entry,) = parsed_entries(export_bibtex([make_paper(note=note)]))
    assert unescape_bibtex(entry["annote"]) == note


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_through_escaping(text: str) -> None:
    paper = make_paper(title=text, abstract=text, note=text, authors=[text, "B"])
    (entry,) = parsed_entries(export_bibtex([paper]))
    for field, (got, expected) in round_tripped(paper, entry).items():
        assert got == expected, field


def round_tripped(paper: Paper, entry: dict[str, str]) -> dict[str, tuple[object, object]]:
    """What the BibTeX importer reads back, next to what it should equal."""
    return {
        "title": (unescape_bibtex(entry["title"]), one_line(paper.title)),
        "abstract": (
            unescape_bibtex(entry.get("abstract", "")),
            strip_unsafe(paper.abstract) if paper.abstract.strip() else "",
        ),
        "note": (unescape_bibtex(entry.get("annote", "")), clean_note(paper.note)),
        "tags": (
            [t for t in unescape_bibtex(entry.get("keywords", "")).split(", ") if t],
            paper.tags,
        ),
        "authors": (
            author_names(entry.get("author", "")),
            [one_line(n) for n in paper.authors or [] if one_line(n)]
            if isinstance(paper.authors, list)
            else [],
        ),
        "id": (unescape_bibtex(entry["readinglist-id"]), paper.id),
    }


tag = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_#%&{}\\$~^@+.", min_size=1, max_size=12)
dates = st.one_of(st.none(), st.sampled_from(["2017", "2017-06", "2017-06-12", "junk"]))


@given(
    titles=st.lists(hostile_text, min_size=1, max_size=3),
    abstract=hostile_text,
    note=hostile_text,
    authors=st.one_of(st.none(), st.integers(0, 99), st.lists(hostile_text, max_size=3)),
    tags=st.lists(tag, max_size=3, unique=True).map(sorted),
    published=dates,
)
def test_hostile_papers_parse_as_valid_bibtex_and_round_trip(
    titles: list[str],
    abstract: str,
    note: str,
    authors: list[str] | int | None,
    tags: list[str],
    published: str | None,
) -> None:
    papers = numbered_papers(
        titles, abstract=abstract, note=note, authors=authors, tags=tags, published=published
    )
    entries = parsed_entries(export_bibtex(papers))
    assert [e["ID"] for e in entries] == list(citation_keys(papers).values())
    assert len({e["ID"] for e in entries}) == len(papers)
    for paper, entry in zip(papers, entries, strict=True):
        for field, (got, expected) in round_tripped(paper, entry).items():
            assert got == expected, field
