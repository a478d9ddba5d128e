"""The vault export: one file per paper, re-exported without losing anything the user wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist.errors import ExportError
from readinglist.exporters.markdown_text import clean_note, display_title
from readinglist.exporters.vault import (
    MANIFEST_NAME,
    MAX_NAME_BYTES,
    VaultActionKind,
    export_vault,
    plan_vault_export,
    write_vault,
)
from readinglist.exporters.vault_file import (
    VAULT_KEYS,
    NoteState,
    note_digest,
    parse_vault_file,
    refresh_file,
    render_new_file,
)
from readinglist.model import Paper, Status
from readinglist.text import one_line
from tests.exporters.export_checks import (
    HOSTILE,
    PARSER,
    all_tokens,
    headings,
    hostile_text,
    inline_text,
    make_paper,
    numbered_papers,
)

Kind = VaultActionKind
NOTE_BEGIN = "<!-- readinglist:begin note -->"
NOTE_END = "<!-- readinglist:end note -->"


def kinds(plan_actions: object) -> list[str]:
    return [action.kind.value for action in plan_actions]  # type: ignore[attr-defined]


def files_in(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def replace_note_in_file(path: Path, note: str) -> None:
    """What a user does in their editor: rewrite the text between the note markers."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(NOTE_BEGIN, 1)
    _, tail = rest.rsplit(NOTE_END, 1)
    path.write_text(f"{head}{NOTE_BEGIN}\n{note}\n{NOTE_END}{tail}", encoding="utf-8")


@pytest.fixture
def paper() -> Paper:
    return make_paper(note="# First thoughts\n\nPromising.")


def test_first_export_creates_one_file_per_paper_named_from_the_title(tmp_path: Path) -> None:
    papers = numbered_papers(["Attention Is All You Need", "Denoising Diffusion"])
    plan = export_vault(papers, tmp_path / "vault")
    assert kinds(plan.actions) == ["create", "create"]
    assert sorted(files_in(tmp_path / "vault")) == [
        MANIFEST_NAME,
        "Attention Is All You Need.md",
        "Denoising Diffusion.md",
    ]


def test_file_has_our_front_matter_keys_in_order(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    lines = (tmp_path / "Attention Is All You Need.md").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "---"
    front = lines[1 : lines.index("---", 1)]
    assert [line.split(":")[0] for line in front] == list(VAULT_KEYS)
    assert front[:10] == [
        'id: "a1b2c3d4e5f6"',
        'title: "Attention Is All You Need"',
        'authors: ["Ashish Vaswani", "Noam Shazeer"]',
        "author_count: 2",
        'published: "2017-06-12"',
        'status: "to-read"',
        "rating: 4",
        'tags: ["nlp", "transformers"]',
        'sources: ["daily.txt"]',
        'added: "2024-05-01T10:00:00.000Z"',
    ]
    assert front[10] == f'note_sha: "{note_digest(paper.note)}"'


def test_file_body_parses_as_title_metadata_abstract_and_note(paper: Paper) -> None:
    text = render_new_file(paper)
    body = text.split("\n---\n", 1)[1]
    assert headings(body, 1) == ["Attention Is All You Need", "First thoughts"]
    assert headings(body, 2) == ["Abstract", "Notes"]
    quotes = [t for t in PARSER.parse(body) if t.type == "inline" and t.level == 2]
    assert [inline_text(t) for t in quotes] == ["We propose the Transformer."]
    markers = [t.content.strip() for t in all_tokens(body) if t.type == "html_block"]
    assert markers == [
        "<!-- readinglist:begin header -->",
        "<!-- readinglist:end header -->",
        "<!-- readinglist:begin abstract -->",
        "<!-- readinglist:end abstract -->",
        NOTE_BEGIN,
        NOTE_END,
    ]


def test_reexport_without_changes_writes_nothing(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    before = files_in(tmp_path)
    plan = export_vault([paper], tmp_path)
    assert kinds(plan.actions) == ["unchanged"]
    assert plan.actions[0].content is None
    assert files_in(tmp_path) == before


def test_reexport_refreshes_generated_parts_and_keeps_everything_the_user_wrote(
    tmp_path: Path, paper: Paper
) -> None:
    export_vault([paper], tmp_path)
    path = tmp_path / "Attention Is All You Need.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("---\n", "---\naliases: [AIAYN]\ncssclasses:\n  - wide\n", 1)
    text = text.replace(
        "<!-- readinglist:begin header -->", "Intro.\n\n<!-- readinglist:begin header -->"
    )
    text = text.replace("## Notes", "Between regions.\n\n## My notes")
    text += "\n## Later\n\nWritten after the note section.\n"
    path.write_text(text, encoding="utf-8")

    changed = make_paper(
        note=paper.note, status=Status.READ, rating=5, abstract="A new abstract.", tags=["nlp"]
    )
    plan = export_vault([changed], tmp_path)
    assert kinds(plan.actions) == ["update"]
    after = path.read_text(encoding="utf-8")
    for kept in (
        "aliases: [AIAYN]\ncssclasses:\n  - wide\n",
        "---\nIntro.\n\n<!-- readinglist:begin header -->",
        "Between regions.\n\n## My notes",
        "## Later\n\nWritten after the note section.\n",
        "# First thoughts\n\nPromising.",
    ):
        assert kept in after
    assert "**Status:** read · **Rating:** ★★★★★ · **Tags:** nlp ·" in after
    assert "> A new abstract." in after
    assert 'tags: ["nlp"]' in after
    assert "We propose the Transformer." not in after


def test_note_edited_in_the_file_is_kept_and_reported(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    path = tmp_path / "Attention Is All You Need.md"
    replace_note_in_file(path, "My *own* words.")
    plan = export_vault([make_paper(note=paper.note, rating=1)], tmp_path)
    assert kinds(plan.actions) == ["kept-user-edit"]
    assert plan.actions[0].note_state is NoteState.FILE_EDITED
    file = parse_vault_file(path.read_text(encoding="utf-8"))
    assert file.note == "My *own* words."
    # The hash still describes the exported note, so the edit stays visible to import-notes.
    assert file.exported_digest == note_digest(paper.note)
    assert "★☆☆☆☆" in path.read_text(encoding="utf-8")


def test_note_edited_in_the_library_replaces_the_untouched_file_note(
    tmp_path: Path, paper: Paper
) -> None:
    export_vault([paper], tmp_path)
    plan = export_vault([make_paper(note="Rewritten in the app.")], tmp_path)
    assert kinds(plan.actions) == ["update"]
    assert plan.actions[0].note_state is NoteState.LIBRARY_EDITED
    file = parse_vault_file((tmp_path / "Attention Is All You Need.md").read_text("utf-8"))
    assert file.note == "Rewritten in the app."
    assert file.exported_digest == note_digest("Rewritten in the app.")


def test_note_edited_on_both_sides_is_a_conflict_and_the_file_is_not_overwritten(
    tmp_path: Path, paper: Paper
) -> None:
    export_vault([paper], tmp_path)
    path = tmp_path / "Attention Is All You Need.md"
    replace_note_in_file(path, "Edited in Obsidian.")
    plan = export_vault([make_paper(note="Edited in the app.")], tmp_path)
    assert kinds(plan.actions) == ["conflict"]
    file = parse_vault_file(path.read_text(encoding="utf-8"))
    assert file.note == "Edited in Obsidian."
    assert file.exported_digest == note_digest(paper.note)


def test_same_edit_on_both_sides_is_no_conflict(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    path = tmp_path / "Attention Is All You Need.md"
    replace_note_in_file(path, "\n\nSame text.\n\n")
    plan = export_vault([make_paper(note="Same text.")], tmp_path)
    assert plan.actions[0].note_state is NoteState.IN_SYNC
    assert parse_vault_file(path.read_text("utf-8")).exported_digest == note_digest("Same text.")


def test_file_the_user_deleted_is_not_recreated(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    (tmp_path / "Attention Is All You Need.md").unlink()
    plan = export_vault([paper], tmp_path)
    assert kinds(plan.actions) == ["skipped-deleted"]
    assert sorted(files_in(tmp_path)) == [MANIFEST_NAME]


def test_deleted_file_comes_back_when_asked(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    (tmp_path / "Attention Is All You Need.md").unlink()
    plan = export_vault([paper], tmp_path, recreate_deleted=True)
    assert kinds(plan.actions) == ["create"]
    assert (tmp_path / "Attention Is All You Need.md").exists()


def test_a_copy_in_the_obsidian_trash_does_not_count(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    (tmp_path / ".trash").mkdir()
    (tmp_path / "Attention Is All You Need.md").rename(tmp_path / ".trash" / "x.md")
    assert kinds(export_vault([paper], tmp_path).actions) == ["skipped-deleted"]


def test_renamed_and_moved_file_is_found_by_its_id(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    (tmp_path / "papers").mkdir()
    (tmp_path / "Attention Is All You Need.md").rename(tmp_path / "papers" / "AIAYN.md")
    plan = export_vault([make_paper(note=paper.note, rating=2)], tmp_path)
    assert [(a.kind.value, a.path) for a in plan.actions] == [("update", "papers/AIAYN.md")]
    assert sorted(files_in(tmp_path)) == [MANIFEST_NAME, "papers/AIAYN.md"]
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text("utf-8"))
    assert manifest["files"] == {paper.id: "papers/AIAYN.md"}


def test_file_name_stays_when_the_title_changes(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    plan = export_vault([make_paper(title="Attention Is All You Need (v7)")], tmp_path)
    assert plan.actions[0].path == "Attention Is All You Need.md"


def test_front_matter_rewritten_by_an_editor_is_still_understood(
    tmp_path: Path, paper: Paper
) -> None:
    export_vault([paper], tmp_path)
    path = tmp_path / "Attention Is All You Need.md"
    text = path.read_text(encoding="utf-8")
    digest = note_digest(paper.note)
    text = text.replace('id: "a1b2c3d4e5f6"', "id: a1b2c3d4e5f6  # mine")
    text = text.replace(f'note_sha: "{digest}"', f"note_sha: '{digest}'")
    text = text.replace('tags: ["nlp", "transformers"]', "tags:\n  - nlp\n  - transformers")
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    plan = export_vault([paper], tmp_path)
    assert kinds(plan.actions) == ["update"]
    assert plan.actions[0].note_state is NoteState.IN_SYNC
    refreshed = path.read_text(encoding="utf-8")
    assert 'tags: ["nlp", "transformers"]\n' in refreshed
    assert "  - nlp" not in refreshed


def test_dry_run_shows_the_plan_and_writes_nothing(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    (tmp_path / "Attention Is All You Need.md").unlink()
    newcomer = make_paper(id="ffffffffffff", title="A New Paper")
    before = files_in(tmp_path)
    plan = export_vault([paper, newcomer], tmp_path, dry_run=True)
    assert [(a.kind.value, a.path) for a in plan.actions] == [
        ("skipped-deleted", "Attention Is All You Need.md"),
        ("create", "A New Paper.md"),
    ]
    assert files_in(tmp_path) == before
    assert not (tmp_path / "new").exists()


def test_dry_run_into_a_missing_folder_creates_nothing(tmp_path: Path, paper: Paper) -> None:
    plan = export_vault([paper], tmp_path / "new", dry_run=True)
    assert kinds(plan.actions) == ["create"]
    assert not (tmp_path / "new").exists()


def test_file_edited_between_plan_and_write_is_left_alone(tmp_path: Path, paper: Paper) -> None:
    export_vault([paper], tmp_path)
    plan = plan_vault_export([make_paper(note=paper.note, rating=1)], tmp_path)
    path = tmp_path / "Attention Is All You Need.md"
    path.write_text(path.read_text("utf-8") + "\nTyped while the plan was shown.\n", "utf-8")
    result = write_vault(plan)
    assert kinds(result.actions) == ["skipped-changed"]
    assert "Typed while the plan was shown." in path.read_text("utf-8")


def test_new_file_never_replaces_a_file_the_user_made(tmp_path: Path, paper: Paper) -> None:
    (tmp_path / "attention is all you need.md").write_text("My own page.", "utf-8")
    plan = export_vault([paper], tmp_path)
    assert plan.actions[0].path == "Attention Is All You Need (a1b2c3).md"
    assert (tmp_path / "attention is all you need.md").read_text("utf-8") == "My own page."


def test_papers_with_the_same_title_get_unique_stable_names(tmp_path: Path) -> None:
    papers = numbered_papers(["Same", "Same", "Same"])
    first = export_vault(papers, tmp_path)
    names = [a.path for a in first.actions]
    assert names == ["Same.md", "Same (000000).md", "Same (000000000002).md"]
    again = export_vault(list(reversed(papers)), tmp_path)
    assert [a.path for a in again.actions] == list(reversed(names))
    assert kinds(again.actions) == ["unchanged"] * 3


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("../../etc/passwd", "etc passwd.md"),
        ("..", "000000000000.md"),
        (".hidden", "hidden.md"),
        ('a/b\\c:d*e?f"g<h>i|j#k^l[m]n', "a b c d e f g h i j k l m n.md"),
        ("CON", "CON paper.md"),
        ("lpt1.txt", "lpt1.txt paper.md"),
        ("", "000000000000.md"),
        ("\x1b]0;pwned\x07Title\u202e", "Title.md"),
        ("Trailing dots...", "Trailing dots.md"),
    ],
)
def test_file_names_are_safe(tmp_path: Path, title: str, name: str) -> None:
    plan = export_vault(numbered_papers([title]), tmp_path)
    assert plan.actions[0].path == name
    assert (tmp_path / name).is_file()


def test_long_titles_make_names_of_limited_length(tmp_path: Path) -> None:
    plan = export_vault(numbered_papers(["Ü" * 300, "Ü" * 300]), tmp_path)
    for action in plan.actions:
        stem = action.path.removesuffix(".md").split(" (")[0]
        assert len(stem.encode()) <= MAX_NAME_BYTES
        assert (tmp_path / action.path).is_file()


def test_a_damaged_manifest_is_reported_not_ignored(tmp_path: Path, paper: Paper) -> None:
    (tmp_path / MANIFEST_NAME).write_text("{not json", "utf-8")
    with pytest.raises(ExportError, match=MANIFEST_NAME):
        export_vault([paper], tmp_path)


def test_a_file_is_not_a_vault_folder(tmp_path: Path, paper: Paper) -> None:
    (tmp_path / "file.md").write_text("x", "utf-8")
    with pytest.raises(ExportError, match="not a folder"):
        export_vault([paper], tmp_path / "file.md")


def test_other_markdown_files_in_the_vault_are_left_alone(tmp_path: Path, paper: Paper) -> None:
    (tmp_path / "Daily.md").write_text("---\ntags: [journal]\n---\nToday.", "utf-8")
    (tmp_path / "binary.md").write_bytes(b"\xff\xfe\x00")
    export_vault([paper], tmp_path)
    assert (tmp_path / "Daily.md").read_text("utf-8") == "---\ntags: [journal]\n---\nToday."


def test_a_filtered_export_keeps_the_memory_of_other_papers(tmp_path: Path) -> None:
    one, two = numbered_papers(["One", "Two"])
    export_vault([one, two], tmp_path)
    export_vault([one], tmp_path)
    (tmp_path / "Two.md").unlink()
    assert kinds(export_vault([one, two], tmp_path).actions) == ["unchanged", "skipped-deleted"]


@given(title=hostile_text, abstract=hostile_text, note=hostile_text)
def test_hostile_papers_make_files_whose_note_and_title_read_back(
    title: str, abstract: str, note: str
) -> None:
    paper = make_paper(title=title, abstract=abstract, note=note)
    file = parse_vault_file(render_new_file(paper))
    assert file.paper_id == paper.id
    assert file.note == clean_note(note)
    assert file.exported_digest == note_digest(note)
    header_begin, header_end = file.regions["header"]
    header = "\n".join(file.body[header_begin + 1 : header_end])
    assert headings(header, 1) == [display_title(title)]
    abstract_begin, abstract_end = file.regions["abstract"]
    generated = "\n".join(file.body[abstract_begin + 1 : abstract_end]) + header
    assert not [t for t in all_tokens(generated) if t.type in ("html_inline", "link_open")]


@given(original=hostile_text, edited=hostile_text, title=hostile_text)
def test_a_note_edited_in_the_file_survives_a_refresh(
    original: str, edited: str, title: str
) -> None:
    exported = render_new_file(make_paper(note=original))
    head, rest = exported.split(NOTE_BEGIN, 1)
    _, tail = rest.rsplit(NOTE_END, 1)
    file = parse_vault_file(f"{head}{NOTE_BEGIN}\n{edited}\n{NOTE_END}{tail}")
    assert file.note == clean_note(edited)
    refreshed = parse_vault_file(
        refresh_file(file, make_paper(title=title, note=original), NoteState.FILE_EDITED)
    )
    assert refreshed.note == clean_note(edited)
    assert refreshed.exported_digest == note_digest(original)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_front_matter_values_stay_inside_their_key(text: str) -> None:
    file = parse_vault_file(render_new_file(make_paper(title=text, tags=[one_line(text) or "x"])))
    assert [entry.key for entry in file.front_matter or ()] == list(VAULT_KEYS)
    assert all(len(entry.lines) == 1 for entry in file.front_matter or ())


def test_front_matter_title_is_a_json_compatible_yaml_string() -> None:
    text = render_new_file(make_paper(title='Quote " and \\ and \u2028 and \x85'))
    line = next(line for line in text.split("\n") if line.startswith("title: "))
    assert json.loads(line.removeprefix("title: ")) == 'Quote " and \\ and \u2028 and'
    assert "\u2028" not in line


@given(st.lists(hostile_text, min_size=1, max_size=3))
def test_vault_names_from_hostile_titles_stay_in_the_folder(titles: list[str]) -> None:
    plan = plan_vault_export(numbered_papers(titles), Path("/nonexistent/vault"))
    names = [a.path for a in plan.actions]
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert name.endswith(".md") and len(name.encode()) < 200
