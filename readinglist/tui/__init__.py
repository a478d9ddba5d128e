"""The terminal UI; `run()` is the only entry point, and it imports Textual lazily."""

from __future__ import annotations

from pathlib import Path


def run(library_path: Path, settings_path: Path | None = None) -> int:
    """Open the library and run the app until the user quits; returns the exit code."""
    from readinglist.library import Library
    from readinglist.paths import config_path
    from readinglist.tui.app import build_app

    # Abstracts and the day's backup come in the background after the first paint.
    library = Library.open(library_path, lazy_abstracts=True, daily_backup=False)
    try:
        app = build_app(library, settings_path or config_path())
        app.run()
    finally:
        library.close()
    return app.return_code or 0
