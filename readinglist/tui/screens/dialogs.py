"""Small dialogs: status picker, tag editor, title editor."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from readinglist.library import Change, Library
from readinglist.model import Paper, Status
from readinglist.text import one_line
from readinglist.tui import render
from readinglist.tui.completion import complete_last_token, last_token, split_tags, suggest_tags

STATUS_KEYS = {
    Status.NEW: "n",
    Status.TO_READ: "a",
    Status.READING: "g",
    Status.READ: "r",
    Status.SKIPPED: "z",
}
STATUS_HINTS = {
    Status.NEW: "not triaged yet",
    Status.TO_READ: "in the reading queue",
    Status.READING: "reading it now",
    Status.READ: "done",
    Status.SKIPPED: "not interested",
}


class StatusPicker(ModalScreen[str | None]):
    """Pick a status with its letter, or with the arrows and enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="status.cancel", tooltip="Keep the status"),
        *(
            Binding(key, f"pick('{status.value}')", render.STATUS_LABELS[status].capitalize(),
                    id=f"status.{status.name.lower()}",
                    tooltip=f"Set status {render.STATUS_LABELS[status]}")
            for status, key in STATUS_KEYS.items()
        ),
    ]  # fmt: skip

    def __init__(self, current: Status, count: int) -> None:
        super().__init__(classes="dialog")
        self._current = current
        self._count = count

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            what = "this paper" if self._count == 1 else f"{self._count} papers"
            yield Static(Content(f"Status of {what}"), classes="dialog-title")
            options = []
            for status, key in STATUS_KEYS.items():
                label = Content.assemble(
                    (f"{key}  ", "bold $text-accent"),
                    render.status_badge(status).pad_right(10 - len(render.STATUS_LABELS[status])),
                    (STATUS_HINTS[status], "$text-muted"),
                )
                options.append(Option(label, id=status.value))
            picker = OptionList(*options, id="status-options")
            yield picker
            yield Static(Content.styled("letter or enter picks · escape cancels", "$text-muted"))

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        picker.highlighted = list(Status).index(self._current)
        picker.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self, status: str) -> None:
        self.dismiss(status)


@dataclass
class TagEdit:
    """What the tag editor asks for: set exactly one paper's tags, or add/remove on many."""

    paper_ids: list[str]
    set_to: list[str] | None = None
    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)

    def apply(self, library: Library) -> Change | None:
        if self.set_to is not None:
            return library.set_tags(self.paper_ids[0], self.set_to)
        change = library.tag(self.paper_ids, self.add) if self.add else None
        if self.remove:
            change = library.untag(self.paper_ids, self.remove) or change
        return change


def parse_tag_edit(text: str, papers: Sequence[Paper]) -> TagEdit:
    """One paper: the text is its new tag list. Several: `x` adds x, `-x` removes x."""
    words = split_tags(text)
    ids = [p.id for p in papers]
    if len(papers) == 1:
        return TagEdit(ids, set_to=[w for w in words if not w.startswith("-")])
    add = [w for w in words if not w.startswith("-")]
    remove = [w[1:] for w in words if w.startswith("-") and len(w) > 1]
    return TagEdit(ids, add=add, remove=remove)


class TagEditor(ModalScreen[TagEdit | None]):
    """Type tags; existing tags are suggested as you type (fuzzy), tab completes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="tags.cancel",
                tooltip="Leave tags as they were"),
        Binding("tab", "complete", "Complete", id="tags.complete",
                tooltip="Complete the tag being typed with the highlighted suggestion"),
        Binding("down", "suggestion(1)", "Next", show=False, id="tags.next",
                tooltip="Next suggestion"),
        Binding("up", "suggestion(-1)", "Previous", show=False, id="tags.previous",
                tooltip="Previous suggestion"),
    ]  # fmt: skip

    def __init__(self, papers: Sequence[Paper], tag_counts: Counter[str]) -> None:
        super().__init__(classes="dialog")
        self._papers = list(papers)
        self._tag_counts = tag_counts

    def compose(self) -> ComposeResult:
        single = len(self._papers) == 1
        with Vertical(classes="dialog-box"):
            if single:
                yield Static(render.title(self._papers[0]), classes="dialog-title")
                hint = "tags separated by spaces · tab completes · enter saves · escape cancels"
                # Stored tags may come from a hand-edited library: shown (and saved) cleaned.
                tags = [one_line(t) for t in self._papers[0].tags]
                value = " ".join(tags) + (" " if tags else "")
            else:
                yield Static(
                    Content(f"Tags for {len(self._papers)} papers"), classes="dialog-title"
                )
                hint = "tag adds · -tag removes · tab completes · enter saves · escape cancels"
                value = ""
            yield Input(value=value, placeholder="e.g. vision llm", id="tags-input")
            yield OptionList(id="tags-suggestions")
            yield Static(Content.styled(hint, "$text-muted"))

    def on_mount(self) -> None:
        self._suggest()

    @on(Input.Changed)
    def _suggest(self) -> None:
        text = self.query_one(Input).value
        typed = {w.lstrip("-") for w in split_tags(text)} - {last_token(text).lstrip("-")}
        suggestions = suggest_tags(last_token(text), self._tag_counts, exclude=typed)
        options = self.query_one("#tags-suggestions", OptionList)
        options.set_options(
            Option(
                render.tag_label(tag) + Content.styled(f"  {self._tag_counts[tag]}", "$text-muted"),
                id=tag,
            )
            for tag in suggestions
        )
        options.highlighted = 0 if suggestions else None
        options.display = bool(suggestions)

    def action_complete(self) -> None:
        options = self.query_one("#tags-suggestions", OptionList)
        option = options.highlighted_option
        if option is not None and option.id:
            self._accept(option.id)

    def _accept(self, tag: str) -> None:
        search = self.query_one(Input)
        search.value = complete_last_token(search.value, tag)
        search.cursor_position = len(search.value)
        search.focus()

    def action_suggestion(self, step: int) -> None:
        options = self.query_one("#tags-suggestions", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = (current + step) % options.option_count

    @on(OptionList.OptionSelected, "#tags-suggestions")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._accept(event.option.id)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(parse_tag_edit(event.value, self._papers))


class TitleEditor(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="title.cancel", tooltip="Keep the title"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__(classes="dialog")
        self._title = one_line(title)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Content("Edit the title"), classes="dialog-title")
            yield Input(value=self._title, id="title-input")
            yield Static(Content.styled("enter saves · escape cancels", "$text-muted"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)
