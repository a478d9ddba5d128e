"""Duplicate detection: the same paper merges, a near miss stays apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.dedup import (
    ABSTRACT_PREFIX,
    SKETCH_SIZE,
    DuplicateFinder,
    Fingerprint,
    same_paper,
    title_key,
)
from readinglist.model import normalize_title

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

DDPM_ABSTRACT = (
    "We present high quality image synthesis results using diffusion probabilistic models, a "
    "class of latent variable models inspired by considerations from nonequilibrium "
    "thermodynamics. Our best results are obtained by training on a weighted variational bound "
    "designed according to a novel connection between diffusion probabilistic models and "
    "denoising score matching with Langevin dynamics."
)
GPT4_ABSTRACT = (
    "We report the development of GPT-4, a large-scale, multimodal model which can accept image "
    "and text inputs and produce text outputs. While less capable than humans in many "
    "real-world scenarios, GPT-4 exhibits human-level performance on various professional and "
    "academic benchmarks, including passing a simulated bar exam."
)
GPT3_ABSTRACT = (
    "Recent work has demonstrated substantial gains on many NLP tasks and benchmarks by "
    "pre-training on a large corpus of text followed by fine-tuning on a specific task. Here we "
    "show that scaling up language models greatly improves task-agnostic, few-shot performance, "
    "sometimes even reaching competitiveness with prior state-of-the-art fine-tuning approaches."
)


def fp(title: str, abstract: str = "", derived: bool = False) -> Fingerprint:
    return Fingerprint.of(title, derived, abstract)


def test_case_punctuation_and_spacing_do_not_matter() -> None:
    assert same_paper(
        fp("Denoising Diffusion Probabilistic Models"),
        fp("denoising diffusion  probabilistic-models."),
    )


def test_a_typo_in_the_title_with_the_same_abstract_merges() -> None:
    assert same_paper(
        fp("Denoising Diffusion Probabilistic Models", DDPM_ABSTRACT),
        fp("Denoising Difusion Probabilistic Model", DDPM_ABSTRACT.replace("Our best", "The best")),
    )


def test_a_revised_title_with_the_same_abstract_merges() -> None:
    assert same_paper(
        fp("DDPM: Diffusion Models for Image Synthesis", DDPM_ABSTRACT),
        fp("Denoising Diffusion Probabilistic Models", DDPM_ABSTRACT),
    )


def test_near_miss_same_title_pattern_different_paper_stays_apart() -> None:
    # The titles score 95 (one character apart) but the abstracts are different papers.
    assert not same_paper(
        fp("GPT-4 Technical Report", GPT4_ABSTRACT), fp("GPT-3 Technical Report", GPT3_ABSTRACT)
    )


def test_similar_titles_without_abstracts_stay_apart_unless_nearly_identical() -> None:
    assert not same_paper(
        fp("Scaling Laws for Neural Language Models"),
        fp("Scaling Laws for Neural Machine Translation"),
    )


def test_an_abstract_only_paper_matches_the_same_abstract_with_a_real_title() -> None:
    derived = fp("We present high quality image synthesis…", DDPM_ABSTRACT, derived=True)
    assert same_paper(derived, fp("Denoising Diffusion Probabilistic Models", DDPM_ABSTRACT))


def test_unrelated_seed_abstracts_never_match_each_other() -> None:
    blocks = (SEEDS / "003_e2fec9b6cb1eb41b.txt").read_text().split("\n\n")
    abstracts = [b for b in blocks if len(b) > 500][:40]
    prints = [fp(f"derived {n}", a, derived=True) for n, a in enumerate(abstracts)]
    assert not any(same_paper(a, b) for i, a in enumerate(prints) for b in prints[i + 1 :])


@pytest.mark.parametrize(
    "title",
    ["Denoising Diffusion Probabilistic Models", "DENOISING DIFFUSION PROBABILISTIC MODELS"],
)
def test_the_finder_returns_the_known_id(title: str) -> None:
    finder = DuplicateFinder()
    finder.add("ddpm", fp("Denoising Diffusion Probabilistic Models", DDPM_ABSTRACT))
    finder.add("gpt4", fp("GPT-4 Technical Report", GPT4_ABSTRACT))
    assert finder.find(fp(title)) == "ddpm"
    assert finder.find(fp("Denoising Difusion Probabilistic Model", DDPM_ABSTRACT)) == "ddpm"
    assert finder.find(fp("GPT-3 Technical Report", GPT3_ABSTRACT)) is None


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Denoising Diffusion-Probabilistic  Models.", "denoising diffusion probabilistic models"),
        ("Über Naïve Café_Models", "uber naive cafe models"),
        ("  ", ""),
        # A double-struck A and a fullwidth GPT decompose to capitals.
        ("\U0001d538ttention \uff27\uff30\uff34 Straße", "attention gpt strasse"),
    ],
)
def test_normalised_titles_ignore_case_accents_and_punctuation(title: str, key: str) -> None:
    from readinglist.model import normalize_title

    assert normalize_title(title) == key


# Mostly ASCII words and punctuation (the fast paths), with accents, other scripts and controls.
title_text = st.text(
    alphabet=st.sampled_from("abcdefghij XYZ0123_-:.,'\t\n") | st.characters(codec="utf-8"),
    max_size=400,
)


@settings(deadline=None, max_examples=300)
@given(title=title_text, abstract=title_text)
def test_fingerprints_normalise_exactly_like_titles(title: str, abstract: str) -> None:
    # Dedup keys of stored papers and of new ones must agree, whichever way each was computed.
    print_ = fp(title, abstract)
    assert print_.title == title_key(title) == normalize_title(title)
    assert print_.abstract == normalize_title(abstract)


@settings(deadline=None, max_examples=300)
@given(title=title_text, abstract=title_text)
def test_the_sketch_is_the_smallest_hashes_of_the_longer_words(title: str, abstract: str) -> None:
    print_ = fp(title, abstract)
    words = set(re.findall(r"[a-z0-9]{4,}", f"{print_.title} {print_.abstract}"))
    assert print_.sketch == tuple(sorted(map(hash, words))[:SKETCH_SIZE])


def test_the_sketch_of_a_long_abstract_is_the_smallest_hashes_of_its_prefix() -> None:
    abstract = " ".join(f"Word{n:04}," for n in range(400))  # cut inside a word: "word01"
    prefix = normalize_title(abstract)[:ABSTRACT_PREFIX]
    expected = tuple(sorted(hash(w) for w in set(prefix.split()) if len(w) > 3)[:SKETCH_SIZE])
    assert prefix.endswith(" word01")
    assert fp("", abstract, derived=True).abstract == prefix
    assert fp("", abstract, derived=True).sketch == expected
