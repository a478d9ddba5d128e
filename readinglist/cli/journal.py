"""Commands on the change journal: undo, redo, history."""

from __future__ import annotations

import argparse
from typing import Any

from readinglist.cli.context import Context
from readinglist.library import Change
from readinglist.text import one_line


def register(subparsers: Any) -> None:
    undo = subparsers.add_parser("undo", help="take back the latest change (an import too)")
    undo.set_defaults(handler=cmd_undo)
    redo = subparsers.add_parser("redo", help="redo the change the latest undo took back")
    redo.set_defaults(handler=cmd_redo)
    history = subparsers.add_parser("history", help="the latest changes, newest first")
    history.add_argument("id", nargs="?", help="only changes to this paper")
    history.add_argument("--limit", type=int, default=30, metavar="N")
    history.set_defaults(handler=cmd_history)


def cmd_undo(args: argparse.Namespace, context: Context) -> int:
    print(_describe(context.library().undo()))
    return 0


def cmd_redo(args: argparse.Namespace, context: Context) -> int:
    print(_describe(context.library().redo()))
    return 0


def cmd_history(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    paper_id = library.resolve(args.id) if args.id else None
    for change in library.history(paper_id, limit=args.limit):
        print(f"#{change.seq:<5} {change.at[:19].replace('T', ' ')}  {_describe(change)}")
    return 0


def _describe(change: Change) -> str:
    count = len(change.paper_ids)
    papers = f"{count} paper{'s' if count != 1 else ''}" if count != 1 else change.paper_ids[0][:6]
    return f"{one_line(change.label)} ({papers})"
