"""Durable storage: a TinyDB snapshot plus an append-only journal, behind an inter-process lock."""

from readinglist.storage.journal import Entry
from readinglist.storage.store import LibraryStore, LoadedLibrary

__all__ = ["Entry", "LibraryStore", "LoadedLibrary"]
