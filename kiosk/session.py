"""The current visitor's state. Pure Python: no Qt, nothing written anywhere.

An idle reset (or staff) calls :meth:`Session.reset`, after which the next visitor
finds the kiosk exactly as if nobody had used it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HOME = "home"
CHECKLIST = "checklist"
QUESTIONS = "questions"
PAGE_PREFIX = "page:"


@dataclass
class Session:
    """What one visitor has chosen. ``screen`` is ``home``, ``checklist``, ``questions``
    or ``page:<slug>``; ``ticked`` holds the ids of the checklist items ticked."""

    default_language: str = "en"
    language: str = field(init=False)
    screen: str = field(init=False, default=HOME)
    ticked: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget the visitor: back to the first screen in the default language, nothing ticked."""
        self.language = self.default_language
        self.screen = HOME
        self.ticked = set()

    def set_ticked(self, item_id: str, ticked: bool) -> None:
        """Tick or untick a checklist item (kept in memory only)."""
        if ticked:
            self.ticked.add(item_id)
        else:
            self.ticked.discard(item_id)

    def clear_ticks(self) -> None:
        self.ticked = set()

    @property
    def page(self) -> str | None:
        """The slug of the page being read, if a page is on screen."""
        if self.screen.startswith(PAGE_PREFIX):
            return self.screen[len(PAGE_PREFIX):]
        return None

    def open_page(self, slug: str) -> None:
        self.screen = PAGE_PREFIX + slug

    def open_home(self) -> None:
        self.screen = HOME

    def open_checklist(self) -> None:
        self.screen = CHECKLIST

    def open_questions(self) -> None:
        self.screen = QUESTIONS
