"""The current visitor's state. Pure Python: no Qt, nothing written anywhere.

An idle reset (or staff) calls :meth:`Session.reset`, after which the next visitor
finds the kiosk exactly as if nobody had used it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ScreenName(StrEnum):
    """Every screen the session can be on; a page is ``page:<slug>`` (:data:`PAGE_PREFIX`)."""

    HOME = "home"
    CHECKLIST = "checklist"
    QUESTIONS = "questions"
    ATTRACT = "attract"
    STAFF = "staff"


HOME, CHECKLIST, QUESTIONS = ScreenName.HOME, ScreenName.CHECKLIST, ScreenName.QUESTIONS
ATTRACT, STAFF = ScreenName.ATTRACT, ScreenName.STAFF
PAGE_PREFIX = "page:"
TEXT_SCALES = (1.0, 1.2, 1.4, 1.6)


@dataclass
class Session:
    """What one visitor has chosen. ``screen`` is ``home``, ``checklist``, ``questions``,
    ``attract``, ``staff`` or ``page:<slug>``; ``ticked`` holds the ids of the checklist items ticked."""

    default_language: str = "en"
    default_reduce_motion: bool = False
    language: str = field(init=False)
    text_step: int = field(init=False, default=0)
    high_contrast: bool = field(init=False, default=False)
    reduce_motion: bool = field(init=False, default=False)
    screen: str = field(init=False, default=HOME)
    ticked: set[str] = field(init=False, default_factory=set)
    previewing_draft: bool = field(init=False, default=False)  # staff looking at a draft language

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget the visitor: first screen, default language, text size, colours and
        motion, nothing ticked."""
        self.previewing_draft = False
        self.language = self.default_language
        self.screen = HOME
        self.ticked = set()
        self.text_step = 0
        self.high_contrast = False
        self.reduce_motion = self.default_reduce_motion

    @property
    def text_scale(self) -> float:
        """How much larger than normal the text is (1.0 to 1.6)."""
        return TEXT_SCALES[self.text_step]

    def change_text_size(self, steps: int) -> None:
        """Make the text larger (+1) or smaller (-1), within the available sizes."""
        self.text_step = max(0, min(len(TEXT_SCALES) - 1, self.text_step + steps))

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

    def open_attract(self) -> None:
        self.screen = ATTRACT

    def open_staff(self) -> None:
        self.screen = STAFF
