"""Staff mode: a PIN keypad (no physical keyboard needed) and the staff panel.

Staff words are for clinic staff, not patients, so they are plain English here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.report import PageFigures
from kiosk.services.content import ContentStatus
from kiosk.staff import StaffGate
from kiosk.ui.overlay_card import CardOverlay, needed_height, place_card
from kiosk.ui.screen import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import flow_buttons, make_button, make_label, make_scroll_area, style_button_icon

if TYPE_CHECKING:  # made when first shown
    from kiosk.ui.usage_chart import UsageCharts

log = logging.getLogger(__name__)


class PinKeypad(CardOverlay):
    """An on-screen keypad over the whole screen.

    Signals:
        unlocked(): the right PIN was entered.
        cancelled(): staff closed the keypad.
    """

    unlocked = Signal()
    cancelled = Signal()

    def __init__(self, gate: StaffGate, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.gate = gate
        self._digits = ""
        card = QWidget(self)  # placed by place_card
        card.setObjectName("OverlayCard")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.card = card
        layout = QGridLayout(card)  # one column; the keys beside the rest on a short screen
        self._layout = layout
        self.side_by_side = False
        self.title = make_label("Staff PIN", "OverlayTitle", wrap=False)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.display = make_label("", "PinDisplay", wrap=False)
        self.display.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message = make_label("", "OverlayText")
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        grid = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "OK"]
        for index, text in enumerate(labels):
            role = "primary" if text == "OK" else "secondary"
            button = make_button(text, role)
            button.clicked.connect(self._on_key_clicked)
            grid.addWidget(button, index // 3, index % 3)
            self.keys[text] = button
        self._grid = grid
        self.cancel_button = make_button("Cancel", "secondary", "close")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self._margin = 0
        self._arrange(False)
        self.apply_theme(theme)
        self.hide()

    def apply_theme(self, theme: Theme) -> None:
        gap = theme.px("gap")
        self._layout.setContentsMargins(gap * 2, gap * 2, gap * 2, gap * 2)
        self._layout.setSpacing(gap)
        for button in self.keys.values():
            button.setMinimumSize(round(theme.px("touch") * 1.6), round(theme.px("touch") * 1.1))
        style_button_icon(self.cancel_button, theme)
        self._margin = gap
        self.place()

    def _arrange(self, side_by_side: bool) -> None:
        """One column (title, PIN, message, keys, Cancel), or on a short screen the keys to
        the right of the rest, so every key keeps its full size."""
        layout = self._layout
        for widget in (self.title, self.display, self.message, self.cancel_button):
            layout.removeWidget(widget)
        layout.removeItem(self._grid)
        self._grid.setParent(None)
        for row, widget in enumerate((self.title, self.display, self.message)):
            layout.addWidget(widget, row, 0)
        if side_by_side:
            layout.addWidget(self.cancel_button, 3, 0)
            layout.addLayout(self._grid, 0, 1, 4, 1)
        else:
            layout.addLayout(self._grid, 3, 0)
            layout.addWidget(self.cancel_button, 4, 0)
        self.side_by_side = side_by_side

    def place(self) -> None:
        """Centre the card; side by side when one column would not fit the screen's height."""
        if not self.isVisible():
            return
        room = self.height() - 2 * self._margin
        if self.side_by_side:
            self._arrange(False)
        self._layout.activate()
        width = min(self.width() - 2 * self._margin, self.card.sizeHint().width())
        if needed_height(self.card, width) > room:
            self._arrange(True)
            self._layout.activate()
        place_card(self, self.card, self._margin)

    def open(self) -> None:
        self._digits = ""
        self._refresh()
        self.show()
        self.raise_()

    def _refresh(self) -> None:
        self.display.setText("\u25cf " * len(self._digits) if self._digits else " ")
        locked = self.gate.seconds_locked()
        if locked > 0:
            minutes = max(1, round(locked / 60))
            self.message.setText(f"Too many wrong PINs. The keypad is locked for {minutes} more minute(s).")
        for button in self.keys.values():
            button.setEnabled(locked <= 0)
        self.place()  # a message may have come or gone

    @Slot()
    def _on_key_clicked(self) -> None:
        button = self.sender()
        if not isinstance(button, QPushButton):
            return
        key = button.accessibleName()
        if key == "Clear":
            self._digits = ""
        elif key == "OK":
            self._submit()
            return
        elif len(self._digits) < 12:
            self._digits += key
        self.message.setText("")
        self._refresh()

    def enter(self, digits: str) -> None:
        """Type ``digits`` and press OK (what a person's taps do; used by tests too)."""
        for digit in digits:
            self.keys[digit].click()
        self.keys["OK"].click()

    def _submit(self) -> None:
        digits, self._digits = self._digits, ""
        if self.gate.attempt(digits):
            log.info("staff signed in")
            self.hide()
            self.unlocked.emit()
            return
        log.warning("wrong staff PIN entered")
        self.message.setText("That PIN is not right.")
        self._refresh()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self._digits = ""
        self.hide()
        self.cancelled.emit()


class StaffPanel(Screen):
    """Content status and the few things staff do.

    Signals:
        reload_requested(), language_preview_requested(str), idle_test_requested(),
        exit_requested(), closed()
    """

    reload_requested = Signal()
    language_preview_requested = Signal(str)
    idle_test_requested = Signal()
    exit_requested = Signal()
    closed = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        outer = self.outer
        title = make_label("Staff panel", "PageTitle", wrap=False)
        outer.addWidget(title)
        self.status = make_label("", "ScreenIntro")
        self.problems = make_label("", "StaffProblems")
        self.problems.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # The folder's state, the preview buttons, problems, sign-off (what is held back and
        # why) and the usage charts scroll together; the title and the actions stay put, so
        # "Close staff panel" is always on screen, however small the screen or large the text.
        host = QWidget()
        host.setObjectName("TileGrid")
        column = QVBoxLayout(host)
        column.setContentsMargins(0, 0, 0, 0)
        self.languages = QGridLayout()
        self.sign_off = make_label("", "StaffProblems")
        self._charts: UsageCharts | None = None  # see the charts property
        column.addWidget(self.status)
        column.addLayout(self.languages)
        for widget in (self.problems, self.sign_off):
            column.addWidget(widget)
        column.addStretch(1)
        self._column = column
        self.details = make_scroll_area(host)
        outer.addWidget(self.details, 1)
        self._row = QGridLayout()
        self.reload_button = make_button("Reload content", "secondary", "reload")
        self.idle_button = make_button("Test idle reset", "secondary", "restart")
        self.exit_button = make_button("Exit the kiosk", "secondary", "close")
        self.close_button = make_button("Close staff panel", "primary", "home")
        self.reload_button.clicked.connect(self.reload_requested)
        self.idle_button.clicked.connect(self.idle_test_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.close_button.clicked.connect(self.closed)
        outer.addLayout(self._row)
        self._language_buttons: list[QPushButton] = []
        self.apply_theme(theme)

    def show_status(self, status: ContentStatus, languages: Sequence[tuple[str, str]],
                    drafts: Sequence[tuple[str, str]] = ()) -> None:
        """Where the content came from, each language's state and the folder's problems; a
        "Preview" button per language, drafts included."""
        note = " The folder has errors, so the bundled content is showing." if status.fell_back else ""
        loaded_at = status.loaded_at.strftime("%Y-%m-%d %H:%M:%S")
        states = [status.held_back.get(code, f"{name} ({code}): shown to patients, up to date")
                  for code, name in languages]
        states += [note_ for code, note_ in status.held_back.items() if code not in dict(languages)]
        states += [f"{name} ({code}): draft, staff only (never offered to patients)" for code, name in drafts]
        self.status.setText(f"Content folder: {status.folder}\nLoaded: {loaded_at}.{note}\n"
                            + "\n".join(states))
        problems = status.problems
        if problems:
            count = f"{len(problems)} {'problem' if len(problems) == 1 else 'problems'}"
            self.problems.setText(f"{count}:\n" + "\n".join(str(p) for p in problems))
        else:
            self.problems.setText("No problems found in the content.")
        for button in self._language_buttons:
            self.languages.removeWidget(button)
            button.hide()
            button.setParent(None)
        self._language_buttons = []
        for code, name in [*languages, *((code, f"{name} (draft)") for code, name in drafts)]:
            button = make_button(f"Preview {name}", "secondary", "globe", self._theme)
            button.setProperty("language", code)
            button.clicked.connect(self._on_language_clicked)
            self.languages.addWidget(button)  # in the panel (and its stylesheet) before it is measured
            button.show()
            self._language_buttons.append(button)
        self._flow()

    def show_trust(self, status: ContentStatus, visits: Sequence[tuple[date, int]],
                   pages: Sequence[tuple[str, PageFigures]], counting: bool) -> None:
        """Sign-off (each page held back from patients, with the reason) and the last 30 days'
        anonymous counts."""
        lines = [status.sign_off.capitalize() + "." if status.sign_off else "Sign-off: not known."]
        if status.unapproved:
            lines.append(f"{len(status.unapproved)} held back from patients (require_approval is on):")
            lines += [f"{held.path} ({held.title}): {held.reason}" for held in status.unapproved]
        self.sign_off.setText("\n".join(lines))
        if counting:
            self.charts.setVisible(True)
            self.charts.show_figures(visits, pages)
        elif self._charts is not None:
            self._charts.setVisible(False)

    @property
    def charts(self) -> UsageCharts:
        """The usage charts, made the first time they are needed: the first time the panel
        shows counts (a kiosk whose staff panel is never opened, or that does not count, never
        needs them)."""
        if self._charts is None:
            from kiosk.ui.usage_chart import UsageCharts

            self._charts = UsageCharts(self._theme)
            self._column.insertWidget(4, self._charts)  # under the problems and the sign-off
        return self._charts

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.outer.setSpacing(theme.px("gap"))
        self._column.setSpacing(theme.px("gap"))
        if self._charts is not None:
            self._charts.apply_theme(theme)
        for button in (self.reload_button, self.idle_button, self.exit_button, self.close_button,
                       *self._language_buttons):
            style_button_icon(button, theme)
        self._flow()

    def _flow(self) -> None:
        """The buttons side by side when they fit, else one per row: no word is cut."""
        gap = self._theme.px("gap")
        for button in (self.reload_button, self.idle_button, self.exit_button, self.close_button,
                       *self._language_buttons):
            button.ensurePolished()  # measured with the stylesheet's font
        flow_buttons(self._row, [self.reload_button, self.idle_button, self.exit_button, self.close_button],
                     self.room(), gap, pairs=True)
        if self._language_buttons:
            flow_buttons(self.languages, self._language_buttons, self.room(), gap)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._flow()

    @Slot()
    def _on_language_clicked(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            self.language_preview_requested.emit(str(button.property("language")))
