"""Deterministic synthetic libraries for the benchmarks: papers, a Daily Papers file, a library.

Papers come from one seeded random stream, so the first 1,000 papers of the 100,000 set are
the 1,000 set, and the same version of this file always makes the same bytes. Abstract words
are drawn from the word frequencies of the seed abstracts (`words.tsv`), with a long tail of
made-up technical words drawn Zipf-like, so the vocabulary keeps growing with the library
the way a real one does.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from readinglist.library import Library
from readinglist.model import Paper, Source, Status, normalize_title, paper_id

# Bump when the generated papers change, so cached files are made again.
GENERATOR_VERSION = 1
SEED = "readinglist-benchmarks"
SIZES = (1_000, 10_000, 100_000)
HERE = Path(__file__).resolve().parent
CACHE_DIR = HERE / ".cache"
WORDS_FILE = HERE / "words.tsv"

ABSTRACT_MIN, ABSTRACT_MAX = 1_000, 2_000
TAIL_WORDS = 60_000
TAIL_SHARE = 0.5  # chance that a sentence carries one word from the long tail
TAGGED_SHARE, NOTED_SHARE = 0.4, 0.1
FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2025, 12, 31)

# --- vocabulary for titles ----------------------------------------------------------------

NAME_HEADS = (
    "Astra", "Auto", "Bio", "Chrono", "Cross", "Deep", "Dyna", "Echo", "Flash", "Flux", "Gala",
    "Geo", "Helio", "Hyper", "Info", "Lumi", "Mega", "Meta", "Mono", "Neo", "Nova", "Octo",
    "Omni", "Open", "Para", "Poly", "Quanta", "Sky", "Sparse", "Star", "Tera", "Tiny", "Turbo",
    "Uni", "Vera", "Vox", "Zeta", "Orca", "Pico", "Kairos", "Lynx", "Mira", "Terra", "Aero",
)  # fmt: skip
NAME_TAILS = (
    "Gen", "Flow", "Former", "Net", "LM", "Diff", "Mamba", "CLIP", "Seg", "Vid", "Code", "Math",
    "Agent", "RL", "Tok", "Mix", "Fusion", "Pose", "Depth", "Edit", "Bench", "VLA", "Nav",
    "Speech", "Mol", "Fold", "Graph", "Cast", "Sim", "Plan", "Rank", "Guard", "Sight", "Verse",
)  # fmt: skip
NAME_SUFFIXES = ("", "", "", "", "-2", "++", "-XL", "-R1", "V2", "-Zero", "-Lite", "X", "-o")
ADJECTIVES = (
    "Efficient", "Scalable", "Robust", "Unified", "Adaptive", "Sparse", "Hierarchical",
    "Multimodal", "Self-Supervised", "Zero-Shot", "Few-Shot", "Lightweight", "Interpretable",
    "Controllable", "Compositional", "Generalizable", "Contrastive", "Autoregressive", "Hybrid",
    "Dynamic", "Continual", "Federated", "Causal", "Differentiable", "Probabilistic",
    "Long-Context", "Real-Time", "Training-Free", "Data-Efficient", "Memory-Efficient",
    "Privacy-Preserving", "Physics-Informed", "Geometry-Aware", "Uncertainty-Aware",
    "Reward-Guided", "Latent", "Discrete", "Structured", "Multilingual", "Open-Vocabulary",
    "Faithful", "Calibrated", "Verifiable", "Parameter-Efficient", "Decoupled", "Modular",
    "Streaming", "Implicit", "Equivariant", "Token-Level", "Fine-Grained", "Holistic",
)  # fmt: skip
NOUNS = (
    "Diffusion Models", "Transformers", "Language Models", "Vision-Language Models",
    "Reward Models", "Mixture-of-Experts", "State Space Models", "Graph Neural Networks",
    "Normalizing Flows", "Neural Fields", "Gaussian Splatting", "Retrieval", "Attention",
    "Tokenizers", "Agents", "Policies", "World Models", "Embeddings", "Autoencoders",
    "Representations", "Adapters", "Prompting", "Decoding", "Distillation", "Quantization",
    "Pruning", "Alignment", "Preference Optimization", "Chain-of-Thought Reasoning",
    "In-Context Learning", "Speculative Decoding", "Video Diffusion", "Codebooks",
    "Vision Transformers", "Speech Models", "Value Functions", "Planners", "Memory",
    "Routing", "Benchmarks", "Evaluators", "Critics", "Verifiers", "Encoders", "Decoders",
    "Point Clouds", "Scene Graphs", "Neural Operators", "Kernels", "Optimizers",
)  # fmt: skip
TASKS = (
    "Image Synthesis", "Video Understanding", "Code Generation", "Mathematical Reasoning",
    "Robotic Manipulation", "Speech Recognition", "Machine Translation", "3D Reconstruction",
    "Medical Imaging", "Protein Design", "Weather Forecasting", "Autonomous Driving",
    "Document Understanding", "Question Answering", "Text-to-Image Generation",
    "Semantic Segmentation", "Object Detection", "Time Series Forecasting",
    "Molecule Generation", "Recommendation", "Tabular Learning", "Long-Document Summarization",
    "Theorem Proving", "Embodied Navigation", "Audio Generation", "Visual Grounding",
    "Table Reasoning", "Web Agents", "Legal Text Analysis", "Scientific Discovery",
    "Image Editing", "Motion Generation", "Depth Estimation", "Novel View Synthesis",
    "Instruction Following", "Tool Use", "Dialogue", "Fact Verification", "Anomaly Detection",
    "Pose Estimation", "Music Generation", "Chemistry", "Materials Discovery", "Climate Modeling",
    "Drug Discovery", "Software Engineering", "Information Extraction", "Visual Question Answering",
)  # fmt: skip
METHODS = (
    "Contrastive Learning", "Reinforcement Learning", "Curriculum Learning",
    "Knowledge Distillation", "Low-Rank Adaptation", "Test-Time Scaling", "Self-Play",
    "Synthetic Data", "Preference Feedback", "Sparse Attention", "Token Merging",
    "Flow Matching", "Score Distillation", "Monte Carlo Tree Search", "Process Supervision",
    "Active Learning", "Meta-Learning", "Optimal Transport", "Bayesian Inference",
    "Energy-Based Modeling", "Masked Modeling", "Mixture of Experts", "Retrieval Augmentation",
    "Self-Correction", "Iterative Refinement", "Model Merging", "Guided Sampling",
)  # fmt: skip
QUALIFIERS = (
    "", "", "", "at Scale", "in the Wild", "from Scratch", "with Limited Data",
    "under Distribution Shift", "without Labels", "on a Budget", "for Edge Devices",
    "in Low-Resource Languages", "with Human Feedback", "Across Domains", "in One Step",
)  # fmt: skip
PROPERTIES = (
    "Robustness", "Limits", "Scaling", "Emergence", "Role", "Geometry", "Sample Complexity",
    "Calibration", "Generalization", "Stability", "Expressivity", "Brittleness", "Fairness",
)  # fmt: skip
ROLES = (
    "Planners", "Retrievers", "Reward Models", "Compressors", "Optimizers", "World Models",
    "Few-Shot Learners", "Zero-Shot Reasoners", "Simulators", "Judges", "Annotators",
)  # fmt: skip
GERUNDS = (
    "Scaling", "Rethinking", "Revisiting", "Unifying", "Distilling", "Aligning", "Benchmarking",
    "Accelerating", "Compressing", "Steering", "Grounding", "Probing",
)  # fmt: skip
TAGS = (
    "llm", "diffusion", "vision", "rl", "agents", "reasoning", "robotics", "speech", "3d",
    "video", "benchmark", "efficiency", "alignment", "safety", "multimodal", "retrieval",
    "theory", "optimization", "to-cite", "reproduce", "dataset", "survey", "code", "math",
    "graphs", "biology", "medical", "interpretability", "compression", "quantization",
    "tokenization", "long-context", "evaluation", "generative", "self-supervised", "nlp",
    "audio", "embodied", "planning", "privacy", "fairness", "federated", "time-series",
    "thesis-ch2", "thesis-ch3", "reading-group", "project-atlas", "project-orion", "baseline",
    "sota", "negative-result", "must-read", "later", "related-work", "ideas", "teaching",
)  # fmt: skip
OPENERS = (
    "We propose {name}, a", "We introduce {name}, a", "In this paper, we present {name}, a",
    "{name} achieves", "Unlike prior work, {name}", "We show that",
    "Experiments on {dataset} show that", "To address this, we", "However, existing methods",
    "Recent advances in", "Our analysis reveals that",
    "Furthermore,", "In addition,", "Specifically,", "Moreover,", "As a result,", "Empirically,",
    "We further find that", "Extensive experiments demonstrate that", "Despite progress in",
)  # fmt: skip
DATASETS = (
    "ImageNet", "COCO", "MMLU", "GSM8K", "HumanEval", "LibriSpeech", "ScanNet", "Kinetics-400",
    "WMT14", "ARC", "MATH", "SWE-bench", "nuScenes", "Ego4D", "LAION",
)  # fmt: skip
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAILY_HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "by AK and the research community\n\n"
)
STATUS_WEIGHTS = {
    Status.NEW: 60, Status.TO_READ: 15, Status.READING: 3, Status.READ: 17, Status.SKIPPED: 5,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SynthPaper:
    """A generated paper: what a Daily Papers page shows, and the user's fields."""

    paper: Paper
    show_byline: bool  # the "  • N authors · date" block, which some entries lack

    def daily_entry(self) -> str:
        paper = self.paper
        text = f"{paper.title}\n\n{paper.abstract}\n\n"
        if self.show_byline:
            day = date.fromisoformat(paper.published or "2024-01-01")
            shown = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
            if paper.upvotes:
                shown += f" {paper.upvotes}"
            text += f"  • {paper.author_count} authors\n·\n{shown}\n\n"
        return text


class _Words:
    """Draws running-text words: seed frequencies, plus a Zipf tail of made-up terms."""

    def __init__(self) -> None:
        rows = [
            line.split("\t")
            for line in WORDS_FILE.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]
        self.words = [word for word, _ in rows]
        self.cumulative = list(itertools.accumulate(int(count) for _, count in rows))
        self.tail = _made_up_words(TAIL_WORDS)
        self.tail_cumulative = list(
            itertools.accumulate(1 / (rank + 10) for rank in range(TAIL_WORDS))
        )

    def sentence_words(self, rng: random.Random, count: int) -> list[str]:
        words = rng.choices(self.words, cum_weights=self.cumulative, k=count)
        if rng.random() < TAIL_SHARE:
            words[rng.randrange(count)] = rng.choices(self.tail, cum_weights=self.tail_cumulative)[
                0
            ]
        return words


def _made_up_words(count: int) -> list[str]:
    """Pronounceable technical-looking words (`vantorization`, `kelimorph`), all different."""
    rng = random.Random(f"{SEED}-tail-{GENERATOR_VERSION}")
    onsets = (
        "b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cr",
        "dr", "gl", "pl", "pr", "sk", "sp", "st", "tr", "qu", "ch", "th", "x", "",
    )  # fmt: skip
    vowels = ("a", "e", "i", "o", "u", "ai", "eo", "io", "y")
    endings = ("", "n", "r", "x", "s", "l", "m", "tion", "ization", "morph", "former", "net",
               "gram", "scope", "metric", "tron", "lite", "ode", "ator", "ence")  # fmt: skip
    seen: set[str] = set()
    words: list[str] = []
    while len(words) < count:
        syllables = "".join(
            rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.randint(2, 3))
        )
        word = syllables + rng.choice(endings)
        if len(word) >= 5 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


class PaperGenerator:
    """Yields papers one by one; unique titles (after normalisation) and unique ids."""

    def __init__(self) -> None:
        self.rng = random.Random(f"{SEED}-{GENERATOR_VERSION}")
        self.words = _Words()
        self.titles: set[str] = set()
        self.ids: set[str] = set()
        self.queue_position = 0

    def __iter__(self) -> Iterator[SynthPaper]:
        while True:
            yield self.next_paper()

    def next_paper(self) -> SynthPaper:
        rng = self.rng
        name = self._name()
        title = self._unique_title(name)
        abstract = self._abstract(name)
        published = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        added = datetime(published.year, published.month, published.day) + timedelta(
            days=rng.randrange(30), seconds=rng.randrange(7 * 3600, 23 * 3600),
            milliseconds=rng.randrange(1000),
        )  # fmt: skip
        added_at = _timestamp(added)
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        rated = rng.random() < (0.8 if status in (Status.READ, Status.READING) else 0.05)
        rating = rng.choices((1, 2, 3, 4, 5), weights=(5, 10, 35, 35, 15))[0] if rated else 0
        tags = self._tags() if rng.random() < TAGGED_SHARE else []
        note = self._note(name) if rng.random() < NOTED_SHARE else ""
        touched = status is not Status.NEW or rating or tags or note
        updated_at = (
            _timestamp(added + timedelta(hours=rng.randrange(1, 2000))) if touched else added_at
        )
        queue_position = None
        if status is Status.TO_READ:
            queue_position, self.queue_position = self.queue_position, self.queue_position + 1
        upvotes = int(rng.paretovariate(1.1)) if rng.random() < 0.6 else None
        paper = Paper(
            id=paper_id(title, abstract, False),
            title=title,
            abstract=abstract,
            authors=max(1, min(60, round(rng.lognormvariate(1.6, 0.6)))),
            published=published.isoformat(),
            upvotes=min(upvotes, 3000) if upvotes else None,
            sources=[Source(f"daily-{added.date()}.txt", rng.randbytes(4).hex(), added_at)],
            added_at=added_at,
            updated_at=updated_at,
            status=status,
            rating=rating,
            tags=tags,
            note=note,
            queue_position=queue_position,
        )  # fmt: skip
        if paper.id in self.ids:  # a 48-bit id collision: astronomically rare, but never twice
            return self.next_paper()
        self.ids.add(paper.id)
        return SynthPaper(paper, show_byline=rng.random() < 0.85)

    def _name(self) -> str:
        rng = self.rng
        return rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS) + rng.choice(NAME_SUFFIXES)

    def _unique_title(self, name: str) -> str:
        while True:
            title = self._title(name)
            key = normalize_title(title)
            if key not in self.titles:
                self.titles.add(key)
                return title
            name = self._name()

    def _title(self, name: str) -> str:
        pick = self.rng.choice
        pattern = self.rng.randrange(10)
        if pattern <= 2:
            title = f"{name}: {pick(ADJECTIVES)} {pick(NOUNS)} for {pick(TASKS)} {pick(QUALIFIERS)}"
        elif pattern <= 4:
            title = f"{pick(ADJECTIVES)} {pick(NOUNS)} for {pick(TASKS)} via {pick(METHODS)}"
        elif pattern == 5:
            title = f"{name}: {pick(GERUNDS)} {pick(NOUNS)} with {pick(METHODS)} {pick(QUALIFIERS)}"
        elif pattern == 6:
            title = (
                f"Towards {pick(ADJECTIVES)} {pick(TASKS)} with {pick(NOUNS)} {pick(QUALIFIERS)}"
            )
        elif pattern == 7:
            title = (
                f"On the {pick(PROPERTIES)} of {pick(ADJECTIVES)} {pick(NOUNS)} in {pick(TASKS)}"
            )
        elif pattern == 8:
            title = f"{pick(ADJECTIVES)} {pick(NOUNS)} Are Secretly {pick(ROLES)} for {pick(TASKS)}"
        else:
            title = f"{name}: Can {pick(NOUNS)} Learn {pick(TASKS)} {pick(QUALIFIERS)}?"
        return " ".join(title.split()).replace(" ?", "?")

    def _abstract(self, name: str) -> str:
        rng = self.rng
        target = rng.randint(ABSTRACT_MIN, ABSTRACT_MAX)
        sentences: list[str] = []
        length = 0
        while length < target:
            sentence = self._sentence(name)
            if length + len(sentence) + 1 > ABSTRACT_MAX:
                if length >= ABSTRACT_MIN:
                    break
                sentence = sentence[: ABSTRACT_MAX - length - 2].rsplit(" ", 1)[0] + "."
            sentences.append(sentence)
            length += len(sentence) + 1
        if rng.random() < 0.2:
            code = f"Code is available at https://github.com/{name.lower()}-lab/{name}."
            if length + len(code) < ABSTRACT_MAX:
                sentences.append(code)
        return " ".join(sentences)

    def _sentence(self, name: str) -> str:
        rng = self.rng
        words = self.words.sentence_words(rng, rng.randint(8, 24))
        if rng.random() < 0.15:
            words.insert(rng.randrange(len(words)), f"({rng.choice(DATASETS)})")
        if rng.random() < 0.12:
            words.append(f"by {rng.randint(1, 40)}.{rng.randint(0, 9)}%")
        body = " ".join(words)
        if rng.random() < 0.45:
            opener = rng.choice(OPENERS).format(name=name, dataset=rng.choice(DATASETS))
            return f"{opener} {body}."
        return f"{body[0].upper()}{body[1:]}."

    def _tags(self) -> list[str]:
        count = self.rng.choices((1, 2, 3, 4), weights=(45, 30, 17, 8))[0]
        weights = [1 / (rank + 2) for rank in range(len(TAGS))]
        return sorted(set(self.rng.choices(TAGS, weights=weights, k=count)))

    def _note(self, name: str) -> str:
        rng = self.rng
        summary = " ".join(self._sentence(name) for _ in range(rng.randint(1, 6)))
        parts = [f"## Summary\n\n{summary}"]
        if rng.random() < 0.6:
            bullets = "\n".join(f"- {' '.join(self.words.sentence_words(rng, rng.randint(3, 12)))}"
                                for _ in range(rng.randint(1, 6)))  # fmt: skip
            parts.append(f"## Key points\n\n{bullets}")
        if rng.random() < 0.5:
            parts.append(
                f"**Verdict:** {' '.join(self.words.sentence_words(rng, rng.randint(4, 14)))}."
            )
        return "\n\n".join(parts)


def _timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds") + "Z"


def generate(count: int) -> list[SynthPaper]:
    """The first `count` papers of the stream (the same papers every time)."""
    return list(itertools.islice(PaperGenerator(), count))


def daily_papers_text(papers: list[SynthPaper]) -> str:
    """One Daily Papers page holding every paper, in the format of the seed pages."""
    return DAILY_HEADER + "".join(p.daily_entry() for p in papers)


# --- cached files -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dataset:
    """The generated files for one size; treat them as read-only (copy before editing)."""

    size: int
    folder: Path

    @property
    def library(self) -> Path:
        return self.folder / "library" / "library.json"

    @property
    def daily_papers(self) -> Path:
        return self.folder / "daily-papers.txt"

    @property
    def bibtex(self) -> Path:
        return self.folder / "papers.bib"

    def copy_library(self, target_dir: Path) -> Path:
        """A private, editable copy of the library (snapshot and journal)."""
        shutil.copytree(self.library.parent, target_dir, dirs_exist_ok=True)
        return target_dir / self.library.name


def cache_key() -> str:
    """Changes whenever the generator, its word list or the library's file format changes."""
    import readinglist

    package = Path(readinglist.__file__).parent
    inputs = [
        Path(__file__),
        WORDS_FILE,
        package / "model.py",
        *sorted(package.glob("storage/*.py")),
    ]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in inputs))
    return f"v{GENERATOR_VERSION}-{digest.hexdigest()[:10]}"


def dataset(size: int, cache_dir: Path = CACHE_DIR) -> Dataset:
    """The files for `size` papers, generated on first use and cached."""
    folder = cache_dir / cache_key() / f"n{size}"
    data = Dataset(size, folder)
    if not (folder / "complete").exists():
        _build(data)
    return data


def _build(data: Dataset) -> None:
    if data.folder.exists():
        shutil.rmtree(data.folder)  # an earlier build was interrupted
    data.folder.mkdir(parents=True)
    papers = generate(data.size)
    data.daily_papers.write_text(daily_papers_text(papers), encoding="utf-8")
    data.bibtex.write_text("".join(bibtex_entry(p.paper) for p in papers), encoding="utf-8")
    library = Library.open(data.library)
    library.add_papers((p.paper for p in papers), label="synthetic library")
    library.close()
    (data.folder / "complete").write_text(f"{len(papers)}\n")


def bibtex_entry(paper: Paper) -> str:
    """A BibTeX entry for the peer tools, which read BibTeX rather than Daily Papers pages."""
    year = (paper.published or "2024")[:4]
    authors = " and ".join(
        f"Author{n} {paper.id[:4].upper()}" for n in range(paper.author_count or 1)
    )
    fields = {
        "title": _bibtex_escape(paper.title),
        "author": authors,
        "year": year,
        "abstract": _bibtex_escape(paper.abstract),
        "keywords": ", ".join(paper.tags),
        "annote": _bibtex_escape(paper.note.replace("\n", " ")),
    }
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items() if value)
    return f"@article{{p{paper.id},\n{body}\n}}\n\n"


def _bibtex_escape(text: str) -> str:
    return text.replace("\\", "").replace("{", "(").replace("}", ")").replace("%", r"\%")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate (and cache) the synthetic libraries.")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated")
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        data = dataset(size)
        print(
            f"{size:>7} papers: {data.folder} ({time.perf_counter() - started:.1f} s)",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
