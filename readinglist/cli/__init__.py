"""Command-line entry point: argument parsing and printing; the work happens in the library."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from readinglist import __version__
from readinglist.cli import commands, journal
from readinglist.cli.context import Context
from readinglist.errors import ReadingListError
from readinglist.paths import DB_ENV_VAR
from readinglist.text import one_line

DESCRIPTION = """\
Triage, queue, tag, rate and annotate research papers; export your notes as Markdown.
Run without a command to open the terminal app."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose epilog may be computed only when help is shown (the search
    syntax lives in the search module, which a plain command should not pay to import)."""

    lazy_epilog: Callable[[], str] | None = None

    def format_help(self) -> str:
        if self.lazy_epilog is not None:
            self.epilog = self.lazy_epilog()
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="readinglist",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"readinglist {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help=f"library file (default: ${DB_ENV_VAR}, else library.json in your data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in (commands, journal):
        module.register(subparsers)
    _register_optional_commands(subparsers)
    return parser


def _register_optional_commands(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Command groups that live in their own modules (export, maintenance)."""
    from importlib import import_module

    for name in ("readinglist.cli.export", "readinglist.cli.maintenance"):
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.register(subparsers)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    context = Context(args.db)
    try:
        if args.command is None:
            return _start_tui(context)
        code: int = args.handler(args, context)
        return code
    except ReadingListError as error:
        # Messages quote file names and values, which are untrusted: one safe line.
        print(f"readinglist: error: {one_line(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(
            "readinglist: interrupted; nothing was saved for the step in progress", file=sys.stderr
        )
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # output piped to `head`: not an error worth a traceback
        return 0
    finally:
        context.close()


def _start_tui(context: Context) -> int:
    from readinglist.tui import run

    return run(context.library_path)
