"""Benchmark results as Markdown tables: values, targets, pass or fail, and what failed."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parent / "README.md"


@dataclass(frozen=True)
class Metric:
    key: str  # the entry in the results of one size
    label: str
    unit: str
    stat: str  # "median", "p50" or "p95"
    targets: dict[int, float] = field(default_factory=dict)  # size -> limit
    higher: bool = False  # True: the value must reach the target, not stay under it

    def value(self, found: dict[str, Any]) -> float | None:
        entry = found.get(self.key)
        if not isinstance(entry, dict):
            return None
        value = entry.get(self.stat)
        return float(value) if isinstance(value, int | float) else None

    def passes(self, value: float, size: int) -> bool | None:
        target = self.targets.get(size)
        if target is None:
            return None
        return value >= target if self.higher else value <= target


def fmt(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "x":
        return f"{value:.2f}x"
    if unit in ("papers/s", "B", "MB"):
        return f"{value:,.0f} {unit}"
    return f"{value:g} {unit}"


def _target(metric: Metric, size: int) -> str:
    target = metric.targets.get(size)
    if target is None:
        return ""
    return ("≥ " if metric.higher else "≤ ") + fmt(target, metric.unit)


def _cell(metric: Metric, found: dict[str, Any], size: int) -> str:
    error = found.get(metric.key.split("/")[0], {}).get("error") or found.get(metric.key, {}).get(
        "error"
    )
    if error:
        return "error"
    value = metric.value(found)
    if value is None:
        return "—"
    verdict = metric.passes(value, size)
    mark = "" if verdict is None else (" ✅" if verdict else " ❌")
    bound = found.get(metric.key, {}).get("bound", "")
    return f"{bound} {fmt(value, metric.unit)}{mark}".strip()


def _size_table(data: dict[str, Any], rows: list[Metric], with_targets: bool) -> list[str]:
    sizes = [int(s) for s in data["sizes"]]
    header = ["", *(f"{s:,} papers" for s in sizes)]
    target_sizes = [10_000, 100_000] if with_targets else []
    header += [f"target at {s:,}" for s in target_sizes]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for metric in rows:
        cells = [metric.label]
        cells += [_cell(metric, data["sizes"][str(s)], s) for s in sizes]
        cells += [_target(metric, s) for s in target_sizes]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def failures(data: dict[str, Any], rows: list[Metric]) -> list[str]:
    """One line per missed target, with how far off it is."""
    missed = []
    for size_text, found in data["sizes"].items():
        size = int(size_text)
        for metric in rows:
            value = metric.value(found)
            target = metric.targets.get(size)
            if value is None or target is None or metric.passes(value, size):
                continue
            factor = target / value if metric.higher else value / target
            missed.append(
                f"- {metric.label} at {size:,} papers: {fmt(value, metric.unit)} "
                f"(target {_target(metric, size)}, {factor:.1f}x off)"
            )
    return missed


def errors(data: dict[str, Any]) -> list[str]:
    found = [
        f"- {key} at {int(size):,} papers: {entry['error']}"
        for size, results in data["sizes"].items()
        for key, entry in results.items()
        if isinstance(entry, dict) and "error" in entry
    ]
    found += [
        f"- {key}: {entry['error']}"
        for key, entry in data["floor"].items()
        if isinstance(entry, dict) and "error" in entry
    ]
    return found


def render_tables(
    data: dict[str, Any], rows: list[Metric], details: list[Metric], floor: list[Metric]
) -> str:
    runs = data["meta"].get("merged_from") or [data["meta"]]
    lines = [
        *(
            f"Run of {', '.join(f'{int(s):,}' for s in meta['sizes'])} papers: commit "
            f"`{meta['commit'][:10]}`{' (with uncommitted changes)' if meta['dirty'] else ''}, "
            f"{meta['date']}, {meta['cpus']} cores, Python {meta['python']}, "
            f"Textual {meta['textual']}{', quick run' if meta['quick'] else ''}; "
            f"load average {_load(meta)}.  "
            for meta in runs
        ),
        *(["Each number comes from the last run that measured it."] if len(runs) > 1 else []),
        "",
        *_size_table(data, rows, with_targets=True),
        "",
        "Floor (the same at every size):",
        "",
        "| | median | CPU time |",
        "|---|---|---|",
        *(
            f"| {m.label} | {fmt(m.value(data['floor']), m.unit)} | "
            f"{fmt(data['floor'].get(m.key, {}).get('cpu_median'), m.unit)} |"
            for m in floor
        ),
        "",
        "Where the time goes:",
        "",
        *_size_table(data, details, with_targets=False),
    ]
    missed = failures(data, rows)
    lines += ["", "Missed targets:", "", *(missed or ["- none"])]
    broken = errors(data)
    if broken:
        lines += ["", "Measurements that failed to run:", "", *broken]
    return "\n".join(lines)


def _load(meta: dict[str, Any]) -> str:
    """The 1-minute load average before and after: above the core count, other work competed."""
    before, after = meta.get("load_average_before"), meta.get("load_average_after")
    if not before or not after:
        return "unknown"
    return f"{before[0]:.1f} before, {after[0]:.1f} after"


def write_section(readme: Path, name: str, text: str) -> None:
    """Replace one generated section of the README (between `<!-- name:start/end -->`)."""
    content = readme.read_text(encoding="utf-8")
    start_marker, end_marker = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    start, end = content.index(start_marker), content.index(end_marker)
    block = f"{start_marker}\n{text}\n"
    readme.write_text(content[:start] + block + content[end:], encoding="utf-8")
