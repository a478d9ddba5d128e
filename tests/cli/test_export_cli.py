"""`readinglist export` of documents: Markdown, JSON and BibTeX, filters, files and --force."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string
from markdown_it import MarkdownIt

from readinglist.bibtex_text import unescape_bibtex
from tests.cli.conftest import NOTE, TITLES, Cli, list_json
from tests.conftest import SEEDS

SUMMARY = re.compile(r"^(\d+) papers? · filter: (.*) · exported \d{4}-\d\d-\d\d \d\d:\d\d UTC$")
PARSER = MarkdownIt("commonmark")


def headings(markdown: str, level: int) -> list[str]:
    tokens = PARSER.parse(markdown)
    return [
        tokens[i + 1].content
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == f"h{level}"
    ]


def summary(markdown: str) -> tuple[int, str]:
    """(papers, filter) from the line under the title, as a reader sees it rendered."""
    inline = PARSER.parse(markdown)[4]  # h1 open, inline, close; then the paragraph
    seen = "".join(child.content for child in inline.children or [])
    match = SUMMARY.match(seen)
    assert match, seen
    return int(match[1]), match[2]


def test_markdown_goes_to_standard_output_with_a_summary_line(
    cli: Cli, papers: dict[str, str]
) -> None:
    result = cli("export", "--sort", "title")
    assert result.code == 0, result.err
    assert result.out.startswith("# Reading list\n")
    assert summary(result.out) == (4, "none")
    assert headings(result.out, 2) == sorted(TITLES.values())
    assert headings(result.out, 3) == ["Key idea"]  # the note's heading, nested under the paper


def test_markdown_to_a_file_reports_what_it_wrote(
    cli: Cli, papers: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "notes.md"
    result = cli("export", "-o", str(target))
    assert result.code == 0, result.err
    assert result.out == f"Exported 4 papers to {target} (Markdown)\n"
    assert summary(target.read_text(encoding="utf-8"))[0] == 4


def test_an_existing_file_is_replaced_only_with_force(
    cli: Cli, papers: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my own notes\n", encoding="utf-8")
    refused = cli("export", "-o", str(target))
    assert refused.code == 1
    assert refused.out == ""
    assert refused.err.count("\n") == 1
    assert "already exists" in refused.err and "--force" in refused.err
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    assert cli("export", "-o", str(target), "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("# Reading list")


def test_the_library_itself_is_never_an_export_target(
    cli: Cli, papers: dict[str, str], library_path: Path
) -> None:
    for target in (library_path, library_path.with_name(library_path.name + ".journal")):
        before = target.read_bytes()
        result = cli("export", "--format", "json", "-o", str(target), "--force")
        assert result.code == 1
        assert "library's own files" in result.err
        assert target.read_bytes() == before
    assert len(list_json(cli)) == 4


@pytest.mark.parametrize(
    ("filters", "expected", "description"),
    [
        (["--status", "read"], {"diffusion", "attention"}, "status:read"),
        (["--tag", "nlp"], {"attention", "scaling"}, "tag:nlp"),
        (["--tag", "NLP", "--status", "to-read"], {"scaling"}, "status:to-read tag:nlp"),
        (["--min-rating", "5"], {"diffusion"}, "rating>=5"),
        (["--search", "transferable"], {"clip"}, "transferable"),
    ],
)
def test_filters_choose_the_papers_and_are_named_in_the_summary(
    cli: Cli, papers: dict[str, str], filters: list[str], expected: set[str], description: str
) -> None:
    result = cli("export", *filters)
    assert result.code == 0, result.err
    assert set(headings(result.out, 2)) == {TITLES[name] for name in expected}
    assert summary(result.out) == (len(expected), description)


def test_an_export_that_matches_nothing_warns_and_is_still_written(
    cli: Cli, papers: dict[str, str]
) -> None:
    result = cli("export", "--tag", "nothing-has-this")
    assert result.code == 0
    assert summary(result.out)[0] == 0
    assert "no papers match" in result.err


def test_group_by_makes_sections_in_a_fixed_order(cli: Cli, papers: dict[str, str]) -> None:
    by_status = cli("export", "--group-by", "status").out
    assert headings(by_status, 2) == ["New (1)", "To read (1)", "Read (2)"]
    by_tag = cli("export", "--group-by", "tag").out
    assert headings(by_tag, 2) == ["generative (1)", "nlp (2)", "vision (1)", "Untagged (1)"]
    assert headings(by_tag, 3).count(TITLES["diffusion"]) == 2  # under each of its tags
    by_rating = cli("export", "--group-by", "rating").out
    assert headings(by_rating, 2) == ["★★★★★ (1)", "★★★★☆ (1)", "Unrated (2)"]


def test_json_export_imported_into_an_empty_library_lists_the_same(
    cli: Cli, tmp_path: Path
) -> None:
    assert cli("import", str(SEEDS)).code == 0
    some = [str(p["id"]) for p in list_json(cli, "--sort", "title")[:3]]
    for command in (
        ["tag", some[0], "vision", "to-cite"],
        ["rate", some[0], "4"],
        ["status", some[1], "to-read"],
        ["status", some[2], "to-read"],
        ["note", some[1], "--set", "# Idea\n\n- a list\n\n```\ncode\n```"],
        ["title", some[2], "A better title"],
    ):
        assert cli(*command).code == 0
    export = tmp_path / "library-export.json"
    assert cli("export", "--format", "json", "-o", str(export)).code == 0

    other = tmp_path / "other" / "library.json"
    assert cli("import", str(export), db=other).code == 0
    assert list_json(cli, db=other) == list_json(cli)


def test_importing_an_older_json_export_keeps_newer_edits(
    cli: Cli, papers: dict[str, str], tmp_path: Path
) -> None:
    export = tmp_path / "old.json"
    assert cli("export", "--format", "json", "-o", str(export)).code == 0
    assert cli("note", papers["attention"], "--set", "rewritten after the export").code == 0
    assert cli("rate", papers["scaling"], "2").code == 0
    result = cli("import", str(export))
    assert result.code == 0, result.err
    records = {p["id"]: p for p in list_json(cli)}
    assert records[papers["attention"]]["note"] == "rewritten after the export"
    assert records[papers["scaling"]]["rating"] == 2
    assert len(records) == 4


def test_bibtex_export_parses_back_with_bibtexparser(cli: Cli, papers: dict[str, str]) -> None:
    result = cli("export", "--format", "bibtex", "--sort", "title")
    assert result.code == 0, result.err
    parsed = parse_string(result.out)
    assert parsed.failed_blocks == []
    entries = {e.fields_dict["readinglist-id"].value: e for e in parsed.entries}
    assert set(entries) == set(papers.values())
    clip = entries[papers["clip"]]
    assert clip.entry_type == "misc"
    assert clip.fields_dict["title"].value == TITLES["clip"]
    assert clip.fields_dict["author"].value == "Alec Radford and Jong Wook Kim"
    assert clip.fields_dict["year"].value == "2021"
    assert unescape_bibtex(entries[papers["attention"]].fields_dict["annote"].value) == NOTE
    assert len({e.key for e in parsed.entries}) == 4


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        (["--layout", "vault"], "needs -o FOLDER"),
        (["--layout", "vault", "-o", "-"], "needs -o FOLDER"),
        (["--layout", "vault", "-o", "v", "--format", "json"], "leave out --format"),
        (["--layout", "vault", "-o", "v", "--force"], "never overwrites"),
        (["--layout", "vault", "-o", "v", "--group-by", "tag"], "not vaults"),
        (["--dry-run"], "--dry-run is for --layout vault"),
        (["--recreate-deleted"], "--recreate-deleted is for --layout vault"),
        (["--format", "bibtex", "--group-by", "tag"], "for Markdown documents"),
        (["--format", "yaml"], "invalid choice"),
    ],
)
def test_usage_mistakes_exit_2_and_say_what_is_wrong(
    cli: Cli, papers: dict[str, str], options: list[str], complaint: str, tmp_path: Path
) -> None:
    folder = str(tmp_path / "v")
    result = cli("export", *[folder if option == "v" else option for option in options])
    assert result.code == 2
    assert complaint in result.err
    assert not (tmp_path / "v").exists()


def test_dash_means_standard_output(cli: Cli, papers: dict[str, str]) -> None:
    result = cli("export", "--format", "json", "-o", "-")
    assert result.code == 0
    assert result.out.startswith("{")
