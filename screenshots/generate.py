"""Regenerate screenshots/*.svg: import the sample papers from seeds/ and photograph each screen.

Run from the repository root: `.venv/bin/python screenshots/generate.py`.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TabbedContent, TextArea

from readinglist.library import Library
from readinglist.model import Status
from readinglist.tui.app import ReadingListApp, build_app

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"
SIZE = (120, 34)
NOTE = """# What it claims

Fine-grained captions come from **self-retrieval** rewards, not from more data.

- check the ablation on the reward weight
- compare with `CLIP` retrieval baselines

> Worth a reading group slot.
"""
PASTED = """Daily Papers

Sparse Autoencoders Find Interpretable Features in Language Models

We train sparse autoencoders on the activations of a language model and find directions \
that people can name and check.
"""

Scene = Callable[[Pilot[None], ReadingListApp], Awaitable[None]]


def sample_library(folder: Path) -> Library:
    """The seeds imported, with a few ratings, tags, a queue and a note to show."""
    library = Library.open(folder / "library.json")
    sources = [(path.name, path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]
    library.commit_import(library.preview_import(sources))
    papers = library.list(sort="title")
    library.set_status([p.id for p in papers[0:40:5]], Status.TO_READ)
    library.set_status([p.id for p in papers[1:60:7]], Status.READ)
    library.set_status([p.id for p in papers[2:60:9]], Status.SKIPPED)
    library.rate([p.id for p in papers[1:60:7]], 4)
    library.rate([p.id for p in papers[3:60:11]], 5)
    library.tag([p.id for p in papers[0:80:3]], ["vision"])
    library.tag([p.id for p in papers[1:80:4]], ["llm"])
    library.tag([p.id for p in papers[2:80:6]], ["video"])
    noted = next(p for p in papers if "Self-Retrieval" in p.title)
    library.set_note(noted.id, NOTE)
    library.rate([noted.id], 5)
    return library


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause(0.3)


async def main_screen(pilot: Pilot[None], app: ReadingListApp) -> None:
    await settle(pilot)


async def search(pilot: Pilot[None], app: ReadingListApp) -> None:
    await pilot.press("slash", *"vidoe captoin", "enter")
    await settle(pilot)


async def triage(pilot: Pilot[None], app: ReadingListApp) -> None:
    await pilot.press("T")
    if not hasattr(app.screen, "state"):
        await pilot.press("enter")
    await pilot.press("a", "z", "4")
    await settle(pilot)


async def note_editor(pilot: Pilot[None], app: ReadingListApp) -> None:
    await pilot.press("slash", *"self-retrieval", "enter")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    app.screen.query_one(TextArea).cursor_blink = False


async def import_preview(pilot: Pilot[None], app: ReadingListApp) -> None:
    await pilot.press("i")
    app.screen.query_one(TabbedContent).active = "import-paste"
    area = app.screen.query_one("#import-text", TextArea)
    area.cursor_blink = False
    area.load_text(
        PASTED + "\n" + (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[1]).read_text()[:3000]
    )
    await pilot.pause(0.6)
    await settle(pilot)


async def queue(pilot: Pilot[None], app: ReadingListApp) -> None:
    await pilot.press("Q")
    await settle(pilot)


async def statistics(pilot: Pilot[None], app: ReadingListApp) -> None:
    await pilot.press("S")
    await settle(pilot)


async def help_screen(pilot: Pilot[None], app: ReadingListApp) -> None:
    await pilot.press("question_mark")
    await settle(pilot)


SCENES: dict[str, Scene] = {
    "main": main_screen,
    "search": search,
    "triage": triage,
    "note": note_editor,
    "import": import_preview,
    "queue": queue,
    "statistics": statistics,
    "help": help_screen,
}


async def photograph(name: str, scene: Scene, library: Library, settings: Path) -> None:
    app = build_app(library, settings, poll_interval=None, today=date.today)
    async with app.run_test(size=SIZE) as pilot:
        await scene(pilot, app)
        app.save_screenshot(str(HERE / f"{name}.svg"))
    print(f"screenshots/{name}.svg")


async def generate() -> None:
    with tempfile.TemporaryDirectory() as folder:
        library = sample_library(Path(folder))
        for name, scene in SCENES.items():
            await photograph(name, scene, library, Path(folder) / f"{name}-settings.json")
        library.close()


if __name__ == "__main__":
    asyncio.run(generate())
