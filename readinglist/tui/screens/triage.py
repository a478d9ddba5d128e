"""Triage: one paper at a time, one key to decide; every decision is saved, the walk can resume."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from readinglist.errors import NothingToUndoError, ReadingListError
from readinglist.library import Library
from readinglist.model import Status
from readinglist.tui import render
from readinglist.tui.messages import LibraryChanged
from readinglist.tui.screens.base import LibraryModal, LibraryScreen
from readinglist.tui.settings import TriageState
from readinglist.tui.widgets.paper_detail import PaperDetail

if TYPE_CHECKING:
    from readinglist.tui.app import ReadingListApp

RATE = Binding.Group("Rate", compact=True)
DECISIONS = {
    Status.TO_READ.value: "queued",
    Status.SKIPPED.value: "skipped",
    Status.READ.value: "read",
}
RECENT_BATCHES = 3

TRIAGE_BINDINGS: list[BindingType] = [
    Binding("a", "decide('to-read')", "Queue", id="triage.queue",
            tooltip="Queue it (to-read) and show the next paper"),
    Binding("z,s", "decide('skipped')", "Skip", id="triage.skip",
            tooltip="Skip it (not interested) and show the next paper"),
    Binding("r", "decide('read')", "Read", id="triage.read",
            tooltip="Mark it read and show the next paper"),
    *(
        Binding(str(n), f"rate({n})", "Rate", show=n == 1, key_display="1-5", group=RATE,
                id=f"triage.rate{n}", tooltip=f"Rate {'★' * n} (stays on the paper)")
        for n in range(1, 6)
    ),
    Binding("0", "rate(0)", "Clear rating", show=False, id="triage.rate0",
            tooltip="Remove the rating"),
    Binding("t", "tags", "Tags", id="triage.tags", tooltip="Tag the paper"),
    Binding("n", "note", "Note", id="triage.note", tooltip="Write a note"),
    Binding("e", "edit_title", "Title", show=False, id="triage.title", tooltip="Edit the title"),
    Binding("b,left,backspace", "back", "Back", id="triage.back",
            tooltip="Back to the previous paper (decisions can be changed)"),
    Binding("l,right", "next", "Next", show=False, id="triage.next",
            tooltip="Next paper without deciding"),
    Binding("u,ctrl+z", "undo", "Undo", id="triage.undo",
            tooltip="Undo the last change and return to its paper"),
    Binding("j,down", "scroll(1)", "Scroll", show=False, id="triage.scroll_down",
            tooltip="Scroll the abstract down"),
    Binding("k,up", "scroll(-1)", "Scroll", show=False, id="triage.scroll_up",
            tooltip="Scroll the abstract up"),
    Binding("escape", "leave", "Leave", id="triage.leave",
            tooltip="Back to the library; T resumes where you stopped"),
]  # fmt: skip


@dataclass(frozen=True)
class TriageScope:
    """A set of papers to walk through, in order."""

    key: str
    label: str
    paper_ids: list[str]


def triage_scopes(library: Library, shown: list[str], filter_label: str) -> list[TriageScope]:
    """New papers; the current filter; the latest import batches (their papers still new)."""
    new = [p.id for p in library.list(sort="added", status=Status.NEW)]
    scopes = [TriageScope("new", "New papers", new)]
    if filter_label.strip() and shown:
        scopes.append(TriageScope("filter", f"Filter: {filter_label}", list(shown)))
    batches: dict[str, list[str]] = {}
    for paper_id in new:
        paper = library.papers[paper_id]
        if paper.sources:
            batches.setdefault(paper.sources[-1].batch, []).append(paper_id)
    recent = sorted(batches, key=lambda b: _batch_time(library, batches[b]), reverse=True)
    for batch in recent[:RECENT_BATCHES]:
        ids = batches[batch]
        source = library.papers[ids[0]].sources[-1]
        label = (
            f"Import batch {batch} · {source.file.rsplit('/', 1)[-1]} · {source.imported_at[:10]}"
        )
        scopes.append(TriageScope(f"batch:{batch}", label, ids))
    return scopes


def _batch_time(library: Library, ids: list[str]) -> str:
    return library.papers[ids[0]].sources[-1].imported_at


def start_triage(app: ReadingListApp) -> None:
    """`T`: resume the walk that was left, or choose what to walk (directly when only one)."""
    main = app.main_screen
    scopes: list[TriageScope] = []
    for scope in triage_scopes(app.library, list(main.paper_list.ids), main.filter_label):
        if scope.paper_ids and all(set(scope.paper_ids) != set(s.paper_ids) for s in scopes):
            scopes.append(scope)
    saved = app.settings.triage
    resumable = saved is not None and saved.index < len(saved.paper_ids)
    if not scopes and not resumable:
        app.say("Nothing to triage: no new papers. Filter the list, then press T to walk it.")
        return

    def begin(choice: TriageScope | TriageState | None) -> None:
        if isinstance(choice, TriageScope):
            state = TriageState(choice.label, choice.paper_ids)
            app.update_settings(triage=state)
            app.show_screen(TriageScreen(state))
        elif isinstance(choice, TriageState):
            app.show_screen(TriageScreen(choice))

    if len(scopes) == 1 and not resumable:
        begin(scopes[0])
    else:
        app.push_screen(TriageStart(scopes, saved if resumable else None), begin)


class TriageStart(LibraryModal[TriageScope | TriageState | None]):
    """Choose what to triage; resuming comes first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="triage_start.cancel", tooltip="Cancel")
    ]

    def __init__(self, scopes: list[TriageScope], saved: TriageState | None) -> None:
        super().__init__(classes="dialog")
        self._scopes = scopes
        self._saved = saved

    def compose(self) -> ComposeResult:
        options = []
        if self._saved is not None:
            saved = self._saved
            text = f"Resume: {saved.index + 1} / {len(saved.paper_ids)} {saved.label}"
            options.append(Option(render.plain(text).stylize("bold"), id="resume"))
        for index, scope in enumerate(self._scopes):
            label = render.plain(scope.label) + Content.styled(
                f"  {len(scope.paper_ids):,}", "$text-muted"
            )
            options.append(Option(label, id=f"scope:{index}"))
        with Vertical(classes="dialog-box"):
            yield Static(Content("Triage"), classes="dialog-title")
            yield OptionList(*options, id="triage-scopes")
            yield Static(Content.styled("enter starts · escape cancels", "$text-muted"))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "resume":
            self.dismiss(self._saved)
        else:
            self.dismiss(self._scopes[int((event.option.id or "0").partition(":")[2])])


class TriageScreen(LibraryScreen[None]):
    """Walks `state.paper_ids`; the position and decisions are written to the settings each step."""

    BINDINGS: ClassVar[list[BindingType]] = TRIAGE_BINDINGS

    def __init__(self, state: TriageState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        yield Static(id="triage-progress")
        yield Static(id="triage-bar")
        yield PaperDetail(id="triage-card")
        yield Static(id="triage-summary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._skip_missing(1)
        self._show()

    @property
    def current_id(self) -> str | None:
        if 0 <= self.state.index < len(self.state.paper_ids):
            return self.state.paper_ids[self.state.index]
        return None

    @property
    def finished(self) -> bool:
        return self.state.index >= len(self.state.paper_ids)

    def _skip_missing(self, step: int) -> None:
        """Papers deleted since the walk began are passed over."""
        ids, papers = self.state.paper_ids, self.library.papers
        while 0 <= self.state.index < len(ids) and ids[self.state.index] not in papers:
            self.state.index += step
        self.state.index = max(0, self.state.index)

    def _show(self) -> None:
        state = self.state
        tally = Counter(state.decisions.values())
        self.query_one("#triage-progress", Static).update(
            render.triage_progress(
                min(state.index + 1, len(state.paper_ids)),
                len(state.paper_ids),
                state.label,
                {DECISIONS[k]: tally[k] for k in DECISIONS},
            )
        )
        self.query_one("#triage-bar", Static).update(
            render.progress_bar(len(state.decisions), len(state.paper_ids), self.size.width or 80)
        )
        self.set_class(self.finished, "-finished")
        card = self.query_one(PaperDetail)
        if self.finished:
            self.query_one("#triage-summary", Static).update(self._summary())
            return
        paper_id = self.current_id
        paper = self.library.papers.get(paper_id) if paper_id else None
        short = self.library.short_id(paper.id) if paper else ""
        card.show(paper, short, not self.library.abstracts_loaded)

    def _summary(self) -> Content:
        tally = Counter(self.state.decisions.values())
        papers = [self.library.papers.get(pid) for pid in self.state.paper_ids]
        rated = sum(1 for p in papers if p is not None and p.rating)
        return render.triage_summary(
            len(self.state.paper_ids),
            {DECISIONS[k]: tally[k] for k in DECISIONS},
            rated,
            self.state.label,
        )

    def _save_position(self) -> None:
        self.rl_app.update_settings(triage=self.state)

    def _move(self, step: int) -> None:
        self.state.index = max(0, min(len(self.state.paper_ids), self.state.index + step))
        self._skip_missing(step)
        self._save_position()
        self._show()
        self.query_one(PaperDetail).scroll_home(animate=False)

    def action_decide(self, status: str) -> None:
        paper_id = self.current_id
        if paper_id is None:
            return
        change = self.rl_app.edit(lambda lib: lib.set_status([paper_id], status))
        already = self.library.papers[paper_id].status.value == status
        if change is not None or already:
            self.state.decisions[paper_id] = status
            self._move(1)

    def action_rate(self, rating: int) -> None:
        if paper_id := self.current_id:
            self.rl_app.edit(lambda lib: lib.rate([paper_id], rating))

    def action_tags(self) -> None:
        if paper_id := self.current_id:
            self.rl_app.edit_tags([paper_id])

    def action_note(self) -> None:
        if paper_id := self.current_id:
            self.rl_app.open_note(paper_id)

    def action_edit_title(self) -> None:
        if paper_id := self.current_id:
            self.rl_app.edit_title(paper_id)

    def action_back(self) -> None:
        self._move(-1)

    def action_next(self) -> None:
        if not self.finished:
            self._move(1)

    def action_scroll(self, lines: int) -> None:
        card = self.query_one(PaperDetail)
        card.scroll_relative(y=lines * 3, animate=False)

    def action_undo(self) -> None:
        """Undo, then show the paper the undone change touched (when it is in this walk)."""
        try:
            change = self.library.undo()
        except NothingToUndoError as error:
            self.rl_app.say(error.message.capitalize(), "warning")
            return
        except ReadingListError as error:
            self.rl_app.say(str(error), "error")
            return
        self.rl_app.broadcast(change.paper_ids)
        self.rl_app.say(f"Undid: {change.label.removeprefix('undo ')}")
        touched = [pid for pid in change.paper_ids if pid in self.state.paper_ids]
        if touched:
            paper_id = touched[0]
            if (
                self.library.papers.get(paper_id)
                and self.library.papers[paper_id].status is Status.NEW
            ):
                self.state.decisions.pop(paper_id, None)
            self.state.index = self.state.paper_ids.index(paper_id)
            self._save_position()
            self._show()

    def action_leave(self) -> None:
        if self.finished:
            self.rl_app.update_settings(triage=None)
        else:
            self._save_position()
        self.dismiss()

    @on(LibraryChanged)
    def _library_changed(self) -> None:
        self._skip_missing(1)
        self._show()
