"""Benchmarks of readinglist at 1,000, 10,000 and 100,000 papers (see README.md here)."""
