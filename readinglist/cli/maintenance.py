"""Commands that keep a library safe: doctor, and backup list / create / restore."""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import textwrap
from collections.abc import Iterable
from typing import Any

from readinglist.cli.context import Context
from readinglist.errors import LibraryDamagedError, ReadingListError
from readinglist.maintenance.backups import LATEST, Backup, BackupFolder
from readinglist.maintenance.doctor import Diagnosis, Level, Repair, command, count, diagnose
from readinglist.maintenance.repair import repair
from readinglist.maintenance.restore import (
    RestorePlan,
    plan_restore,
    read_backup,
    restore,
    set_aside_damaged,
)
from readinglist.model import Paper
from readinglist.text import one_line, strip_unsafe

LISTED_TITLES = 8
_COMMAND = re.compile(r"`[^`]*`")
_GLUE = "\0"

DOCTOR_DESCRIPTION = """\
Check the library's files: the library file, its journal of changes, the lock, permissions,
leftover temporary files and the backups. Says in plain words what is wrong and the exact
command that recovers. Changes nothing unless you add --repair.

Exit code: 0 when nothing needs attention, 1 otherwise."""

REPAIR_HELP = """fix what can be fixed safely: rebuild the library file from the journal,
cut a damaged end off the journal, start a fresh journal, fix permissions, remove temporary
files; a copy of anything replaced is kept beside the library"""

RESTORE_DESCRIPTION = """\
Make the library hold exactly the papers of a backup. The library as it is now is backed up
first, and the restore is one ordinary change: `readinglist undo` takes it back."""

WHAT_REPAIR_DOES = {
    Repair.FIX_PERMISSIONS: "makes the files readable and writable by you only",
    Repair.REMOVE_TEMP_FILES: "removes them",
    Repair.CUT_JOURNAL: "cuts the journal there; a copy of the whole journal is kept",
    Repair.REBUILD_SNAPSHOT: (
        "rebuilds the library file from the journal; the files it replaces are kept as "
        "*.before-repair-TIME"
    ),
    Repair.NEW_JOURNAL: "starts a fresh journal from the library file; the old one is kept",
}
LABELS = {Level.OK: "ok", Level.NOTE: "note", Level.WARNING: "WARNING", Level.PROBLEM: "PROBLEM"}


def register(subparsers: Any) -> None:
    doctor = subparsers.add_parser(
        "doctor",
        help="check the library's files, explain what is wrong and how to recover",
        description=DOCTOR_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    doctor.add_argument("--repair", action="store_true", help=REPAIR_HELP)
    doctor.set_defaults(handler=cmd_doctor)

    backup = subparsers.add_parser(
        "backup",
        help="list, take and restore backups",
        description="Backups are taken when the library is checkpointed and at the first open "
        "of each day; the newest 10 are kept, plus one a day for a week.",
    )
    actions = backup.add_subparsers(dest="backup_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the backups, newest first")
    listing.set_defaults(handler=cmd_backup_list)
    create = actions.add_parser("create", help="take a backup now")
    create.set_defaults(handler=cmd_backup_create)
    restoring = actions.add_parser(
        "restore",
        help="make the library what it was in a backup (undoable)",
        description=RESTORE_DESCRIPTION,
    )
    restoring.add_argument(
        "id", metavar="ID", help=f"a backup id from `backup list`, a unique prefix, or {LATEST}"
    )
    restoring.add_argument("--dry-run", action="store_true", help="only show what would change")
    restoring.add_argument(
        "--replace-damaged",
        action="store_true",
        help="if the library cannot be opened, set its files aside (kept as *.damaged-TIME) "
        "and restore the backup into a fresh library",
    )
    restoring.set_defaults(handler=cmd_backup_restore)


def cmd_doctor(args: argparse.Namespace, context: Context) -> int:
    path = context.library_path
    if args.repair:
        report = repair(path)
        for done in report.done:
            _say(f"Repaired: {done}")
        if not report.done:
            _say("Nothing to repair.")
        assert report.after is not None
        diagnosis = report.after
        print()
    else:
        diagnosis = diagnose(path)
    print_diagnosis(diagnosis)
    return 0 if diagnosis.worst <= Level.NOTE else 1


def print_diagnosis(diagnosis: Diagnosis) -> None:
    width = min(_width(), 100)
    _say(f"Library: {diagnosis.path}")
    print()
    for finding in sorted(diagnosis.findings, key=lambda f: -f.level):
        label = f"  {LABELS[finding.level]:<9}"
        _say(_wrapped(finding.message, label, width))
        advice = finding.advice
        if finding.repair is not None:
            what = WHAT_REPAIR_DOES[finding.repair]
            fix = f"Fix: {command(diagnosis.path, 'doctor', '--repair')} ({what})."
            advice = f"{advice} {fix}" if advice else fix
        if advice:
            _say(_wrapped(advice, " " * len(label) + "→ ", width))
    print()
    problems = sum(1 for f in diagnosis.findings if f.level is Level.PROBLEM)
    warnings = sum(1 for f in diagnosis.findings if f.level is Level.WARNING)
    if not problems and not warnings:
        _say("No problems found.")
        return
    counts = [f"{problems} problem{'s' if problems != 1 else ''}"] if problems else []
    counts += [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
    summary = f"Found {' and '.join(counts)}."
    if diagnosis.repairs:
        summary += (
            f" {command(diagnosis.path, 'doctor', '--repair')} fixes what can be fixed safely "
            "and keeps a copy of anything it replaces."
        )
    _say(_wrapped(summary, "", width))


def cmd_backup_list(args: argparse.Namespace, context: Context) -> int:
    folder = BackupFolder(context.library_path)
    backups = folder.all()
    if not backups:
        _say(
            f"No backups of {context.library_path} yet. One is taken at the first open of "
            f"each day; {command(context.library_path, 'backup', 'create')} takes one now."
        )
        return 0
    _say(f"Backups in {folder.root} (newest first):")
    print(f"  {'ID':<22}{'TAKEN':<18}{'PAPERS':>8}{'SIZE':>10}")
    for backup in backups:
        try:
            papers = f"{backup.info().papers:,}"
        except ReadingListError:
            papers = "damaged"
        print(f"  {backup.id:<22}{_taken(backup):<18}{papers:>8}{_size(backup.size()):>10}")
    _say(f"Restore one with {command(context.library_path, 'backup', 'restore', 'ID')}.")
    return 0


def cmd_backup_create(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    if not len(library):
        _say("The library is empty: there is nothing to back up.")
        return 0
    backup = library.checkpoint()
    assert backup is not None  # the library is not empty, and a failure raises
    _say(f"Backed up {count(len(library), 'paper')} as {backup.id} in {backup.folder.parent}.")
    return 0


def cmd_backup_restore(args: argparse.Namespace, context: Context) -> int:
    path = context.library_path
    backup = BackupFolder(path).find(args.id)
    target = read_backup(backup)
    _say(f"Backup {backup.id}, taken {_taken(backup)}, holds {count(len(target), 'paper')}.")
    try:
        library = context.library()
    except LibraryDamagedError as error:
        if not args.replace_damaged:
            raise ReadingListError(
                f"{error.message}; the library cannot be opened, so the backup cannot be "
                "restored into it",
                f"{command(path, 'doctor')} may repair it; or add --replace-damaged to set "
                "its files aside and restore the backup into a fresh library",
            ) from None
        if args.dry_run:
            papers = count(len(target), "paper")
            _say(f"Would set the damaged library files aside and restore {papers}.")
            return 0
        for kept in set_aside_damaged(path):
            _say(f"Set aside (kept): {kept}")
        library = context.library()
    library.load_abstracts()
    plan = plan_restore(library.papers, target)
    if plan.is_empty:
        _say("The library already holds exactly these papers: nothing to restore.")
        return 0
    print_plan(plan)
    if args.dry_run:
        _say("Nothing was changed (--dry-run).")
        return 0
    result = restore(library, backup, target)
    if result.safety_backup is not None:
        _say(f"The library as it was is backed up as {result.safety_backup.id}.")
    _say(f"Restored backup {backup.id}. `readinglist undo` takes the restore back.")
    return 0


def print_plan(plan: RestorePlan) -> None:
    parts = [
        f"{len(plan.added):,} come back (+)" if plan.added else "",
        f"{len(plan.removed):,} go (-)" if plan.removed else "",
        f"{len(plan.changed):,} change (~)" if plan.changed else "",
    ]
    total = len(plan.added) + len(plan.removed) + len(plan.changed)
    _say(f"Restoring it changes {count(total, 'paper')}: {', '.join(p for p in parts if p)}.")
    shown = 0
    for sign, papers in (("+", plan.added), ("-", plan.removed), ("~", plan.changed)):
        for line in _titles(sign, papers, LISTED_TITLES - shown):
            _say(line)
            shown += 1
    if total > shown:
        _say(f"  … and {total - shown:,} more")


def _titles(sign: str, papers: Iterable[Paper], room: int) -> list[str]:
    lines: list[str] = []
    for paper in papers:
        if len(lines) >= room:
            break
        title = one_line(paper.title)
        lines.append(f"  {sign} {paper.id[:6]}  {title[:70] + '…' if len(title) > 71 else title}")
    return lines


def _say(text: str) -> None:
    """Print text that may quote file contents or paths: escapes and controls removed."""
    print(strip_unsafe(text))


def _wrapped(text: str, first: str, width: int) -> str:
    """Fill to the width, never breaking a `command` across lines: it must stay copyable."""
    glued = _COMMAND.sub(lambda m: m[0].replace(" ", _GLUE), text)
    filled = textwrap.fill(
        glued,
        width,
        initial_indent=first,
        subsequent_indent=" " * len(first),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return filled.replace(_GLUE, " ")


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100


def _taken(backup: Backup) -> str:
    return backup.created.astimezone().strftime("%Y-%m-%d %H:%M")


def _size(count: int) -> str:
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1024 / 1024:.1f} MB"
