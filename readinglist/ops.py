"""Journal operations on the in-memory papers: apply them, and invert them for undo."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from readinglist.model import Paper, Source, Status

Op = dict[str, Any]


def add_op(paper: Paper) -> Op:
    return {"op": "add", "paper": paper.to_record()}


def remove_op(paper: Paper) -> Op:
    return {"op": "remove", "paper": paper.to_record()}


def set_op(paper: Paper, after: dict[str, Any], now: str) -> Op | None:
    """Set user fields; None when nothing would change."""
    before = {key: field_value(paper, key) for key in after}
    if before == after:
        return None
    return {
        "op": "set",
        "id": paper.id,
        "before": {**before, "updated_at": paper.updated_at},
        "after": {**after, "updated_at": now},
    }


def field_value(paper: Paper, key: str) -> Any:
    value = getattr(paper, key)
    if isinstance(value, Status):
        return value.value
    if key == "sources":
        return [s.to_dict() for s in value]
    if isinstance(value, list):
        return list(value)
    return value


def apply_op(papers: MutableMapping[str, Paper], op: Op) -> str:
    """Apply one op; returns the id of the paper it touched."""
    kind = op["op"]
    if kind == "add":
        paper = Paper.from_dict(op["paper"])
        papers[paper.id] = paper
        return paper.id
    if kind == "remove":
        paper_id = str(op["paper"]["id"])
        papers.pop(paper_id, None)
        return paper_id
    if kind == "set":
        paper_id = str(op["id"])
        target = papers.get(paper_id)
        if target is not None:
            _assign(target, op["after"])
        return paper_id
    raise ValueError(f"unknown journal op {kind!r}")


def invert(ops: list[Op]) -> list[Op]:
    """The ops that take `ops` back, in the order to apply them."""
    inverse: list[Op] = []
    for op in reversed(ops):
        kind = op["op"]
        if kind == "add":
            inverse.append({"op": "remove", "paper": op["paper"]})
        elif kind == "remove":
            inverse.append({"op": "add", "paper": op["paper"]})
        else:
            inverse.append(
                {"op": "set", "id": op["id"], "before": op["after"], "after": op["before"]}
            )
    return inverse


def touched_ids(ops: list[Op]) -> list[str]:
    ids = (str(op["id"]) if op["op"] == "set" else str(op["paper"]["id"]) for op in ops)
    return list(dict.fromkeys(ids))


def _assign(paper: Paper, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key == "status":
            paper.status = Status(value)
        elif key == "sources":
            paper.sources = [Source.from_dict(s) for s in value]
        elif key in ("tags", "authors") and isinstance(value, list):
            setattr(paper, key, list(value))
        else:
            setattr(paper, key, value)
