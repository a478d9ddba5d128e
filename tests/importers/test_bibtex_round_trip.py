"""Our own BibTeX export reads back exactly through the BibTeX importer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.exporters.bibtex import export_bibtex
from readinglist.exporters.markdown_text import clean_note
from readinglist.importers import parse
from readinglist.model import Paper, normalize_tag
from readinglist.text import one_line

TRICKY = "50% & $x_1$ \\emph{a} {braces} -- dash ~ ^ # @start\n  indented\n\nhard  break"
text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


def exported_then_imported(paper: Paper) -> Paper:
    parsed = parse("x.bib", export_bibtex([paper])).papers
    assert len(parsed) == 1
    p = parsed[0]
    return Paper(id=paper.id, title=p.title, abstract=p.abstract, authors=p.authors,
                 published=p.published, tags=p.tags, note=p.note)  # fmt: skip


def test_latex_looking_text_in_notes_comes_back_as_written() -> None:
    paper = Paper(id="a" * 12, title="Title -- with {braces}", note=TRICKY, authors=3)
    back = exported_then_imported(paper)
    assert back.title == "Title -- with {braces}"
    assert back.note == clean_note(TRICKY)
    assert back.authors == 3


@settings(max_examples=60, deadline=None)
@given(
    title=text.filter(lambda t: one_line(t) != ""),
    note=text,
    names=st.lists(text.filter(lambda t: one_line(t) != ""), max_size=3),
    tags=st.lists(st.sampled_from(["vision", "c++", "r&d", "to-read", "100%"]), max_size=3),
)
def test_title_authors_tags_and_note_round_trip(
    title: str, note: str, names: list[str], tags: list[str]
) -> None:
    paper = Paper(
        id="b" * 12,
        title=one_line(title),
        authors=[one_line(n) for n in names] or None,
        published="2024-09-04",
        tags=sorted({normalize_tag(t) for t in tags}),
        note=note,
    )
    back = exported_then_imported(paper)
    assert back.title == paper.title
    assert back.authors == paper.authors
    assert back.published == "2024-09-04"
    assert back.tags == paper.tags
    assert back.note == clean_note(note)
