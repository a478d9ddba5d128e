"""The core knows nothing of the UI: importing it loads neither textual nor rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import readinglist

CHECK = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
    leaked = sorted(m for m in ("textual", "rich") if m in sys.modules)
    if leaked:
        raise SystemExit(f"{name} imports {leaked}")
"""


def core_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(readinglist.__path__, "readinglist.")
        if not info.name.startswith(("readinglist.tui", "readinglist.__main__"))
    ]
    return sorted(names)


def test_core_and_cli_modules_do_not_import_textual_or_rich() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK, *core_modules()], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr or result.stdout


def test_importing_the_package_loads_nothing_else() -> None:
    code = "import sys; old = set(sys.modules); import readinglist; print(set(sys.modules) - old)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "{'readinglist'}"
