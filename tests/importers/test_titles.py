"""Titles derived from abstracts: the introduced name and what it is, else the first sentence."""

from __future__ import annotations

import pytest

from readinglist.importers.titles import MAX_DERIVED_TITLE, derive_title, unique_derived_title
from readinglist.model import normalize_title

# What the 20 abstracts of seeds/000 and seeds/004 are called, in file order.
EXPECTED_SEED_TITLES = [
    "Apollo: a state-of-the-art family of LMMs",
    "Test-Time Training (TTT) layers: "
    "a new class of sequence modeling layers with linear complexity…",
    "A simple regression analysis approach for controlling biases in auto-evaluations",
    "ToolEmu: a framework that uses an LM to emulate tool execution",
    "AlpacaFarm: a simulator that enables research and development for learning from feedback…",
    "An SSL risk decomposition, which generalizes "
    "the classical supervised approximation-estimation…",
    "Characterizing properties that SSL representations should ideally satisfy",
    "The development of CLIP has sparked a debate on whether language supervision can result…",
    "InstaAug: a method for automatically learning input-specific augmentations from data",
    "A simple variational objective whose optima are exactly the set of all representations…",
    "LLM2LLM: a targeted and iterative data augmentation strategy",
    "xT: a simple framework for vision transformers",
    "Aligned text-image encoders such as CLIP "
    "have become the de facto model for vision-language tasks",
    "Dynamic Reversible Dual-Residual Networks (Dr²Net): a novel family of network architectures",
    "Latent corridors: a new adaptation approach inspired by prompt tuning",
    "A novel sequential modeling approach which enables learning a Large Vision Model (LVM)",
    "EgoSchema: a very long-form video question-answering dataset",
    "PaReprop: a fast Parallelized Reversible Backpropagation algorithm",
    "DiffMAE: diffusion models as masked autoencoders",
    "Big Little Decoder (BiLD): a framework that can improve inference efficiency and latency…",
]


@pytest.mark.parametrize("index", range(len(EXPECTED_SEED_TITLES)))
def test_seed_abstract_gets_a_readable_title(seed_abstracts: list[str], index: int) -> None:
    assert derive_title(seed_abstracts[index]) == EXPECTED_SEED_TITLES[index]


def test_seed_titles_fit_and_are_distinct(seed_abstracts: list[str]) -> None:
    titles = [derive_title(a) for a in seed_abstracts]
    assert all(len(t) <= MAX_DERIVED_TITLE for t in titles)
    assert len({normalize_title(t) for t in titles}) == len(titles)


@pytest.mark.parametrize(
    ("abstract", "title"),
    [
        ("We propose FooNet, a network for bar detection.", "FooNet: a network for bar detection"),
        ("In this work we present BarGAN: a generator of images.", "BarGAN: a generator of images"),
        (
            "Existing work is slow. We propose a fast method called QuickSort for ordering lists.",
            "QuickSort: a fast method",
        ),
        (
            "We introduce Gradient Noise Injection (GNI), which regularises training.",
            "Gradient Noise Injection (GNI)",
        ),
        (
            "We propose a new metric, Average Distance (AD), to compare models.",
            "Average Distance (AD): a new metric",
        ),
        (
            "We study whether large models memorise their training data.",
            "Studying whether large models memorise their training data",
        ),
    ],
)
def test_common_phrasings_name_the_contribution(abstract: str, title: str) -> None:
    assert derive_title(abstract) == title


def test_without_a_name_the_first_sentence_is_cut_at_a_word_with_an_ellipsis() -> None:
    abstract = "Transformers " + "really " * 30 + "dominate language modelling. More text."
    title = derive_title(abstract)
    assert len(title) <= MAX_DERIVED_TITLE
    assert title.endswith("…")
    assert title.startswith("Transformers really really")
    assert "  " not in title and not title.endswith(" …")


def test_short_first_sentence_is_kept_whole_without_its_full_stop() -> None:
    assert derive_title("Compression is at the heart of intelligence. We test it.") == (
        "Compression is at the heart of intelligence"
    )


def test_latex_math_and_citations_are_tidied_in_titles() -> None:
    abstract = (
        "Prior work [Smith et al., 2020] is slow. "
        "We propose Dr$^2$Net, a fast network for 40\\% less memory."
    )
    assert derive_title(abstract) == "Dr²Net: a fast network for 40% less memory"


def test_escape_sequences_never_reach_a_derived_title() -> None:
    title = derive_title("We propose \x1b]0;owned\x07Evil\x1b[31mNet, a network that is red.")
    assert "\x1b" not in title and "\x07" not in title
    assert title.startswith("EvilNet")


@pytest.mark.parametrize("abstract", ["", "   ", ".", "(", "we propose", "a" * 5000, "x " * 3000])
def test_degenerate_abstracts_still_get_a_short_title(abstract: str) -> None:
    title = derive_title(abstract)
    assert 0 < len(title) <= MAX_DERIVED_TITLE
    assert "\n" not in title


def test_colliding_titles_fall_back_to_another_candidate_then_a_number() -> None:
    taken: set[str] = set()
    abstract = "Cats are great. We propose CatNet, a network for cats."
    first = unique_derived_title(abstract, taken)
    second = unique_derived_title(abstract, taken)
    third = unique_derived_title(abstract, taken)
    assert first == "CatNet: a network for cats"
    assert second == "Cats are great"
    assert third == "CatNet: a network for cats (2)"


def test_a_numbered_title_still_fits_the_length_limit() -> None:
    abstract = "Word " * 60
    taken = {normalize_title(derive_title(abstract))}
    title = unique_derived_title(abstract, taken)
    assert title.endswith(" (2)")
    assert len(title) <= MAX_DERIVED_TITLE
