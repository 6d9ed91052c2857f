"""The checklist screen. For now it says the checklist is coming and points to the
care-team page; the symptom checklist replaces it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk import paths
from kiosk.content.model import Language
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Picture, make_button, set_button_text, style_button_icon


class ChecklistScreen(QWidget):
    """Signals:
        home_requested(): "Back to topics" was tapped.
    """

    home_requested = Signal()

    def __init__(self, language: Language, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Screen")
        outer = QVBoxLayout(self)
        self._outer = outer
        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.picture = Picture()
        self.picture.set_picture(paths.illustrations_dir() / "checklist.svg")
        self.picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        outer.addWidget(self.picture, 2)
        self.body = QLabel()
        self.body.setObjectName("ComingSoonText")
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        outer.addWidget(self.body, 1, Qt.AlignmentFlag.AlignHCenter)
        footer = QHBoxLayout()
        self.home_button = make_button("", "primary", "home")
        self.home_button.clicked.connect(self.home_requested)
        footer.addWidget(self.home_button)
        footer.addStretch(1)
        outer.addLayout(footer)
        self.set_language(language)
        self.apply_theme(theme)

    def set_language(self, language: Language) -> None:
        self.title.setText(language.text("checklist_coming_title"))
        self.body.setText(language.text("checklist_coming_body"))
        set_button_text(self.home_button, language.text("back_to_topics"))

    def set_portrait(self, portrait: bool) -> None:
        del portrait  # one column either way

    def apply_theme(self, theme: Theme) -> None:
        margin = theme.px("margin")
        self._outer.setContentsMargins(margin, round(margin * 0.75), margin, round(margin * 0.75))
        self._outer.setSpacing(theme.px("gap"))
        self.body.setFixedWidth(round(1000 * theme.scale))
        style_button_icon(self.home_button, theme)
