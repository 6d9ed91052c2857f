"""The buttons under a page: "Back to topics", "Previous" and "Next: <the next page>"."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QPushButton

from kiosk.content.model import Language, Section
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_button, set_button_text, style_button_icon


class PageFooter(QGridLayout):
    """The page's three buttons, laid out to fit the width without cutting a word."""

    def __init__(self) -> None:
        super().__init__()
        self.home_button = make_button("", "secondary", "home")
        self.previous_button = make_button("", "secondary", "arrow-left")
        self.next_button = make_button("", "primary", "arrow-right", icon_after=True)
        self._arranged: tuple[str, tuple[int, int, int]] | None = None  # how the buttons were last placed

    @property
    def buttons(self) -> tuple[QPushButton, QPushButton, QPushButton]:
        return self.home_button, self.previous_button, self.next_button

    def set_language(self, language: Language) -> None:
        set_button_text(self.home_button, language.text("back_to_topics"))
        set_button_text(self.previous_button, language.text("previous_page"))

    def apply_theme(self, theme: Theme) -> None:
        self.setSpacing(theme.px("gap"))
        for button in self.buttons:
            style_button_icon(button, theme)

    @staticmethod
    def next_texts(language: Language, section: Section | None) -> list[str]:
        """What "Next" may say, longest first: the next page's title, then its short tile label."""
        if section is None:
            return [language.text("next_page", title="")]
        following = language.next_section(section.slug)
        titles = [following.title, following.tile] if following else [language.text("checklist_tile")]
        texts = [language.text("next_page", title=title) for title in titles] + [language.text("next_short")]
        return list(dict.fromkeys(texts))

    def arrange(self, texts: list[str], room: int, gap: int, portrait: bool) -> None:
        """One row when the buttons fit side by side (landscape), else Back and Previous
        above a full-width Next, else one button per row; "Next" says the first of
        ``texts`` that fits. Words are never cut."""
        back, previous = (b.sizeHint().width() for b in self.buttons[:2])
        layout = self._choose(texts, room, gap, portrait, back + previous)
        stretches = {"row": (0, 0, 1), "two": (back, previous, 0)}.get(layout, (1, 1, 0))
        if (layout, stretches) != self._arranged:  # else the buttons stay where they are
            self._arranged = (layout, stretches)
            self._place(layout, stretches)

    def _choose(self, texts: list[str], room: int, gap: int, portrait: bool, others: int) -> str:
        """How the buttons go ("row", "two" or "three"), with "Next" saying the words chosen;
        ``others`` is how wide "Back to topics" and "Previous" are together."""

        def needed(text: str) -> int:
            set_button_text(self.next_button, text)
            return self.next_button.sizeHint().width()

        for text in texts:
            if not portrait and others + needed(text) + 2 * gap <= room:
                return "row"
        for text in texts:
            if others + gap <= room and needed(text) <= room:
                return "two"
        needed(texts[-1])
        return "three"

    def _place(self, layout: str, stretches: tuple[int, int, int]) -> None:
        for button in self.buttons:
            self.removeWidget(button)
        if layout == "row":
            for column, button in enumerate(self.buttons):
                self.addWidget(button, 0, column)
        elif layout == "two":
            self.addWidget(self.home_button, 0, 0)
            self.addWidget(self.previous_button, 0, 1)
            self.addWidget(self.next_button, 1, 0, 1, 2)
        else:
            for row, button in enumerate(self.buttons):
                self.addWidget(button, row, 0, 1, 2)
        for column, stretch in enumerate(stretches):
            self.setColumnStretch(column, stretch)
