"""The questions to take to the doctor: a numbered list, a QR code, and a printout.

The list lives only in memory: it is never written to disk, logged or sent; the QR code
carries it as plain text straight to the visitor's phone, with no web address.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.checklist import questions_as_text
from kiosk.content.model import Checklist, Language, Question
from kiosk.ui.factories import PrinterFactory
from kiosk.ui.qr import qr_image
from kiosk.ui.screen import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import (
    flow_buttons,
    make_button,
    make_label,
    make_scroll_area,
    set_button_text,
    style_button_icon,
)

log = logging.getLogger(__name__)

def printout_html(title: str, intro: str, questions: Sequence[Question], disclaimer: str) -> str:
    items = "".join(f"<li>{html.escape(q.text)}</li>" for q in questions)
    return (f"<h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p>"
            f"<ol>{items}</ol><p><i>{html.escape(disclaimer)}</i></p>")


def print_questions(printer: Any, title: str, intro: str, questions: Sequence[Question],
                    disclaimer: str) -> None:
    """Print the list on ``printer`` (a QPrinter), large and plain."""
    from PySide6.QtGui import QFont, QTextDocument

    document = QTextDocument()
    font = QFont("Atkinson Hyperlegible")
    font.setPointSize(14)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet("h1 { font-size: 22pt; } li { margin-bottom: 10pt; }")
    document.setHtml(printout_html(title, intro, questions, disclaimer))
    document.print_(printer)


class QuestionsScreen(Screen):
    """Signals:
        change_requested(): "Change my ticks" was tapped.
        start_over_requested(): "Start over" was tapped.
    """

    change_requested = Signal()
    start_over_requested = Signal()

    def __init__(self, language: Language, theme: Theme, printer_factory: PrinterFactory | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self._language = language
        self._printer_factory = printer_factory
        self._questions: list[Question] = []
        self.qr_text = ""

        outer = self.outer
        self.title = make_label("", "PageTitle")
        outer.addWidget(self.title)

        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        list_host = QWidget()
        list_host.setObjectName("TileGrid")
        self._list_layout = QVBoxLayout(list_host)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self.intro = make_label("", "ScreenIntro")
        self._list_layout.addWidget(self.intro)
        self._question_rows: list[QWidget] = []
        self._question_texts: list[QLabel] = []
        self._list_layout.addStretch(1)
        self.list_scroll = make_scroll_area(list_host)
        self._body.addWidget(self.list_scroll, 3)

        self.qr_panel = QWidget()
        self.qr_panel.setObjectName("QrPanel")
        self.qr_panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        panel = QVBoxLayout(self.qr_panel)
        self._panel = panel
        self.qr = QLabel()
        self.qr.setObjectName("QrCode")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.qr_caption = make_label("", "QrCaption")
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        panel.addWidget(self.qr, 1)
        panel.addWidget(self.qr_caption)
        self._body.addWidget(self.qr_panel, 2)
        outer.addLayout(self._body, 1)

        disclaimer_box = QWidget()
        disclaimer_box.setObjectName("Disclaimer")
        disclaimer_box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        box_layout = QHBoxLayout(disclaimer_box)
        self._disclaimer_layout = box_layout
        self.disclaimer = make_label("", "DisclaimerText")
        box_layout.addWidget(self.disclaimer)
        outer.addWidget(disclaimer_box)
        self.print_status = make_label("", "PrintStatus")
        self.print_status.hide()
        outer.addWidget(self.print_status)

        self._footer = QGridLayout()
        self.change_button = make_button("", "secondary", "arrow-left")
        self.start_over_button = make_button("", "secondary", "restart")
        self.print_button = make_button("", "primary", "print")
        self.print_button.setVisible(printer_factory is not None)
        self.change_button.clicked.connect(self.change_requested)
        self.start_over_button.clicked.connect(self.start_over_requested)
        self.print_button.clicked.connect(self._on_print_clicked)
        outer.addLayout(self._footer)
        self.set_language(language)
        self.apply_theme(theme)

    # -- content ------------------------------------------------------------------
    def set_language(self, language: Language) -> None:
        self._language = language
        self.title.setText(language.text("questions_title"))
        self.intro.setText(language.text("questions_intro"))
        self.qr_caption.setText(language.text("questions_qr"))
        set_button_text(self.change_button, language.text("questions_change"))
        set_button_text(self.start_over_button, language.text("questions_start_over"))
        set_button_text(self.print_button, language.text("questions_print"))
        checklist = language.checklist
        self.disclaimer.setText(checklist.disclaimer if checklist else "")

    def show_questions(self, checklist: Checklist, questions: Sequence[Question]) -> None:
        """Show ``questions`` as a numbered list and as a QR code."""
        self._questions = list(questions)
        self.print_status.hide()
        for row in self._question_rows:
            self._list_layout.removeWidget(row)
            row.hide()
            row.setParent(None)
        self._question_rows = []
        self._question_texts = []
        for number, question in enumerate(self._questions, start=1):
            row = QWidget()
            row.setObjectName("QuestionRow")
            row.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
            layout = QHBoxLayout(row)
            layout.setContentsMargins(16, 12, 16, 12)
            layout.setSpacing(20)
            badge = QLabel(str(number))
            badge.setObjectName("QuestionNumber")
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            side = self._theme.px("touch") * 2 // 3
            badge.setFixedSize(side, side)
            text = make_label(question.text, "QuestionText")
            layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(text, 1)
            row.setAccessibleName(f"{number}. {question.text}")
            self._list_layout.insertWidget(self._list_layout.count() - 1, row)
            row.show()
            self._question_rows.append(row)
            self._question_texts.append(text)
        self.qr_text = questions_as_text(checklist.title, self._questions)
        self._draw_qr()
        self.list_scroll.verticalScrollBar().setValue(0)

    def shown_questions(self) -> list[str]:
        """The questions as the visitor reads them on screen, in order."""
        return [label.text() for label in self._question_texts]

    def _draw_qr(self) -> None:
        if not self.qr_text:
            self.qr.clear()
            return
        side = round(560 * self._theme.scale)
        image = qr_image(self.qr_text, side, dark=None, light=None)
        self.qr.setPixmap(QPixmap.fromImage(image))
        self.qr.setMinimumSize(image.size())
        self.qr.setAccessibleName(self.qr_caption.text())

    # -- layout -------------------------------------------------------------------
    def _orientation_changed(self) -> None:
        direction = QBoxLayout.Direction.TopToBottom if self.portrait else QBoxLayout.Direction.LeftToRight
        self._body.setDirection(direction)

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        gap = theme.px("gap")
        self.outer.setSpacing(round(gap * 0.75))
        self._body.setSpacing(gap * 2)
        self._list_layout.setSpacing(round(gap * 0.5))
        self._panel.setContentsMargins(gap, gap, gap, gap)
        self._disclaimer_layout.setContentsMargins(gap, round(gap * 0.6), gap, round(gap * 0.6))
        for button in (self.change_button, self.start_over_button, self.print_button):
            style_button_icon(button, theme)
        self._draw_qr()
        self._flow_footer()

    def _flow_footer(self) -> None:
        flow_buttons(self._footer, [self.change_button, self.start_over_button, self.print_button],
                     self.room(), self._theme.px("gap"))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._flow_footer()

    # -- printing -----------------------------------------------------------------
    @Slot()
    def _on_print_clicked(self) -> None:
        language = self._language
        checklist = language.checklist
        if checklist is None or self._printer_factory is None:
            return
        try:
            printer = self._printer_factory()
            if printer is None:
                raise RuntimeError("no printer")
            print_questions(printer, checklist.title, language.text("questions_intro"),
                            self._questions, checklist.disclaimer)
            message = language.text("questions_printed")
            log.info("question list sent to the printer")
        except Exception:  # noqa: BLE001 - any printer trouble becomes a friendly line
            log.exception("printing failed")
            message = language.text("questions_print_failed")
        self.print_status.setText(message)
        self.print_status.show()
