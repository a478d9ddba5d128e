"""One line of Content that repaints without a layout pass (its size is fixed by CSS)."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class TextLine(Widget):
    """Like a one-line `Static`, but `update()` only repaints: cheap on every keystroke."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content = Content("")

    def update(self, content: Content) -> None:
        if not content.is_same(self._content):
            self._content = content
            self.refresh()

    def render(self) -> Content:
        return self._content
