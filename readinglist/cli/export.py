"""Taking notes out and bringing edits back: the `export` and `import-notes` commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.cli.commands import add_filter_arguments, select_papers
from readinglist.cli.context import Context
from readinglist.errors import ExportError
from readinglist.model import Paper, normalize_tags
from readinglist.text import one_line, strip_unsafe

# The exporters load markdown-it; every command builds this parser, so they are imported only
# by the commands that use them.
if TYPE_CHECKING:
    from readinglist.exporters.notes_import import NoteChange, NoteConflict, NoteImportPlan
    from readinglist.exporters.vault import VaultAction, VaultPlan
    from readinglist.library import Library

FORMAT_NAMES = {"markdown": "Markdown", "json": "JSON", "bibtex": "BibTeX"}
LAYOUTS = ("document", "vault")
GROUPS = ("status", "tag", "rating")
# A first export of a big library creates thousands of files: the routine kinds are listed up
# to this many each; what needs the user's attention is always listed in full.
LISTED_ROUTINE_FILES = 20
DIFF_LINES_SHOWN = 40

EXPORT_DESCRIPTION = """\
Export papers, filtered like `list`: as one document (Markdown, JSON or BibTeX) on standard
output or in -o FILE, or as a vault, one Markdown file per paper in -o FOLDER.

An existing file is replaced only with --force. A vault is re-exported without losing what you
wrote in it: your notes, your front matter keys and your own files are kept, files you deleted
stay deleted, and a note edited both in the vault and in the library is left as the vault has
it and reported as a conflict (`import-notes` shows both versions)."""

EXPORT_EPILOG = """\
Examples:
  readinglist export -o notes.md --status read --group-by tag
  readinglist export --format bibtex --tag to-cite -o refs.bib
  readinglist export --format json -o backup.json      # `readinglist import` reads it back
  readinglist export --layout vault -o ~/vault/papers --dry-run

Exit codes: 0 exported, 1 a problem (an existing file without --force, a folder that cannot be
written), 2 a usage mistake."""

IMPORT_NOTES_DESCRIPTION = """\
Bring the notes you edited in an exported vault (a folder, or single Markdown files) back into
the library. Shows each change as a diff and asks before applying; each note is saved as its
own change, so `readinglist undo` takes them back one by one. A note edited both in the file
and in the library since the export is a conflict: both versions are shown and neither is
touched.

Without a terminal to ask on, nothing is changed unless you add --yes.

Exit codes: 0 nothing left to do, 1 conflicts remain (any other changes were still applied)
or a problem reading the files, 2 a usage mistake."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _register_export(subparsers)
    _register_import_notes(subparsers)


def _register_export(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from readinglist.search import QUERY_HELP

    parser = subparsers.add_parser(
        "export",
        help="export papers and notes as Markdown, JSON, BibTeX or a Markdown vault",
        description=EXPORT_DESCRIPTION,
        epilog=f"{EXPORT_EPILOG}\n\n{QUERY_HELP}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=cmd_export, export_parser=parser)
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="the file to write, or the folder of a vault (default: standard output)",
    )
    parser.add_argument(
        "--format", choices=tuple(FORMAT_NAMES), default="markdown", help="default: markdown"
    )
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="document",
        help="document: one file (default); vault: one Markdown file per paper in -o FOLDER",
    )
    parser.add_argument("--group-by", choices=GROUPS, help="sections of a Markdown document")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.add_argument(
        "--dry-run", action="store_true", help="vault: show what would change, write nothing"
    )
    parser.add_argument(
        "--recreate-deleted",
        action="store_true",
        help="vault: write again the files of papers you deleted from the folder",
    )
    add_filter_arguments(parser)


def _register_import_notes(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import-notes",
        help="bring notes edited in an exported vault back into the library",
        description=IMPORT_NOTES_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=cmd_import_notes)
    parser.add_argument("path", type=Path, metavar="FOLDER_OR_FILE")
    parser.add_argument("--yes", action="store_true", help="apply the changes without asking")


# --- export ------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace, context: Context) -> int:
    mistake = _usage_mistake(args)
    if mistake:
        args.export_parser.error(mistake)
    output = _output_path(args)
    if output is not None:
        _refuse_library_files(output, context.library_path)
    library = context.library(with_abstracts=True)
    papers = select_papers(library, args)
    if not papers:
        print("readinglist: warning: no papers match; the export is empty", file=sys.stderr)
    if args.layout == "vault":
        assert output is not None  # checked with the other usage mistakes
        return _export_vault(papers, output, args)
    return _export_document(papers, output, args)


def _usage_mistake(args: argparse.Namespace) -> str:
    """What is wrong with this combination of options, or "" when nothing is."""
    if args.layout == "vault":
        if _output_path(args) is None:
            return "--layout vault needs -o FOLDER"
        if args.format != "markdown":
            return "--layout vault writes Markdown files; leave out --format"
        if args.force:
            return "--force is for documents: a vault export never overwrites your edits"
        if args.group_by:
            return "--group-by is for Markdown documents, not vaults"
        return ""
    if args.dry_run or args.recreate_deleted:
        option = "--dry-run" if args.dry_run else "--recreate-deleted"
        return f"{option} is for --layout vault"
    if args.group_by and args.format != "markdown":
        return "--group-by is for Markdown documents"
    return ""


def _output_path(args: argparse.Namespace) -> Path | None:
    """The -o path; None for standard output (no -o, or `-o -`)."""
    if args.output is None or str(args.output) == "-":
        return None
    return Path(args.output).expanduser()


def _refuse_library_files(path: Path, library_path: Path) -> None:
    """Even with --force, never write over the library, its journal or any file beside it."""
    target, library = path.resolve(), library_path.expanduser().resolve()
    if target.parent == library.parent and target.name.startswith(library.name):
        raise ExportError(f"{path} is one of the library's own files", "export to another file")


def _export_document(papers: list[Paper], output: Path | None, args: argparse.Namespace) -> int:
    text = render_document(papers, args, datetime.now(UTC))
    if output is None:
        sys.stdout.write(text)
        return 0
    from readinglist.exporters.files import write_export

    write_export(output, text, force=args.force)
    print(f"Exported {_papers(len(papers))} to {one_line(str(output))} ({_format_name(args)})")
    return 0


def render_document(papers: Sequence[Paper], args: argparse.Namespace, now: datetime) -> str:
    if args.format == "json":
        from readinglist.exporters.json_export import export_json

        return export_json(papers, now=now)
    if args.format == "bibtex":
        from readinglist.exporters.bibtex import export_bibtex

        return export_bibtex(papers)
    from readinglist.exporters.markdown import GroupBy, render_markdown

    group_by = GroupBy(args.group_by) if args.group_by else None
    return render_markdown(
        papers, now=now, filter_description=describe_filters(args), group_by=group_by
    )


def describe_filters(args: argparse.Namespace) -> str:
    """The filters as a search query that finds the same papers (`status:read tag:nlp`)."""
    parts = [f"status:{args.status.value}"] if args.status else []
    parts += [f"tag:{tag}" for tag in normalize_tags(args.tag)]
    if args.min_rating:
        parts.append(f"rating>={args.min_rating}")
    if args.search.strip():
        parts.append(args.search.strip())
    return " ".join(parts)


def _format_name(args: argparse.Namespace) -> str:
    name = FORMAT_NAMES[args.format]
    return f"{name}, grouped by {args.group_by}" if args.group_by else name


def _papers(count: int) -> str:
    return f"{count} paper{'' if count == 1 else 's'}"


# --- vault -------------------------------------------------------------------------------


def _export_vault(papers: list[Paper], folder: Path, args: argparse.Namespace) -> int:
    from readinglist.exporters.vault import plan_vault_export, write_vault

    plan = plan_vault_export(papers, folder, recreate_deleted=args.recreate_deleted)
    if not args.dry_run:
        plan = write_vault(plan)
    for line in vault_report(plan, dry_run=args.dry_run):
        print(line)
    return 0


# Per kind: the label of its files' lines and of its count in the summary, and whether the
# user needs to see every one of them.
_VAULT_KINDS = {
    "create": ("created", False),
    "update": ("updated", False),
    "unchanged": ("unchanged", False),
    "kept-user-edit": ("kept your edits", True),
    "conflict": ("conflict", True),
    "skipped-deleted": ("skipped deleted", True),
    "skipped-changed": ("skipped changed", True),
}
_VAULT_HINTS = {
    "kept-user-edit": "Notes you edited in the vault were kept; "
    "`readinglist import-notes {folder}` brings them into the library.",
    "conflict": "Conflicts: a note changed both in the vault and in the library; the vault's "
    "was kept. `readinglist import-notes {folder}` shows both versions.",
    "skipped-deleted": "Files you deleted stay deleted; --recreate-deleted writes them again.",
    "skipped-changed": "Some files changed while exporting and were left alone; "
    "export again to update them.",
}


def vault_report(plan: VaultPlan, *, dry_run: bool) -> Iterator[str]:
    """The headline, a line per file that changed or needs attention, hints and the counts."""
    from readinglist.exporters.vault import VaultActionKind

    folder = one_line(str(plan.folder))
    papers = _papers(len(plan.actions))
    if dry_run:
        yield f"Dry run: nothing was written. Exporting {papers} to {folder} would give:"
    else:
        yield f"Exported {papers} to {folder}:"
    counts = plan.counts()
    for name, (label, listed_in_full) in _VAULT_KINDS.items():
        if name != VaultActionKind.UNCHANGED:
            yield from _file_lines(label, plan.of_kind(VaultActionKind(name)), listed_in_full)
    for name, hint in _VAULT_HINTS.items():
        if counts[VaultActionKind(name)]:
            yield hint.format(folder=folder)
    totals = [
        f"{counts[VaultActionKind(name)]} {label}"
        for name, (label, _) in _VAULT_KINDS.items()
        if counts[VaultActionKind(name)]
    ]
    yield ", ".join(totals) or "no files"


def _file_lines(label: str, actions: list[VaultAction], listed_in_full: bool) -> Iterator[str]:
    shown = actions if listed_in_full else actions[:LISTED_ROUTINE_FILES]
    for action in shown:
        yield f"  {label:<16} {one_line(action.path)}"
    if len(shown) < len(actions):
        yield f"  … and {len(actions) - len(shown)} more {label}"


# --- import-notes ------------------------------------------------------------------------


def cmd_import_notes(args: argparse.Namespace, context: Context) -> int:
    from readinglist.exporters.notes_import import plan_note_import

    library = context.library()
    source = Path(args.path).expanduser()
    plan = plan_note_import(source, library.papers.values())
    for line in note_plan_report(plan, one_line(str(source))):
        print(line)
    stale: list[NoteChange] = []
    if plan.changes and _confirmed(len(plan.changes), args.yes):
        applied, stale = _apply_note_changes(library, plan.changes)
        for change in stale:
            print(f"! changed in the library since the plan, left alone: {one_line(change.title)}")
        print(
            f"Imported {_notes(applied)} into the library "
            "(each is one change: `readinglist undo` takes back the latest)"
        )
    unresolved = len(plan.conflicts) + len(stale)
    if unresolved:
        print(
            f"readinglist: {unresolved} conflict{'' if unresolved == 1 else 's'} left alone; "
            "make the library's note and the file's agree, then run import-notes again",
            file=sys.stderr,
        )
        return 1
    return 0


def note_plan_report(plan: NoteImportPlan, source: str) -> Iterator[str]:
    """Each change as a diff, each conflict with both versions, then what was skipped."""
    yield (
        f"Notes in {source}: {len(plan.changes)} changed in the files, "
        f"{len(plan.conflicts)} in conflict, {len(plan.unchanged)} unchanged"
    )
    for change in plan.changes:
        yield from _change_lines(change)
    for conflict in plan.conflicts:
        yield from _conflict_lines(conflict)
    for unknown in plan.unknown_ids:
        yield (
            f"? {one_line(unknown.path)}: paper {one_line(unknown.paper_id)} is not in "
            "this library (skipped)"
        )
    not_ours = [s for s in plan.skipped if s.reason.startswith("no readinglist id")]
    for skipped in plan.skipped:
        if skipped not in not_ours:
            yield f"- {one_line(skipped.path)}: {one_line(skipped.reason)} (skipped)"
    if not_ours:
        yield f"{len(not_ours)} other Markdown files are not readinglist notes (skipped)"
    if not plan.changes:
        yield "Nothing to import."


def _change_lines(change: NoteChange) -> Iterator[str]:
    yield f"~ {one_line(change.title)}  ({one_line(change.path)})"
    # `diff()` makes every line safe to print; its two header lines repeat the one above.
    diff = change.diff()[2:]
    for line in diff[:DIFF_LINES_SHOWN]:
        yield f"    {line}"
    if len(diff) > DIFF_LINES_SHOWN:
        yield f"    … {len(diff) - DIFF_LINES_SHOWN} more lines; the whole note is in the file"


def _conflict_lines(conflict: NoteConflict) -> Iterator[str]:
    yield f"! conflict: {one_line(conflict.title)}  ({one_line(conflict.path)})"
    yield f"    {one_line(conflict.reason)}"
    sides = (("in the library", conflict.library_note), ("in the file", conflict.file_note))
    for side, note in sides:
        yield f"    {side}:"
        lines = strip_unsafe(note).split("\n") if note.strip() else ["(empty)"]
        yield from (f"      | {line}" for line in lines)


def _confirmed(count: int, yes: bool) -> bool:
    """--yes, or the user's answer on a terminal; without one, nobody can be asked."""
    if yes:
        return True
    changes = f"{count} note change{'' if count == 1 else 's'}"
    if not sys.stdin.isatty():
        print(f"Nothing changed: there is no terminal to ask on; add --yes to apply {changes}.")
        return False
    print(f"Apply {changes}? [y/N] ", end="", file=sys.stderr, flush=True)
    if sys.stdin.readline().strip().lower() in ("y", "yes"):
        return True
    print("Nothing changed.")
    return False


def _apply_note_changes(
    library: Library, changes: Sequence[NoteChange]
) -> tuple[int, list[NoteChange]]:
    """Save each note as its own change; one the library changed meanwhile is left alone."""
    library.refresh()
    applied, stale = 0, []
    for change in changes:
        paper = library.papers.get(change.paper_id)
        if paper is None or paper.note != change.old_note:
            stale.append(change)
        elif library.set_note(change.paper_id, change.new_note) is not None:
            applied += 1
    return applied, stale


def _notes(count: int) -> str:
    return f"{count} note{'' if count == 1 else 's'}"
