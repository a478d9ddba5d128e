"""Deterministic synthetic papers for search tests: Zipf-distributed words, so that some terms
are in most papers (bitsets, cached prefixes) and most are rare (lists, typos)."""

from __future__ import annotations

import itertools
import random

from readinglist.model import Paper, Source, Status

REAL_WORDS = (
    "the", "of", "and", "a", "to", "in", "we", "model", "models", "diffusion", "transformer",
    "transformers", "attention", "video", "vision", "graph", "graphs", "learning", "policy",
    "robot", "token", "tokens", "data", "training", "café", "über", "naïve",
)  # fmt: skip
SYLLABLES = (
    "ba", "de", "di", "fu", "ga", "ko", "la", "me", "mi", "no", "pa", "pro", "re", "si", "ta",
    "tra", "tu", "vo", "ze", "ing", "tion",
)  # fmt: skip
TAGS = (
    "vision", "nlp", "diffusion", "rl", "robotics", "survey", "benchmark", "agents", "audio",
    "video",
)  # fmt: skip


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """Real words first, then made-up ones; earlier words are drawn more often."""
    words = list(REAL_WORDS)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(1, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def synthetic_papers(count: int, seed: int = 0, vocabulary_size: int = 2_000) -> list[Paper]:
    """Titles of 3-10 words, abstracts of 20-80, tags on half, notes on a tenth."""
    rng = random.Random(seed)
    words = vocabulary(vocabulary_size, rng)
    weights = list(itertools.accumulate(1 / (rank + 5) for rank in range(len(words))))

    def text(low: int, high: int) -> str:
        return " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(low, high)))

    return [
        Paper(
            id=f"{number:012x}",
            title=text(3, 10).capitalize(),
            abstract=text(20, 80) + ".",
            tags=sorted(rng.sample(TAGS, rng.choice((0, 0, 1, 2)))),
            note=text(3, 15) if rng.random() < 0.1 else "",
            status=rng.choice(list(Status)),
            rating=rng.randint(0, 5),
            sources=[Source(f"imports/batch{number % 7}.txt", f"b{number % 7:04d}", "")],
        )
        for number in range(count)
    ]
