"""Commands on papers: import, list, show, tag, rate, status, title, note, delete, stats."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinglist.cli.context import Context
from readinglist.cli.output import (
    ProgressBar,
    json_for_terminal,
    paper_details,
    paper_row,
    stars,
    terminal_width,
)
from readinglist.errors import InvalidValueError, ReadingListError
from readinglist.importers.base import FORMAT_NAMES
from readinglist.library import SORT_KEYS, Change, Library
from readinglist.model import Paper, Status, parse_rating, parse_status
from readinglist.text import one_line

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register(subparsers: Subparsers) -> None:
    _register_import(subparsers)
    _register_list(subparsers)
    show = _command(subparsers, "show", cmd_show, "show one paper in full")
    show.add_argument("id", help="paper id or a unique prefix")
    show.add_argument("--json", action="store_true", help="print the record as a JSON object")

    tag = _command(subparsers, "tag", cmd_tag, "add tags to a paper (or remove them)")
    tag.add_argument("id")
    tag.add_argument("tags", nargs="+", metavar="TAG")
    tag.add_argument("--remove", action="store_true", help="remove these tags instead")

    rate = _command(subparsers, "rate", cmd_rate, "rate a paper from 1 to 5 (0 clears)")
    rate.add_argument("id")
    rate.add_argument("rating", type=_rating_arg, metavar="0-5")

    status = _command(subparsers, "status", cmd_status, "set the reading status")
    status.add_argument("id")
    status.add_argument("status", type=_status_arg, metavar="STATUS", help=_status_choices())

    title = _command(subparsers, "title", cmd_title, "replace a paper's title")
    title.add_argument("id")
    title.add_argument("title", metavar="NEW_TITLE")

    note = _command(subparsers, "note", cmd_note, "write the Markdown note of a paper")
    note.add_argument("id")
    action = note.add_mutually_exclusive_group(required=True)
    action.add_argument("--set", metavar="TEXT", help="replace the note")
    action.add_argument("--append", metavar="TEXT", help="add a paragraph to the note")
    action.add_argument("--edit", action="store_true", help="open $VISUAL / $EDITOR on it")

    delete = _command(subparsers, "delete", cmd_delete, "delete papers (`undo` brings them back)")
    delete.add_argument("ids", nargs="+", metavar="ID")

    _command(subparsers, "stats", cmd_stats, "counts by status, rating, tag and import")


def _command(subparsers: Subparsers, name: str, handler: Any, help_text: str) -> Any:
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    return parser


def _register_import(subparsers: Subparsers) -> None:
    parser = _command(
        subparsers,
        "import",
        cmd_import,
        "import paper lists: files, folders (*.txt, *.json, *.bib) or - for pasted text",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument(
        "--format", choices=FORMAT_NAMES, help="skip detection and read as this format"
    )
    parser.add_argument("--dry-run", action="store_true", help="show what would be imported")


def query_help() -> str:
    from readinglist.search import QUERY_HELP

    return QUERY_HELP


def _register_list(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "list",
        help="list papers, filtered and searched",
        description="List papers, filtered and searched.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.lazy_epilog = query_help  # type: ignore[attr-defined]  # a cli.Parser
    parser.set_defaults(handler=cmd_list)
    add_filter_arguments(parser)
    parser.add_argument("--limit", type=_positive_int, metavar="N", help="show at most N papers")
    parser.add_argument("--json", action="store_true", help="print a JSON array of records")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The filters shared by `list` and `export`."""
    parser.add_argument("--status", type=_status_arg, help=_status_choices())
    parser.add_argument("--tag", action="append", default=[], metavar="TAG", help="repeatable")
    parser.add_argument("--min-rating", type=_rating_arg, metavar="0-5")
    parser.add_argument("--search", default="", metavar="QUERY", help="see the query syntax below")
    parser.add_argument(
        "--sort",
        choices=SORT_KEYS,
        help="default: relevance when searching, else newest added first",
    )


def select_papers(library: Library, args: argparse.Namespace) -> list[Paper]:
    return library.list(
        args.search,
        sort=args.sort,
        status=args.status,
        tags=args.tag,
        min_rating=args.min_rating,
        limit=getattr(args, "limit", None),
    )


def cmd_import(args: argparse.Namespace, context: Context) -> int:
    from readinglist.importers import collect_inputs

    if "-" in args.paths and sys.stdin.isatty():
        print("Paste the page or list, then press Ctrl-D:", file=sys.stderr)
    sources = collect_inputs(args.paths, sys.stdin.buffer)
    library = context.library()
    preview = library.preview_import(sources, args.format)
    for warning in preview.warnings:
        print(f"readinglist: warning: {one_line(warning)}", file=sys.stderr)
    if args.dry_run:
        print(
            f"Would import {len(preview.new)} new papers from {len(sources)} files "
            f"({len(preview.duplicates)} already in the library or repeated)"
        )
        for parsed in preview.new:
            print(f"  + {one_line(parsed.title)}")
        return 0
    bar = ProgressBar("Importing")
    try:
        report = library.commit_import(preview, progress=bar)
    finally:
        bar.finish()
    print(report.summary())
    return 0


def cmd_list(args: argparse.Namespace, context: Context) -> int:
    library = context.library(with_abstracts=args.json)
    papers = select_papers(library, args)
    if args.json:
        print(json_for_terminal([p.to_dict() for p in papers]))
        return 0
    width = terminal_width()
    for paper in papers:
        print(paper_row(paper, library.short_id(paper.id), width))
    if sys.stdout.isatty():
        print(f"{len(papers)} of {len(library)} papers", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace, context: Context) -> int:
    library = context.library(with_abstracts=True)
    paper = library.get(args.id)
    if args.json:
        print(json_for_terminal(paper.to_dict(), indent=True))
    else:
        print(paper_details(paper, library.short_id(paper.id)))
    return 0


def cmd_tag(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    paper_id = library.resolve(args.id)
    change = (
        library.untag([paper_id], args.tags) if args.remove else library.tag([paper_id], args.tags)
    )
    tags = " ".join(one_line(t) for t in library.papers[paper_id].tags)
    return _report(library, paper_id, change, f"tags: {tags or 'none'}")


def cmd_rate(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    paper_id = library.resolve(args.id)
    change = library.rate([paper_id], args.rating)
    return _report(library, paper_id, change, f"rating: {stars(args.rating)}")


def cmd_status(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    paper_id = library.resolve(args.id)
    change = library.set_status([paper_id], args.status)
    return _report(library, paper_id, change, f"status: {args.status.value}")


def cmd_title(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    paper_id = library.resolve(args.id)
    change = library.set_title(paper_id, args.title)
    return _report(library, paper_id, change, "title updated")


def cmd_note(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    paper_id = library.resolve(args.id)
    if args.set is not None:
        change = library.set_note(paper_id, args.set)
    elif args.append is not None:
        change = library.append_note(paper_id, args.append)
    else:
        change = _edit_note(library, paper_id)
    return _report(library, paper_id, change, "note saved")


def cmd_delete(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    ids = library.resolve_many(args.ids)
    titles = [one_line(library.papers[i].title) for i in ids]
    library.delete(ids)
    for paper_id, title in zip(ids, titles, strict=True):
        print(f"deleted {paper_id[:6]}  {title}")
    print("(`readinglist undo` brings them back)")
    return 0


def cmd_stats(args: argparse.Namespace, context: Context) -> int:
    from readinglist.stats import library_stats

    library = context.library()
    print(library_stats(library).as_text())
    return 0


def _report(library: Library, paper_id: str, change: Change | None, what: str) -> int:
    title = one_line(library.papers[paper_id].title)
    if change is None:
        print(f"{library.short_id(paper_id)}  {title}: unchanged ({what})")
    else:
        print(f"{library.short_id(paper_id)}  {title}: {what}")
    return 0


def _edit_note(library: Library, paper_id: str) -> Change | None:
    """Edit in $EDITOR; refuse to save over a note another process changed meanwhile."""
    original = library.papers[paper_id].note
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    folder = Path(tempfile.mkdtemp(prefix="readinglist-note-"))
    draft = folder / f"{paper_id[:8]}.md"
    draft.write_text(original, encoding="utf-8")
    draft.chmod(0o600)
    try:
        result = subprocess.run([*shlex.split(editor), str(draft)], check=False)
    except OSError as error:
        raise ReadingListError(
            f"cannot start editor {editor!r}: {error.strerror}", "set $EDITOR"
        ) from None
    if result.returncode != 0:
        raise ReadingListError(
            f"editor {editor!r} exited with {result.returncode}; the note was not changed",
            f"your text is in {draft}",
        )
    text = draft.read_text(encoding="utf-8")
    library.refresh()
    if library.papers[paper_id].note != original and text != original:
        raise ReadingListError(
            "the note was changed elsewhere while you were editing; nothing was saved",
            f"your text is in {draft}",
        )
    draft.unlink()
    folder.rmdir()
    return library.set_note(paper_id, text)


def _rating_arg(value: str) -> int:
    try:
        return parse_rating(value)
    except InvalidValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _status_arg(value: str) -> Status:
    try:
        return parse_status(value)
    except InvalidValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _status_choices() -> str:
    return "one of: " + ", ".join(s.value for s in Status)


def _positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, not {value!r}")
    return int(value)
