"""The questions to take to the doctor: a numbered list, a QR code, and a printout.

The list lives only in memory: it is never written to disk, logged or sent; the QR code
carries it as plain text straight to the visitor's phone, with no web address. The
screen, the QR text and the printout all end with the checklist's disclaimer and what
to do if you feel unwell (with the clinic's phone from clinic.yaml).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

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
from kiosk.ui.printing import PrintControl, Printout
from kiosk.ui.qr import qr_image, qr_modules
from kiosk.ui.screen import UNLIMITED, Screen
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

class QuestionNotes(QWidget):
    """The checklist's disclaimer and what to do if you feel unwell, in one box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Disclaimer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.box = QVBoxLayout(self)
        self.disclaimer = make_label("", "DisclaimerText")
        self.unwell = make_label("", "UnwellNote")
        self.box.addWidget(self.disclaimer)
        self.box.addWidget(self.unwell)

    def height_for(self, width: int, gap: int) -> int:
        """Its height when ``width`` wide, with ``gap`` inside each side."""
        words = width - 2 * gap
        margins = self.box.contentsMargins()
        return (self.disclaimer.heightForWidth(words) + self.unwell.heightForWidth(words)
                + self.box.spacing() + margins.top() + margins.bottom())


class QuestionsScreen(Screen):
    """Signals:
        change_requested(): "Change my answers" was tapped.
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
        # The questions with the notes under them, beside (or above) the QR code.
        self._left = QVBoxLayout()
        self._left.setContentsMargins(0, 0, 0, 0)
        self._left.addWidget(self.list_scroll, 1)
        self._body.addLayout(self._left, 3)

        self.qr_panel = QWidget()
        self.qr_panel.setObjectName("QrPanel")
        self.qr_panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        panel = QVBoxLayout(self.qr_panel)
        self._panel = panel
        self.qr = make_label("", "QrCode", wrap=False)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.qr_caption = make_label("", "QrCaption")
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        panel.addWidget(self.qr, 1)
        panel.addWidget(self.qr_caption)
        self._body.addWidget(self.qr_panel, 2)
        outer.addLayout(self._body, 1)

        # The disclaimer and what to do if you feel unwell: under the list when there is
        # room for them and the QR code, else all flow in one scrolling column.
        self.notes = QuestionNotes()
        self.disclaimer, self.unwell = self.notes.disclaimer, self.notes.unwell
        self._left.addWidget(self.notes)
        self._one_column = False
        self.scroll_when_short(self.title, self._list_layout)  # on a short screen
        self._qr_side = round(560 * theme.scale)
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
        self.print_control = PrintControl(self.print_button, self.print_status, self)
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
        self.unwell.setText(language.text("unwell_note"))
        self._arrange()

    def show_questions(self, checklist: Checklist, questions: Sequence[Question]) -> None:
        """Show ``questions`` as a numbered list and as a QR code."""
        self._questions = list(questions)
        self.print_control.new_visit()
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
            badge = make_label(str(number), "QuestionNumber", wrap=False)
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            side = self._theme.px("touch") * 2 // 3
            badge.setFixedSize(side, side)
            text = make_label(question.text, "QuestionText")
            layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(text, 1)
            row.setAccessibleName(f"{number}. {question.text}")
            after_intro = self._list_layout.indexOf(self.intro) + number
            self._list_layout.insertWidget(after_intro, row)
            row.show()
            self._question_rows.append(row)
            self._question_texts.append(text)
        self.qr_text = questions_as_text(checklist.title, self._questions,
                                         [checklist.disclaimer, self.unwell.text()])
        self._arrange()
        self._draw_qr()
        self.list_scroll.verticalScrollBar().setValue(0)

    @property
    def questions(self) -> list[Question]:
        """The questions on screen, in order."""
        return list(self._questions)

    def shown_questions(self) -> list[str]:
        """The questions as the visitor reads them on screen, in order."""
        return [label.text() for label in self._question_texts]

    def _draw_qr(self) -> None:
        if not self.qr_text:
            self.qr.clear()
            return
        side = self._qr_side
        image = qr_image(self.qr_text, side, dark=None, light=None)
        self.qr.setPixmap(QPixmap.fromImage(image))
        self.qr.setMinimumSize(image.size())
        self.qr.setAccessibleName(self.qr_caption.text())

    # -- layout -------------------------------------------------------------------
    def _orientation_changed(self) -> None:
        direction = QBoxLayout.Direction.TopToBottom if self.portrait else QBoxLayout.Direction.LeftToRight
        self._body.setDirection(direction)
        self._arrange()

    @property
    def one_column(self) -> bool:
        """True when the questions, the QR code and the notes flow in one scrolling column."""
        return self._one_column

    def _plan(self) -> tuple[bool, int]:
        """(one column?, QR side): the questions with the notes beside (or above) the QR
        code when at least two questions, the notes and a QR code of at least 3 pixels a
        module fit on screen; else one scrolling column. The QR code is as large as fits,
        up to 560 px at 1080p."""
        theme = self._theme
        gap = theme.px("gap")
        room = self.room()
        largest = round(560 * theme.scale)
        smallest = 3 * qr_modules(self.qr_text) if self.qr_text else 1
        if self.height() <= 0:
            return False, largest
        margins = self.outer.contentsMargins()
        body = (self.height() - margins.top() - margins.bottom() - self.title.heightForWidth(room)
                - self._footer.sizeHint().height() - 2 * self.outer.spacing())
        left_width = room if self.portrait else (room - self._body.spacing()) * 3 // 5
        panel_width = room if self.portrait else room - self._body.spacing() - left_width
        notes = self.notes.height_for(left_width, gap)
        questions = self.intro.heightForWidth(left_width) + 2 * theme.px("touch")
        left = questions + self._left.spacing() + notes
        caption = 2 * gap + self._panel.spacing() + self.qr_caption.heightForWidth(panel_width - 2 * gap)
        if self.portrait:
            side = min(largest, panel_width - 2 * gap, body - left - self._body.spacing() - caption)
        else:
            side = min(largest, panel_width - 2 * gap, body - caption) if left <= body else 0
        if side >= smallest:
            return False, side
        return True, max(smallest, min(largest, room - 4 * gap))

    def _arrange(self) -> None:
        """Put the QR code and the notes where :meth:`_plan` says, and size the code."""
        one_column, side = self._plan()
        if one_column != self._one_column:
            self._one_column = one_column
            if one_column:
                self._body.removeWidget(self.qr_panel)
                self._left.removeWidget(self.notes)
                end = self._list_layout.count() - 1  # before the closing stretch
                self._list_layout.insertWidget(end, self.notes)
                self._list_layout.insertWidget(end + 1, self.qr_panel)
            else:
                self._list_layout.removeWidget(self.notes)
                self._list_layout.removeWidget(self.qr_panel)
                self._left.addWidget(self.notes)
                self._body.addWidget(self.qr_panel, 2)
        # In one column the code keeps its size (3 px a module at least): less padding round it
        # (6: the panel's border, at most).
        room = self.room() - self.list_scroll.verticalScrollBar().sizeHint().width()
        pad = max(2, min(self._theme.px("gap"), (room - side) // 2 - 6 if one_column else UNLIMITED))
        if self._panel.contentsMargins().left() != pad:
            self._panel.setContentsMargins(pad, pad, pad, pad)
        if side != self._qr_side:
            self._qr_side = side
            self._draw_qr()

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        gap = theme.px("gap")
        self.outer.setSpacing(round(gap * 0.75))
        self._body.setSpacing(gap * 2)
        self._list_layout.setSpacing(round(gap * 0.5))
        self.notes.box.setContentsMargins(gap, round(gap * 0.6), gap, round(gap * 0.6))
        for button in (self.change_button, self.start_over_button, self.print_button):
            style_button_icon(button, theme)
        self._left.setSpacing(round(gap * 0.75))
        self._flow_footer()
        self.fit_height()
        self._arrange()
        self._draw_qr()

    def _flow_footer(self) -> None:
        flow_buttons(self._footer, [self.change_button, self.start_over_button, self.print_button],
                     self.room(), self._theme.px("gap"))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._flow_footer()
        self.fit_height()
        self._arrange()

    # -- printing -----------------------------------------------------------------
    @Slot()
    def _on_print_clicked(self) -> None:
        """The visitor is told it is printing only once the printer took the job."""
        language, checklist = self._language, self._language.checklist
        if checklist is not None and self._printer_factory is not None:
            self.print_control.start(self._printer_factory, Printout(
                checklist.title, language.text("questions_intro"), self._questions, checklist.disclaimer,
                self.unwell.text(), language.text("questions_printed"),
                language.text("questions_print_failed")))
