"""The library service: edits, ids, queue, undo/redo, and staying in step with other processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.errors import InvalidValueError, NothingToUndoError, PaperNotFoundError
from readinglist.library import Library
from readinglist.model import Status
from tests.conftest import SAMPLE_TITLES, make_paper


def first(library: Library, title_start: str) -> str:
    return next(p.id for p in library.papers.values() if p.title.startswith(title_start))


def test_a_new_library_is_empty_and_its_files_are_private(library_path: Path) -> None:
    library = Library.open(library_path)
    assert len(library) == 0
    assert library_path.stat().st_mode & 0o777 == 0o600
    assert library_path.with_name("library.json.journal").stat().st_mode & 0o777 == 0o600
    assert library_path.parent.stat().st_mode & 0o777 == 0o700


def test_any_unique_id_prefix_finds_the_paper(sample_library: Library) -> None:
    paper_id = first(sample_library, "Attention")
    assert sample_library.get(paper_id[:5]).title == "Attention Is All You Need"
    assert sample_library.get(paper_id.upper()).id == paper_id


def test_unknown_short_or_ambiguous_prefixes_are_clear_errors(sample_library: Library) -> None:
    with pytest.raises(PaperNotFoundError, match="no paper"):
        sample_library.get("ffffffff")
    with pytest.raises(PaperNotFoundError, match="too short"):
        sample_library.get("ab")


def test_short_id_is_at_least_six_characters_and_unique(sample_library: Library) -> None:
    shorts = {sample_library.short_id(pid) for pid in sample_library.papers}
    assert len(shorts) == len(SAMPLE_TITLES)
    assert all(len(s) >= 6 for s in shorts)


def test_edits_are_saved_and_survive_reopening(sample_library: Library, library_path: Path) -> None:
    paper_id = first(sample_library, "Denoising")
    sample_library.rate([paper_id], 4)
    sample_library.tag([paper_id], ["Vision", "to review"])
    sample_library.set_status([paper_id], Status.TO_READ)
    sample_library.set_note(paper_id, "# Thoughts\nGreat *paper*.")
    sample_library.set_title(paper_id, "DDPM")
    reopened = Library.open(library_path)
    paper = reopened.papers[paper_id]
    assert (paper.rating, paper.tags, paper.status) == (4, ["to-review", "vision"], Status.TO_READ)
    assert paper.note == "# Thoughts\nGreat *paper*."
    assert (paper.title, paper.title_derived) == ("DDPM", False)
    assert paper.updated_at > paper.added_at


def test_an_edit_that_changes_nothing_writes_nothing(sample_library: Library) -> None:
    paper_id = first(sample_library, "Denoising")
    assert sample_library.rate([paper_id], 3) is not None
    assert sample_library.rate([paper_id], 3) is None


@pytest.mark.parametrize("bad", [-1, 6, "x", "2.5"])
def test_ratings_outside_zero_to_five_are_refused(sample_library: Library, bad: object) -> None:
    with pytest.raises(InvalidValueError):
        sample_library.rate([first(sample_library, "Denoising")], bad)  # type: ignore[arg-type]


def test_an_empty_title_is_refused(sample_library: Library) -> None:
    with pytest.raises(InvalidValueError):
        sample_library.set_title(first(sample_library, "Denoising"), "  \n ")


def test_queue_keeps_the_order_papers_were_queued_and_can_be_reordered(
    sample_library: Library,
) -> None:
    ids = [first(sample_library, t[:10]) for t in SAMPLE_TITLES]
    for paper_id in ids[:3]:
        sample_library.set_status([paper_id], "to-read")
    assert [p.id for p in sample_library.queue()] == ids[:3]
    sample_library.move_in_queue(ids[2], -2)
    assert [p.id for p in sample_library.queue()] == [ids[2], ids[0], ids[1]]
    sample_library.set_status([ids[0]], Status.READ)
    assert sample_library.papers[ids[0]].queue_position is None
    assert [p.id for p in sample_library.queue()] == [ids[2], ids[1]]


def test_undo_and_redo_walk_back_and_forth(sample_library: Library) -> None:
    paper_id = first(sample_library, "Denoising")
    sample_library.rate([paper_id], 2)
    sample_library.rate([paper_id], 5)
    sample_library.undo()
    assert sample_library.papers[paper_id].rating == 2
    sample_library.undo()
    assert sample_library.papers[paper_id].rating == 0
    sample_library.redo()
    assert sample_library.papers[paper_id].rating == 2


def test_a_new_change_after_undo_clears_redo(sample_library: Library) -> None:
    paper_id = first(sample_library, "Denoising")
    sample_library.rate([paper_id], 2)
    sample_library.undo()
    sample_library.tag([paper_id], ["x"])
    with pytest.raises(NothingToUndoError):
        sample_library.redo()


def test_delete_is_undone_with_every_field(sample_library: Library) -> None:
    paper_id = first(sample_library, "Denoising")
    sample_library.set_note(paper_id, "keep me")
    sample_library.delete([paper_id])
    assert paper_id not in sample_library.papers
    sample_library.undo()
    assert sample_library.papers[paper_id].note == "keep me"


def test_undo_works_across_restarts(sample_library: Library, library_path: Path) -> None:
    paper_id = first(sample_library, "Denoising")
    sample_library.rate([paper_id], 4)
    assert Library.open(library_path).undo().label == "undo rate 4"
    assert Library.open(library_path).papers[paper_id].rating == 0


def test_nothing_to_undo_in_a_new_library(library: Library) -> None:
    with pytest.raises(NothingToUndoError):
        library.undo()


def test_two_instances_see_each_others_edits(sample_library: Library, library_path: Path) -> None:
    other = Library.open(library_path)
    a, b = first(sample_library, "Denoising"), first(sample_library, "Attention")
    sample_library.rate([a], 5)
    other.tag([b], ["nlp"])  # catches up before writing: a's rating is not lost
    assert other.papers[a].rating == 5
    assert sample_library.refresh() == {b}
    assert sample_library.papers[b].tags == ["nlp"]
    assert Library.open(library_path).papers[a].rating == 5


def test_the_later_edit_of_the_same_field_wins(sample_library: Library, library_path: Path) -> None:
    other = Library.open(library_path)
    paper_id = first(sample_library, "Denoising")
    sample_library.set_note(paper_id, "first")
    other.set_note(paper_id, "second")
    sample_library.refresh()
    assert sample_library.papers[paper_id].note == "second"


def test_undo_takes_back_the_latest_change_of_any_process(
    sample_library: Library, library_path: Path
) -> None:
    other = Library.open(library_path)
    paper_id = first(sample_library, "Denoising")
    sample_library.rate([paper_id], 1)
    other.rate([paper_id], 3)
    sample_library.undo()
    assert sample_library.papers[paper_id].rating == 1
    other.refresh()
    assert other.papers[paper_id].rating == 1


def test_history_lists_changes_newest_first_and_per_paper(sample_library: Library) -> None:
    a, b = first(sample_library, "Denoising"), first(sample_library, "Attention")
    sample_library.rate([a], 4)
    sample_library.tag([b], ["nlp"])
    labels = [c.label for c in sample_library.history()]
    assert labels[:2] == ["tag nlp", "rate 4"]
    assert next(c.label for c in sample_library.history(a)) == "rate 4"


def test_checkpoint_folds_the_journal_into_the_snapshot(
    sample_library: Library, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("readinglist.library.CHECKPOINT_BYTES", 1)
    paper_id = first(sample_library, "Denoising")
    sample_library.rate([paper_id], 3)
    assert sample_library.maybe_checkpoint()
    reopened = Library.open(library_path)
    assert reopened.papers[paper_id].rating == 3
    reopened.undo()
    assert reopened.papers[paper_id].rating == 0


def test_list_filters_and_sorts(sample_library: Library) -> None:
    a = first(sample_library, "Denoising")
    sample_library.rate([a], 5)
    sample_library.tag([a], ["vision"])
    assert [p.id for p in sample_library.list(min_rating=4)] == [a]
    assert [p.id for p in sample_library.list(tags=["Vision"])] == [a]
    titles = [p.title for p in sample_library.list(sort="title")]
    assert titles == sorted(SAMPLE_TITLES, key=str.casefold)
    assert len(sample_library.list(limit=2)) == 2


def test_adding_existing_papers_again_changes_nothing(sample_library: Library) -> None:
    assert sample_library.add_papers([make_paper(SAMPLE_TITLES[0], "other abstract")]) is None
    assert len(sample_library) == len(SAMPLE_TITLES)


def test_partial_publication_dates_sort_with_the_year_they_were_added(library: Library) -> None:
    library.add_papers(
        [
            make_paper("Old", published="2023-05-01"),
            make_paper("Partial", published="Oct 2", added_at="2026-11-01T00:00:00Z"),
            make_paper("Newest", published="2026-11-20"),
            make_paper("Undated"),
        ]
    )
    assert [p.title for p in library.list(sort="published")] == [
        "Newest",
        "Partial",
        "Old",
        "Undated",
    ]


def test_edits_made_while_the_search_index_builds_are_found(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.search import SearchIndex

    paper_id = first(sample_library, "Attention")
    build = SearchIndex.__init__

    def build_then_edit(index: SearchIndex, papers: object) -> None:
        build(index, papers)  # type: ignore[arg-type]
        sample_library.set_note(paper_id, "zebra crossing")  # the lock is free meanwhile

    monkeypatch.setattr(SearchIndex, "__init__", build_then_edit)
    assert [h.paper_id for h in sample_library.search("zebra")] == [paper_id]


def test_search_can_return_only_the_best_hits(sample_library: Library) -> None:
    assert len(sample_library.search("a", limit=2)) == 2


def test_an_import_rechecks_papers_another_process_added_since_its_preview(
    library: Library, library_path: Path
) -> None:
    from tests.conftest import SEEDS

    sources = [("page.txt", (SEEDS / "000_f7a2d4bec7574f84.txt").read_bytes())]
    preview = library.preview_import(sources)
    other = Library.open(library_path)
    assert other.commit_import(other.preview_import(sources)).added == 10
    report = library.commit_import(preview)
    assert (report.added, report.known) == (0, 10)
    assert len(library) == 10


def test_papers_queued_by_two_processes_get_distinct_places(
    sample_library: Library, library_path: Path
) -> None:
    other = Library.open(library_path)
    a, b = first(sample_library, "Denoising"), first(sample_library, "Attention")
    other.set_status([a], Status.TO_READ)
    sample_library.set_status([b], Status.TO_READ)  # has not seen the other's change yet
    assert [p.id for p in sample_library.queue()] == [a, b]
    assert sample_library.papers[a].queue_position != sample_library.papers[b].queue_position


def test_papers_whose_titles_normalise_alike_are_both_imported(library: Library) -> None:
    bibtex = (
        b"@article{a, title={???}, abstract={First short abstract about cats.}}\n"
        b"@article{b, title={!!!}, abstract={Second short note on dogs and birds.}}\n"
    )
    report = library.commit_import(library.preview_import([("odd.bib", bibtex)]))
    assert report.added == 2
    assert sorted(p.title for p in library.papers.values()) == ["!!!", "???"]
    again = library.commit_import(library.preview_import([("odd.bib", bibtex)]))
    assert len(library) == 2 and again.added == 0
