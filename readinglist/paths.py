"""Where data lives: the only user of platformdirs; nothing touches the disk at import time."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV_VAR = "READINGLIST_DB"
LIBRARY_FILE_NAME = "library.json"


def default_library_path() -> Path:
    """`$READINGLIST_DB` if set, else `library.json` in the user's data folder."""
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("readinglist", appauthor=False)) / LIBRARY_FILE_NAME


def config_path() -> Path:
    """Small UI preferences (theme, remembered filters), kept apart from the library."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("readinglist", appauthor=False)) / "settings.json"


def bundled_seeds_dir() -> Path | None:
    """The sample paper lists shipped with readinglist, in a checkout or an installed wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "sample_papers", here.parent / "seeds"):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None
