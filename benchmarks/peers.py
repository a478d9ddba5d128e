"""The peers on the same work: import the same papers (as BibTeX, which they read), list them.

Each peer lives in its own virtual environment outside the repository (pubs needs
bibtexparser 1, coBib and papis need 2), made once with:

    python3 -m venv /tmp/peers/pubs
    /tmp/peers/pubs/bin/pip install pubs 'bibtexparser<2' pyparsing
    python3 -m venv /tmp/peers/papis && /tmp/peers/papis/bin/pip install papis
    python3 -m venv /tmp/peers/cobib && /tmp/peers/cobib/bin/pip install cobib

Then: `python -m benchmarks.peers [--sizes 1000,10000] [--peers-dir /tmp/peers]`.
Every command runs with a private HOME and no standard input, so nothing can prompt.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from benchmarks import synth
from benchmarks.report import README, write_section
from benchmarks.run import REPO, median, readinglist_command

DEFAULT_PEERS_DIR = Path("/tmp/peers")
IMPORT_TIMEOUT = 900.0
LIST_RUNS = 3


@dataclass(frozen=True)
class Peer:
    name: str
    setup: Callable[[Path, Path], list[list[str]]]  # (bin folder, home) -> commands, untimed
    import_command: Callable[[Path, Path, Path], list[str]]  # (bin, home, bib file)
    list_command: Callable[[Path, Path], list[str]]  # (bin, home)


def _papis_config(home: Path) -> None:
    config = home / ".config" / "papis" / "config"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"[settings]\ndefault-library = bench\n\n[bench]\ndir = {home / 'papis'}\n")
    (home / "papis").mkdir()


def _readinglist(home: Path, *args: str) -> list[str]:
    return [*readinglist_command(), "--db", str(home / "lib.json"), *args]


def _pubs(bin_dir: Path, home: Path, *args: str) -> list[str]:
    return [str(bin_dir / "pubs"), "-c", str(home / "pubsrc"), *args]


PEERS = [
    Peer(
        "readinglist",
        lambda _bin, _home: [],
        lambda _bin, home, bib: _readinglist(home, "import", str(bib)),
        lambda _bin, home: _readinglist(home, "list"),
    ),
    Peer(
        "pubs",
        lambda bin_dir, home: [_pubs(bin_dir, home, "init", "-p", str(home / "repo"))],
        lambda bin_dir, home, bib: _pubs(bin_dir, home, "import", str(bib)),
        lambda bin_dir, home: _pubs(bin_dir, home, "list"),
    ),
    Peer(
        "papis",
        lambda _bin, home: [],
        lambda bin_dir, _home, bib: [
            str(bin_dir / "papis"), "bibtex", "read", str(bib), "import", "--all", "--batch",
        ],
        lambda bin, _home: [str(bin / "papis"), "list", "--all", "--format", "{doc[title]}"],
    ),
    Peer(
        "cobib",
        lambda bin_dir, _home: [[str(bin_dir / "cobib"), "init"]],
        lambda bin, _home, bib: [str(bin / "cobib"), "add", "-b", str(bib), "--skip-download"],
        lambda bin_dir, _home: [str(bin_dir / "cobib"), "-p", "list"],
    ),
]  # fmt: skip


def _env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO),
        "LANG": "C.UTF-8",
        "COLUMNS": "160",
    }


def _timed(command: list[str], home: Path, timeout: float) -> tuple[float, bytes]:
    started = time.perf_counter()
    done = subprocess.run(
        command, env=_env(home), cwd=home, stdin=subprocess.DEVNULL, capture_output=True,
        timeout=timeout, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(f"{Path(command[0]).name} exited {done.returncode}: {' | '.join(tail)}")
    return elapsed, done.stdout


def measure_peer(peer: Peer, bin_dir: Path, data: synth.Dataset) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix=f"rl-peer-{peer.name}-"))
    try:
        if peer.name == "papis":
            _papis_config(home)
        for command in peer.setup(bin_dir, home):
            _timed(command, home, 120)
        try:
            seconds, _ = _timed(
                peer.import_command(bin_dir, home, data.bibtex), home, IMPORT_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            return {"error": f"import still running after {IMPORT_TIMEOUT:.0f} s; stopped"}
        first_list, output = _timed(peer.list_command(bin_dir, home), home, 600)
        again = [_timed(peer.list_command(bin_dir, home), home, 600)[0] for _ in range(LIST_RUNS)]
        return {
            "import_s": seconds,
            "import_papers_per_s": data.size / seconds,
            "list_first_s": first_list,
            "list_s": median(again),
            "listed_lines": output.count(b"\n"),
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)


def table(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    lines = [
        "| tool | papers | import | import papers/s | first list | list (median of 3) | lines |",
        "|---|---|---|---|---|---|---|",
    ]
    for size, peers in results.items():
        for name, found in peers.items():
            if "error" in found:
                lines.append(f"| {name} | {int(size):,} | {found['error']} | | | | |")
                continue
            lines.append(
                f"| {name} | {int(size):,} | {found['import_s']:.1f} s | "
                f"{found['import_papers_per_s']:,.0f} | {found['list_first_s']:.2f} s | "
                f"{found['list_s']:.2f} s | {found['listed_lines']:,} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--peers-dir", type=Path, default=DEFAULT_PEERS_DIR)
    parser.add_argument("--only", default="", help="comma-separated tool names")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "peers.json")
    parser.add_argument("--report", type=Path, metavar="JSON", help="show saved results instead")
    parser.add_argument("--update-readme", action="store_true", help="put the table in README.md")
    args = parser.parse_args(argv)
    if args.report:
        return _publish(orjson.loads(args.report.read_bytes()), args.update_readme)
    wanted = set(filter(None, args.only.split(",")))
    # Runs of some tools or sizes update the saved results rather than replace them.
    results: dict[str, dict[str, dict[str, Any]]] = (
        orjson.loads(args.out.read_bytes()) if args.out.exists() else {}
    )
    for size in (int(s) for s in args.sizes.split(",")):
        data = synth.dataset(size)
        results.setdefault(str(size), {})
        for peer in PEERS:
            if wanted and peer.name not in wanted:
                continue
            bin_dir = args.peers_dir / peer.name / "bin"
            if peer.name != "readinglist" and not bin_dir.exists():
                results[str(size)][peer.name] = {"error": f"not installed in {bin_dir.parent}"}
                continue
            print(f"{peer.name} at {size:,} papers …", file=sys.stderr, flush=True)
            try:
                results[str(size)][peer.name] = measure_peer(peer, bin_dir, data)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                results[str(size)][peer.name] = {"error": str(error)[:300]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    return _publish(results, args.update_readme)


def _publish(results: dict[str, dict[str, dict[str, Any]]], update_readme: bool) -> int:
    print(table(results))
    if update_readme:
        write_section(README, "peers", table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
