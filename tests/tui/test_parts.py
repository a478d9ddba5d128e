"""The TUI's pure parts: rendering helpers, completion, settings, Markdown highlighting, charts."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from rich.cells import cell_len
from textual.content import Content

from readinglist.model import Status
from readinglist.tui import render
from readinglist.tui.completion import (
    complete_last_token,
    last_token,
    split_tags,
    suggest_path,
    suggest_tags,
)
from readinglist.tui.screens.dialogs import parse_tag_edit
from readinglist.tui.settings import QuickFilter, Settings, TriageState
from readinglist.tui.widgets.charts import horizontal_bars, stacked_bar, week_columns
from readinglist.tui.widgets.markdown_area import markdown_highlights
from tests.tui.conftest import fixed_paper


def test_stars_show_the_rating_out_of_five() -> None:
    assert render.stars(3).plain == "★★★☆☆"
    assert render.stars(0).plain == "·····"


def test_a_row_fills_exactly_the_width_it_is_given() -> None:
    paper = fixed_paper(1, "A title that is much longer than the column it has to fit in", "x")
    for width in (60, 80, 120, 200):
        columns = render.Columns.fit(width)
        assert sum(cell_len(text) for text, _ in render.paper_row(paper, columns)) == width


def test_a_row_marks_where_the_search_matches_its_title() -> None:
    paper = fixed_paper(1, "Denoising Diffusion Models", "x")
    parts = render.paper_row(paper, render.Columns.fit(80), find_spans=lambda text: [(10, 19)])
    assert [text for text, styles in parts if render.MATCH_STYLE in styles] == ["Diffusion"]


def test_wide_lists_show_tags_and_narrow_ones_do_not() -> None:
    assert render.Columns.fit(80).tags == 0
    assert render.Columns.fit(140).tags > 0


def test_a_click_on_a_header_cell_names_its_sort() -> None:
    columns = render.Columns.fit(80)
    assert render.header_column_at(columns, 3) == "title"
    assert render.header_column_at(columns, 80 - 3) == "published"
    assert render.header_column_at(columns, 0) is None


def test_the_status_line_counts_papers_and_names_the_filter() -> None:
    counts = {Status.NEW: 57, Status.TO_READ: 12, Status.READ: 133}
    line = render.status_line(counts, "tag:ml", shown=35, marked=2, searching=False).plain
    assert line.startswith("202 papers · 57 new · 12 to read")
    assert "filter tag:ml (35 shown)" in line and "2 marked" in line


def test_highlighting_never_reaches_past_the_text() -> None:
    content = render.highlighted("short", [(2, 99), (7, 9), (3, 1)])
    assert content.plain == "short"


def test_tag_suggestions_put_prefixes_first_then_fuzzy_matches() -> None:
    counts = Counter({"vision": 5, "video": 9, "nlp": 4, "visual-qa": 1})
    assert suggest_tags("vi", counts)[:3] == ["video", "vision", "visual-qa"]
    assert suggest_tags("visoin", counts)[0] == "vision"
    assert "video" not in suggest_tags("vi", counts, exclude=["video"])
    assert suggest_tags("", counts)[0] == "video"  # the most used first


def test_completing_replaces_only_the_tag_being_typed() -> None:
    assert split_tags("a, b  c") == ["a", "b", "c"]
    assert last_token("ml vis") == "vis" and last_token("ml ") == ""
    assert complete_last_token("ml vis", "vision") == "ml vision "
    assert complete_last_token("ml -vis", "vision") == "ml -vision "


def test_path_completion_extends_to_the_only_match(tmp_path: Path) -> None:
    (tmp_path / "papers-2026.txt").write_text("x")
    (tmp_path / "notes").mkdir()
    assert suggest_path(str(tmp_path / "pap")) == str(tmp_path / "papers-2026.txt")
    assert suggest_path(str(tmp_path / "no")) == str(tmp_path / "notes") + "/"
    assert suggest_path(str(tmp_path / "zzz")) is None


def test_one_paper_gets_exactly_the_typed_tags_and_many_get_added_or_removed() -> None:
    one = [fixed_paper(1, "One", "x")]
    assert parse_tag_edit("b a", one).set_to == ["b", "a"]
    many = [fixed_paper(1, "One", "x"), fixed_paper(2, "Two", "y")]
    edit = parse_tag_edit("new -old", many)
    assert edit.set_to is None and edit.add == ["new"] and edit.remove == ["old"]


def test_settings_round_trip_and_a_damaged_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings(
        theme="textual-light",
        quick_filter=QuickFilter(status="to-read", min_rating=4),
        triage=TriageState("New papers", ["a", "b"], index=1, decisions={"a": "skipped"}),
    )
    settings.save(path)
    assert Settings.load(path) == settings
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary files
    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path) == Settings()
    path.write_text('{"quick_filter": 3}', encoding="utf-8")
    assert Settings.load(path) == Settings()


def test_quick_filter_reads_as_a_query() -> None:
    assert QuickFilter("new", "ml", 4).as_query() == "status:new tag:ml rating>=4"
    assert QuickFilter().as_query() == ""


def test_markdown_highlights_headings_emphasis_code_and_links() -> None:
    lines = ["# Title", "some **bold** and `code`", "[link](https://x.org)", "```", "# not", "```"]
    found = markdown_highlights(lines)
    assert found[0][0][2] == "heading"
    assert {name for *_, name in found[1]} == {"bold", "inline_code"}
    assert {name for *_, name in found[2]} == {"link.label", "link.uri"}
    assert all(name == "inline_code" for *_, name in found[4])  # inside a fence


def test_markdown_highlight_ranges_are_utf8_byte_offsets() -> None:
    found = markdown_highlights(["é **b**"])
    start, end, _name = found[0][0]
    assert (start, end) == (3, 8)


def test_charts_draw_to_the_width_they_are_given() -> None:
    weeks = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    series = [("added", [1, 5, 2], "red"), ("read", [0, 1, 3], "green")]
    chart = week_columns(weeks, series, height=4, width=40)
    assert len(chart.plain.splitlines()) == 4 + 2  # bars, week labels, legend
    assert "11/2" in chart.plain and "8 added" in chart.plain
    bar = stacked_bar([("new", 3, "red"), ("read", 1, "green")], 20)
    assert bar.plain.splitlines()[0] == "█" * 20
    rows = [(Content("#ml"), 4), (Content("#vision"), 2)]
    assert all(len(line) <= 30 for line in horizontal_bars(rows, 30, "red").plain.splitlines())
