"""Promise 8: the library, its journal and its backups are private; nothing leaves the machine."""

from __future__ import annotations

import ast
import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import readinglist
from readinglist.library import Library
from readinglist.maintenance.backups import BackupFolder
from tests.conftest import SEEDS
from tests.reliability.conftest import Cli

NETWORK_MODULES = {
    "socket", "ssl", "http", "urllib", "urllib3", "requests", "httpx", "aiohttp", "ftplib",
    "smtplib", "imaplib", "poplib", "xmlrpc", "telnetlib", "websockets", "webbrowser",
}  # fmt: skip


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """As if the user's umask let everyone read everything new."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def session(cli: Cli, library_path: Path) -> None:
    """Everything that writes files: import, edits, undo, backups, restore, doctor --repair."""
    assert cli("import", str(SEEDS)).code == 0
    pid = sorted(Library.open(library_path).papers)[0]
    for command in (
        ["rate", pid, "4"], ["tag", pid, "private"], ["note", pid, "--set", "secret thoughts"],
        ["status", pid, "read"], ["delete", pid], ["undo"], ["backup", "create"],
        ["backup", "restore", "latest"], ["list"], ["show", pid], ["stats"], ["history"],
    ):  # fmt: skip
        assert cli(*command).code == 0, command
    library_path.with_name("library.json.tmp-1-x").write_bytes(b"stray")
    library_path.write_bytes(b"damaged")
    assert cli("doctor", "--repair").code == 0  # rebuilds, keeping a copy of the damage
    assert cli("doctor").code == 0


def test_every_file_and_folder_readinglist_makes_is_private_to_its_owner(
    library_path: Path, cli: Cli, permissive_umask: None
) -> None:
    session(cli, library_path)
    made = sorted(library_path.parent.rglob("*"))
    assert len(made) > 10
    assert any(".before-repair-" in p.name for p in made)
    assert any(p.parent.name == "backups" for p in made)
    for path in [library_path.parent, *made]:
        mode = path.stat().st_mode
        expected = 0o700 if stat.S_ISDIR(mode) else 0o600
        assert mode & 0o777 == expected, f"{path} has mode {mode & 0o777:o}"


def test_the_default_data_folder_is_created_private(permissive_umask: None) -> None:
    from readinglist.cli import main

    assert main(["list"]) == 0  # no --db: the library in the user's data folder
    folder = Path(os.environ["XDG_DATA_HOME"]) / "readinglist"
    assert folder.stat().st_mode & 0o777 == 0o700
    for file in folder.iterdir():
        assert file.stat().st_mode & 0o777 == 0o600, file


def test_a_whole_session_works_with_the_network_unplugged(
    library_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unplugged(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"readinglist tried to use the network: {args!r}")

    monkeypatch.setattr(socket, "socket", unplugged)
    monkeypatch.setattr(socket, "create_connection", unplugged)
    monkeypatch.setattr(socket, "getaddrinfo", unplugged)
    session(cli, library_path)
    assert BackupFolder(library_path).all()


def imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_of_readinglist_can_reach_the_network() -> None:
    package = Path(readinglist.__file__).parent
    offenders = {
        str(source.relative_to(package)): sorted(imported_modules(source) & NETWORK_MODULES)
        for source in package.rglob("*.py")
    }
    assert {name: used for name, used in offenders.items() if used} == {}
