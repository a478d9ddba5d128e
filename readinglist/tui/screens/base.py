"""What every readinglist screen shares: typed access to the app, the library and the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

from readinglist.library import Library
from readinglist.tui.settings import Settings

if TYPE_CHECKING:
    from readinglist.tui.app import ReadingListApp

ResultType = TypeVar("ResultType")


class LibraryScreen(Screen[ResultType]):
    """A full screen that shows library data."""

    @property
    def rl_app(self) -> ReadingListApp:
        return cast("ReadingListApp", self.app)

    @property
    def library(self) -> Library:
        return self.rl_app.library

    @property
    def settings(self) -> Settings:
        return self.rl_app.settings


class LibraryModal(ModalScreen[ResultType]):
    """A dialog over another screen."""

    @property
    def rl_app(self) -> ReadingListApp:
        return cast("ReadingListApp", self.app)

    @property
    def library(self) -> Library:
        return self.rl_app.library
