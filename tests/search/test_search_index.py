"""SearchIndex: typo-tolerant, ranked, filtered search that stays right through edits."""

from __future__ import annotations

import pytest

from readinglist.errors import QuerySyntaxError
from readinglist.model import Paper, Source, Status
from readinglist.search import Hit, SearchIndex, field_text, parse_query


def make(paper_id: str, title: str, abstract: str = "", **fields: object) -> Paper:
    return Paper(id=paper_id, title=title, abstract=abstract, **fields)  # type: ignore[arg-type]


LIBRARY = [
    make("ddpm", "Denoising Diffusion Probabilistic Models",
         "We present high quality image synthesis results using diffusion probabilistic models.",
         tags=["generative", "vision"], status=Status.READ, rating=5),
    make("attn", "Attention Is All You Need",
         "The dominant sequence transduction models are based on recurrent networks. "
         "We propose the Transformer, based solely on attention.",
         note="The classic transformer paper.", status=Status.TO_READ, rating=4),
    make("survey", "A Survey of Generative Models",
         "This survey covers diffusion, flows and transformers for images.",
         tags=["survey"], rating=2),
    make("robot", "Robot Policies from Video",
         "Learning manipulation policies by watching videos of people.",
         sources=[Source("imports/daily-2024-05.txt", "b7c1", "")], status=Status.READING),
]  # fmt: skip


def search(query: str, papers: list[Paper] = LIBRARY, **options: object) -> list[str]:
    index = SearchIndex(papers)
    return [hit.paper_id for hit in index.search(query, {p.id: p for p in papers}, **options)]  # type: ignore[arg-type]


def hits(query: str, papers: list[Paper] = LIBRARY) -> list[Hit]:
    return SearchIndex(papers).search(query, {p.id: p for p in papers})


def test_typos_are_forgiven() -> None:
    assert search("difusion")[0] == "ddpm"
    assert "attn" in search("transformr")
    assert "attn" in search("trasnformer")  # two letters swapped is one typo


def test_every_word_must_match() -> None:
    assert search("diffusion survey") == ["survey"]
    assert search("diffusion robot") == []


def test_last_word_matches_as_a_prefix_while_typing() -> None:
    assert search("diff") == ["ddpm", "survey"]
    assert search("survey gen") == ["survey"]


def test_only_the_last_word_is_a_prefix() -> None:
    assert search("gen survey") == []


def test_short_words_get_no_typos() -> None:
    assert search("vdeo") == ["robot"]  # 4 letters: one typo
    assert search("vdo") == []  # 3 letters: none ("vdo" would be one typo from "do", "video"...)
    assert search("vid") == ["robot"]  # the last word may be unfinished
    assert search("vid robot") == []  # but not the others


def test_numbers_are_never_typos() -> None:
    papers = [make("a", "Results of 2023"), make("b", "Results of 2024")]
    assert search("2023 results", papers) == ["a"]


def test_title_matches_rank_above_tag_or_note_above_abstract() -> None:
    papers = [
        make("in-abstract", "Zebra", "a paper about transformers"),
        make("in-note", "Yak", note="transformers"),
        make("in-title", "Transformers for everyone"),
    ]
    assert search("transformers", papers) == ["in-title", "in-note", "in-abstract"]


def test_exact_words_rank_above_prefixes_above_typos() -> None:
    papers = [
        make("typo", "Modal logic"),
        make("prefix", "Models everywhere"),
        make("exact", "Model of it"),
    ]
    assert search("model", papers) == ["exact", "prefix", "typo"]


def test_matching_in_more_fields_ranks_higher() -> None:
    papers = [make("one", "Graph networks"), make("two", "Graph networks", "graph theory")]
    assert search("graph", papers) == ["two", "one"]


def test_ties_go_by_title_then_id() -> None:
    papers = [
        make("c", "Beta graphs"),
        make("b", "alpha graphs"),
        make("a", "Beta graphs"),
        make("d", "“Alpha” Graphs!"),  # punctuation and case do not count
    ]
    assert search("graphs", papers) == ["b", "d", "a", "c"]


def test_filters_only_return_every_matching_paper_by_title_with_score_zero() -> None:
    found = hits("rating>=4")
    assert [h.paper_id for h in found] == ["attn", "ddpm"]
    assert {h.score for h in found} == {0.0}
    assert all(dict(h.spans) == {} for h in found)


def test_empty_query_returns_everything_by_title() -> None:
    assert search("") == ["survey", "attn", "ddpm", "robot"]


def test_filters_combine_with_words() -> None:
    assert search("models tag:vision") == ["ddpm"]
    assert search("models -tag:vision") == ["survey", "attn"]
    assert search("status:to-read transformer") == ["attn"]
    assert search("batch:b7c1") == ["robot"]
    assert search("source:daily-2024") == ["robot"]
    assert search("has:note") == ["attn"]


def test_phrases_are_case_insensitive_substrings_of_title_abstract_or_note() -> None:
    assert search('"image synthesis"') == ["ddpm"]
    assert search('"CLASSIC TRANSFORMER"') == ["attn"]
    assert search('"ffusion prob"') == ["ddpm"]  # may start and end inside words
    assert search('"synthesis image"') == []
    assert search('"generative"') == ["survey"]  # tags are not phrase-searched


def test_phrase_spans_line_breaks() -> None:
    papers = [make("a", "T", "diffusion\n  models are great")]
    assert search('"diffusion models"', papers) == ["a"]


def test_excluded_words_and_phrases() -> None:
    assert search("models -diffusion") == ["attn"]
    assert search('models -"image synthesis"') == ["survey", "attn"]
    assert search("-diffusion") == ["attn", "robot"]


def test_limit_keeps_the_best() -> None:
    assert search("models", limit=1) == ["ddpm"]
    assert search("models", limit=0) == []
    assert search("", limit=2) == ["survey", "attn"]


def test_a_string_query_with_bad_syntax_raises() -> None:
    with pytest.raises(QuerySyntaxError):
        search('"open')


def test_papers_missing_from_the_mapping_are_not_found() -> None:
    index = SearchIndex(LIBRARY)
    found = index.search("models", {p.id: p for p in LIBRARY if p.id != "ddpm"})
    assert [h.paper_id for h in found] == ["survey", "attn"]


def test_spans_point_at_matches_in_each_field() -> None:
    best = hits('difusion "image synthesis"')[0]
    assert best.paper_id == "ddpm"
    paper = LIBRARY[0]
    spans = dict(best.spans)
    assert set(spans) == {"title", "abstract"}
    assert [paper.title[s:e] for s, e in spans["title"]] == ["Diffusion"]
    assert [paper.abstract[s:e] for s, e in spans["abstract"]] == ["image synthesis", "diffusion"]


def test_spans_of_a_prefix_cover_the_typed_part_and_tags_use_field_text() -> None:
    papers = [make("a", "Generative art", tags=["generative", "art"])]
    hit = hits("gen", papers)[0]
    assert hit.spans["title"] == [(0, 3)]
    tags = field_text(papers[0], "tags")
    assert [tags[s:e] for s, e in hit.spans["tags"]] == ["gen"]


def test_hits_compare_and_repr_like_plain_dataclasses() -> None:
    found = hits("graph", [make("a", "Graph")])[0]
    assert found == Hit("a", found.score, {"title": [(0, 5)]})
    assert "paper_id='a'" in repr(found)
    assert hash(found) == hash(Hit("a", found.score))


def test_update_reindexes_title_tags_and_note() -> None:
    papers = {p.id: p for p in LIBRARY}
    index = SearchIndex(LIBRARY)
    robot = papers["robot"]
    robot_renamed = make("robot", "Imitation from Video", robot.abstract, tags=["robotics"],
                         note="see also diffusion policy", sources=robot.sources)  # fmt: skip
    papers["robot"] = robot_renamed
    index.update(robot_renamed)
    assert "robot" not in ids(index.search("robot policies", papers))
    assert ids(index.search("imitation", papers)) == ["robot"]
    assert ids(index.search("robotics", papers)) == ["robot"]
    assert "robot" in ids(index.search("diffusion", papers))
    assert ids(index.search("watching", papers)) == ["robot"]  # the abstract is still indexed


def ids(found: list[Hit]) -> list[str]:
    return [hit.paper_id for hit in found]


def test_update_moves_the_paper_in_title_order() -> None:
    papers = {p.id: p for p in LIBRARY}
    index = SearchIndex(LIBRARY)
    papers["robot"] = make("robot", "1st robot", papers["robot"].abstract)
    index.update(papers["robot"])
    assert ids(index.search("", papers)) == ["robot", "survey", "attn", "ddpm"]


def test_update_with_a_changed_abstract_reindexes_it() -> None:
    papers = {p.id: p for p in LIBRARY}
    index = SearchIndex(LIBRARY)
    papers["robot"] = make("robot", "Robot Policies from Video", "all about zebras")
    index.update(papers["robot"])
    assert ids(index.search("zebras", papers)) == ["robot"]
    assert ids(index.search("manipulation", papers)) == []


def test_update_of_an_unknown_paper_adds_it() -> None:
    index = SearchIndex()
    paper = make("new", "Fresh paper")
    index.update(paper)
    assert ids(index.search("fresh", {"new": paper})) == ["new"]


def test_add_and_remove() -> None:
    papers = {p.id: p for p in LIBRARY}
    index = SearchIndex(LIBRARY)
    extra = make("extra", "Diffusion for robots", "policies by denoising")
    papers["extra"] = extra
    index.add(extra)
    assert ids(index.search("difusion", papers)) == ["ddpm", "extra", "survey"]
    assert len(index) == 5 and "extra" in index
    index.remove("ddpm")
    del papers["ddpm"]
    assert ids(index.search("difusion", papers)) == ["extra", "survey"]
    assert ids(index.search("", papers)) == ["survey", "attn", "extra", "robot"]
    index.remove("ddpm")  # unknown ids are ignored
    assert len(index) == 4 and "ddpm" not in index


def test_adding_an_indexed_id_replaces_the_paper() -> None:
    index = SearchIndex([make("a", "Old title", "old words")])
    index.add(make("a", "New title", "new words"))
    papers = {"a": make("a", "New title", "new words")}
    assert ids(index.search("old", papers)) == []
    assert ids(index.search("new", papers)) == ["a"]
    assert len(index) == 1


def test_duplicate_ids_at_build_keep_the_last() -> None:
    index = SearchIndex([make("a", "First"), make("a", "Second")])
    assert len(index) == 1
    assert ids(index.search("second", {"a": make("a", "Second")})) == ["a"]


def test_hostile_text_never_crashes() -> None:
    nasty = [
        "\x1b]52;c;ZWNobyBoaQ==\x07", "a [/] b", "(.*)+$", "\\", "\u202e\u0000", "İstanbul ß ﬁ",
        "😀 emoji", "日本語のテキスト", "x" * 5000, "ǅ", "\u0131",
    ]  # fmt: skip
    papers = [make(f"p{i}", text, text, note=text) for i, text in enumerate(nasty)]
    index = SearchIndex(papers)
    mapping = {p.id: p for p in papers}
    for text in [*nasty, "(", ".*", '"(.*)+"', "[", "\\d", '"\\"', "İ", "ss", "fi"]:
        try:
            found = index.search(text, mapping)
        except QuerySyntaxError:
            continue
        for hit in found:
            dict(hit.spans)


def test_unicode_case_and_accents_do_not_matter_for_words() -> None:
    papers = [make("a", "Über naïve Café"), make("b", "ISTANBUL")]
    assert search("uber naive cafe", papers) == ["a"]
    assert search("istanbul", papers) == ["b"]
    assert search("İstanbul", papers) == ["b"]


def test_filters_use_the_current_paper_not_the_indexed_one() -> None:
    index = SearchIndex(LIBRARY)
    papers = {p.id: p for p in LIBRARY}
    papers["robot"] = make("robot", LIBRARY[3].title, LIBRARY[3].abstract, rating=5)
    assert ids(index.search("rating:5", papers)) == ["ddpm", "robot"]


def test_a_query_object_works_like_its_text() -> None:
    index = SearchIndex(LIBRARY)
    papers = {p.id: p for p in LIBRARY}
    assert index.search(parse_query("models"), papers) == index.search("models", papers)


def test_tag_filters_follow_tag_edits() -> None:
    papers = {
        "a": make("a", "One", tags=["computer-vision"]),
        "b": make("b", "Two", note="computer vision, but not tagged"),
    }
    index = SearchIndex(papers.values())
    assert ids(index.search("tag:computer-vision", papers)) == ["a"]
    papers["b"] = make("b", "Two", tags=["computer-vision"])
    index.update(papers["b"])
    assert ids(index.search("tag:computer-vision", papers)) == ["a", "b"]
    papers["a"] = make("a", "One")
    index.update(papers["a"])
    assert ids(index.search("tag:computer-vision", papers)) == ["b"]


def ranking_ids(query: str, **options: object) -> list[str]:
    papers = {p.id: p for p in LIBRARY}
    return SearchIndex(LIBRARY).rank(query, papers).paper_ids(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query", ["diffusion", "difusion", "trans", "tag:survey", "status:read", ""]
)
def test_a_ranking_lists_what_search_finds_in_the_same_order(query: str) -> None:
    assert ranking_ids(query) == search(query)


def test_a_ranking_lists_its_best_papers_first_up_to_a_limit() -> None:
    assert ranking_ids("models", limit=1) == search("models")[:1]
    assert ranking_ids("models", limit=0) == []


def test_a_ranking_can_be_narrowed_further_by_a_test_on_each_paper() -> None:
    read_only = ranking_ids("models", where=lambda paper: paper.status is Status.READ)
    assert read_only == ["ddpm"]


def test_a_ranking_counts_its_papers_and_says_whether_words_scored_them() -> None:
    index = SearchIndex(LIBRARY)
    papers = {p.id: p for p in LIBRARY}
    words = index.rank("diffusion", papers)
    assert words.scored and words.count == len(words.paper_ids()) == 2
    assert not index.rank("rating>=2", papers).scored
    assert repr(words) == "<Ranking of 2 papers>"  # never every paper


def test_a_ranking_skips_papers_deleted_after_it_was_made() -> None:
    papers = {p.id: p for p in LIBRARY}
    ranking = SearchIndex(LIBRARY).rank("diffusion", papers)
    del papers["ddpm"]
    assert ranking.paper_ids() == ["survey"]
    assert ranking.paper_ids(where=lambda paper: True) == ["survey"]


def test_a_ranking_stops_listing_when_asked() -> None:
    papers = {p.id: p for p in LIBRARY}
    ranking = SearchIndex(LIBRARY).rank("models", papers)
    everything = ranking.paper_ids()
    first_group = ranking.paper_ids(stop=lambda: True)
    assert 0 < len(first_group) < len(everything)
    assert everything[: len(first_group)] == first_group
