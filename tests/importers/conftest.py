"""Shared fixtures for importer tests: the sample files shipped in seeds/."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ABSTRACT_SEEDS = ("000_f7a2d4bec7574f84.txt", "004_7740a02dc5256938.txt")
DAILY_SEEDS = ("001_fa3845e3e36f2e0c.txt", "003_e2fec9b6cb1eb41b.txt")


def seed_bytes(name: str) -> bytes:
    return (SEEDS / name).read_bytes()


def seed_text(name: str) -> str:
    return seed_bytes(name).decode("utf-8")


@pytest.fixture(scope="session")
def seed_abstracts() -> list[str]:
    """The 20 abstracts of the two abstract-line seeds, in file order."""
    abstracts = []
    for name in ABSTRACT_SEEDS:
        for line in seed_text(name).split("\n"):
            if line.startswith("Abstract:"):
                abstracts.append(line.removeprefix("Abstract:"))
    return abstracts
