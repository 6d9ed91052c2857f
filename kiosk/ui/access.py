"""The bar at the top of every screen: language, text size and high contrast.

Every visitor can change these at any time; an idle reset puts them back. The bar is
one row when everything fits (languages on the left, tools on the right); when it
does not (a tall screen, five languages), it wraps into rows instead of squeezing a
button or dropping the "Text size" words: first the language buttons, then the tools.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.content.model import Language
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_button, make_label, set_button_text, style_button_icon


class AccessBar(QWidget):
    """Signals:
        language_chosen(str): another language's button was tapped; carries its code.
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
        layout = QVBoxLayout(self)
        self._layout = layout
        self._rows: list[QHBoxLayout] = []
        self._arrangement: tuple[object, ...] = ()
        self.language_buttons: list[QPushButton] = []
        self._offered: list[tuple[str, str]] = []
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
        # The text-size buttons and their words stay together, in every arrangement.
        self.size_group = QWidget()
        size_row = QHBoxLayout(self.size_group)
        size_row.setContentsMargins(0, 0, 0, 0)
        size_row.setSpacing(8)
        for widget in (self.smaller, self.size_label, self.larger):
            size_row.addWidget(widget)
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
        """One button per language, each in its own name; none for a single language.
        The same languages again only move the highlight: the buttons stay the same
        widgets, so a screen reader never sees them vanish and come back."""
        if languages == self._offered and self.language_buttons:
            for button in self.language_buttons:
                role = "primary" if button.property("language") == current else "secondary"
                if button.property("role") != role:
                    button.setProperty("role", role)
                    button.style().unpolish(button)
                    button.style().polish(button)
            return
        self._offered = list(languages)
        for button in self.language_buttons:
            button.hide()
            button.setParent(None)
        self.language_buttons = []
        self._arrangement = ()
        if len(languages) < 2:
            self._fit()
            return
        for code, name in languages:
            button = make_button(name, "primary" if code == current else "secondary", parent=self)
            button.setObjectName("LanguageButton")
            button.setProperty("language", code)
            button.setAccessibleDescription(code)
            button.clicked.connect(self._on_language_clicked)
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
        self._arrangement = ()
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
        """Put the buttons in as few rows as fit the bar's width (see the module's words)."""
        margins = self._layout.contentsMargins()
        room = max(1, self.width() - margins.left() - margins.right())
        gap = 12
        tools = [self.size_group, self.contrast]
        widths = {id(w): w.sizeHint().width() for w in (*self.language_buttons, *tools)}

        def width_of(row: list[QWidget]) -> int:
            return sum(widths[id(w)] for w in row) + gap * max(0, len(row) - 1)

        rows: list[list[QWidget]] = _wrap(self.language_buttons, width_of, room)
        one_row = [*self.language_buttons, *tools]
        if width_of(one_row) + 2 * gap <= room:
            rows = [one_row]
        else:
            rows += _wrap(tools, width_of, room)
        arrangement = (room, tuple(tuple(id(w) for w in row) for row in rows))
        if arrangement == self._arrangement:
            return
        self._arrangement = arrangement
        self._place(rows)

    def _place(self, rows: list[list[QWidget]]) -> None:
        taller = len(rows) != len(self._rows)
        for row in self._rows:
            while row.count():
                row.takeAt(0)
            self._layout.removeItem(row)
            row.setParent(None)
        self._rows = []
        tools = (self.size_group, self.contrast)
        for widgets in rows:
            row = QHBoxLayout()
            row.setSpacing(12)
            row.setSizeConstraint(QLayout.SizeConstraint.SetDefaultConstraint)
            self._layout.addLayout(row)  # first, so each widget below is in the bar when shown
            self._rows.append(row)
            for widget in widgets:
                if widget is tools[0] and widgets[0] is not widget:
                    row.addStretch(1)  # the tools sit on the right of a shared row
                row.addWidget(widget)
                widget.show()
            if widgets[-1] not in tools or widgets[0] in tools:
                row.addStretch(1)  # a row of its own starts on the left, like the rows above
        self._layout.activate()
        parent = self.parentWidget()
        outer = parent.layout() if parent is not None else None
        if taller and outer is not None:
            # The bar's height changed: lay the window out now, not at the next turn of
            # the event loop, so that a tap coming first lands on what is drawn.
            outer.activate()

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
        # The language already shown: nothing changes, so nothing is said (and nothing rebuilt).
        if isinstance(button, QPushButton) and button.property("role") != "primary":
            self.language_chosen.emit(str(button.property("language")))


def _wrap(widgets: Sequence[QWidget], width_of: Callable[[list[QWidget]], int],
          room: int) -> list[list[QWidget]]:
    """``widgets`` in rows no wider than ``room`` (a widget wider than that has a row of its own)."""
    rows: list[list[QWidget]] = []
    for widget in widgets:
        if rows and width_of([*rows[-1], widget]) <= room:
            rows[-1].append(widget)
        else:
            rows.append([widget])
    return rows
