"""The bar at the top of every screen: language, text size and high contrast.

Every visitor can change these at any time; an idle reset puts them back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.content.model import Language
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_button, make_label, set_button_text, style_button_icon


class AccessBar(QWidget):
    """Signals:
        language_chosen(str): a language button was tapped; carries its code.
        text_size_changed(int): -1 for smaller text, +1 for larger.
        contrast_toggled(bool): high contrast turned on (True) or off.
    """

    language_chosen = Signal(str)
    text_size_changed = Signal(int)
    contrast_toggled = Signal(bool)

    def __init__(self, language: Language, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AccessBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._theme = theme
        layout = QHBoxLayout(self)
        self._layout = layout
        self._languages = QHBoxLayout()
        self._languages.setSpacing(12)
        layout.addLayout(self._languages)
        layout.addStretch(1)
        self.language_buttons: list[QPushButton] = []
        self.smaller = make_button("", "secondary", "text-smaller")
        self.size_label = make_label("", "TextSizeLabel", wrap=False)
        self.size_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.larger = make_button("", "secondary", "text-larger")
        self.contrast = make_button("", "secondary", "contrast")
        self.contrast.setCheckable(True)
        for button in (self.smaller, self.larger):
            button.setProperty("compact", True)
        self.smaller.clicked.connect(self._on_smaller_clicked)
        self.larger.clicked.connect(self._on_larger_clicked)
        self.contrast.toggled.connect(self.contrast_toggled)
        self.contrast.toggled.connect(self._on_contrast_toggled)
        layout.addWidget(self.smaller)
        layout.addWidget(self.size_label)
        layout.addWidget(self.larger)
        layout.addSpacing(12)
        layout.addWidget(self.contrast)
        self.set_language(language)
        self.apply_theme(theme)

    def set_language(self, language: Language) -> None:
        # Icon-only buttons: their words are their accessible names; the label between
        # them says what both do.
        for button, key in ((self.smaller, "text_smaller"), (self.larger, "text_larger")):
            button.setText("")
            button.setAccessibleName(language.text(key))
        self.size_label.setText(language.text("text_size"))
        set_button_text(self.contrast, language.text("high_contrast"))
        self._fit()

    def set_languages(self, languages: list[tuple[str, str]], current: str) -> None:
        """One button per language, each in its own name; none for a single language."""
        for button in self.language_buttons:
            self._languages.removeWidget(button)
            button.hide()
            button.setParent(None)
        self.language_buttons = []
        if len(languages) < 2:
            return
        for code, name in languages:
            button = make_button(name, "primary" if code == current else "secondary")
            button.setObjectName("LanguageButton")
            button.setProperty("language", code)
            button.setAccessibleDescription(code)
            button.clicked.connect(self._on_language_clicked)
            self._languages.addWidget(button)
            button.show()
            self.language_buttons.append(button)
        self._fit()

    def show_state(self, text_step: int, steps: int, high_contrast: bool) -> None:
        self.smaller.setEnabled(text_step > 0)
        self.larger.setEnabled(text_step < steps - 1)
        self.contrast.blockSignals(True)
        self.contrast.setChecked(high_contrast)
        self.contrast.blockSignals(False)
        style_button_icon(self.contrast, self._theme)

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        margin = theme.px("margin")
        self._layout.setContentsMargins(margin, round(margin * 0.3), margin, round(margin * 0.3))
        self._layout.setSpacing(8)
        for button in (self.smaller, self.larger, self.contrast):
            style_button_icon(button, theme)
        side = theme.px("touch")
        for button in (self.smaller, self.larger):
            button.setFixedSize(side, side)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Drop the "Text size" words (the buttons keep their names) when the bar is too narrow."""
        label = self.size_label
        label.setVisible(True)
        needed = self._layout.sizeHint().width()
        label.setVisible(needed <= self.width())

    @Slot(bool)
    def _on_contrast_toggled(self, on: bool) -> None:
        del on
        style_button_icon(self.contrast, self._theme)

    @Slot()
    def _on_smaller_clicked(self) -> None:
        self.text_size_changed.emit(-1)

    @Slot()
    def _on_larger_clicked(self) -> None:
        self.text_size_changed.emit(1)

    @Slot()
    def _on_language_clicked(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            self.language_chosen.emit(str(button.property("language")))
