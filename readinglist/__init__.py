"""readinglist: triage, queue, tag, rate and annotate research papers in the terminal."""

__version__ = "0.1.0"
