"""The kiosk's one window: a stack of screens, switched by the visitor's session."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent, QWindow
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.content.checklist import suggested_questions
from kiosk.content.model import ContentBundle, Language
from kiosk.session import Session
from kiosk.ui.checklist import ChecklistScreen
from kiosk.ui.home import HomeScreen
from kiosk.ui.questions import PrinterFactory, QuestionsScreen
from kiosk.ui.section import SectionPage
from kiosk.ui.theme import Theme, scale_for

log = logging.getLogger(__name__)


class KioskWindow(QWidget):
    """Shows the session's screen from the current content bundle.

    Signals:
        screen_changed(str): the visible screen changed (``home``, ``checklist``, ``page:<slug>``).
    """

    screen_changed = Signal(str)

    def __init__(self, bundle: ContentBundle, session: Session, theme: Theme,
                 printer_factory: PrinterFactory | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        self.setWindowTitle("CRPS care kiosk")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.bundle = bundle
        self.session = session
        self.theme = theme
        self._filtered_window: QWindow | None = None
        language = self.language
        self.home = HomeScreen(language, theme)
        self.page = SectionPage(language, theme)
        self.checklist = ChecklistScreen(language, theme)
        self.questions = QuestionsScreen(language, theme, printer_factory)
        self.screens: tuple[QWidget, ...] = (self.home, self.page, self.checklist, self.questions)
        self.stack = QStackedWidget()
        for screen in self.screens:
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.home.topic_chosen.connect(self.show_section)
        self.home.checklist_chosen.connect(self.show_checklist)
        self.page.home_requested.connect(self.show_home)
        self.page.section_requested.connect(self.show_section)
        self.page.checklist_requested.connect(self.show_checklist)
        self.checklist.home_requested.connect(self.show_home)
        self.checklist.item_toggled.connect(self.session.set_ticked)
        self.checklist.questions_requested.connect(self.show_questions)
        self.questions.change_requested.connect(self.show_checklist)
        self.questions.start_over_requested.connect(self.start_over)
        self.setStyleSheet(theme.stylesheet())
        self.show_home()

    @property
    def language(self) -> Language:
        return self.bundle.language(self.session.language)

    @property
    def portrait(self) -> bool:
        return self.height() > self.width()

    def set_language(self, code: str) -> None:
        """Show every word in the language ``code`` (staying on the same screen)."""
        self.session.language = code
        language = self.language
        for screen in self.screens:
            screen.set_language(language)  # type: ignore[attr-defined]
        self.home.apply_theme(self.theme)

    # -- navigation (slots) -------------------------------------------------------
    def show_home(self) -> None:
        self.session.open_home()
        self.home.scroll_to_top()
        self._show(self.home)

    def show_section(self, slug: str) -> None:
        section = self.language.section(slug)
        if section is None:
            log.warning("no page '%s' in %s; going home", slug, self.language.code)
            self.show_home()
            return
        self.session.open_page(slug)
        self.page.show_section(section)
        self._show(self.page)

    def show_checklist(self) -> None:
        self.session.open_checklist()
        self.checklist.show_ticked(self.session.ticked)
        self._show(self.checklist)

    def show_questions(self) -> None:
        checklist = self.language.checklist
        if checklist is None:
            self.show_home()
            return
        self.session.open_questions()
        self.questions.show_questions(checklist, suggested_questions(checklist, self.session.ticked))
        self._show(self.questions)

    def start_over(self) -> None:
        """Forget the ticks and go back to the start (the visitor's own "start over")."""
        self.session.clear_ticks()
        self.show_home()

    def reset_session(self) -> None:
        """Forget the visitor entirely: language, ticks, screen."""
        self.session.reset()
        self.set_language(self.session.language)
        self.checklist.show_ticked(self.session.ticked)
        self.show_home()

    def _show(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
        self.screen_changed.emit(self.session.screen)

    # -- geometry -----------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and handle is not self._filtered_window:
            handle.installEventFilter(self.page.swipes)
            self._filtered_window = handle

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        scale = round(scale_for(event.size()), 2)
        if abs(scale - self.theme.scale) > 0.01:
            self.theme = self.theme.with_scale(scale)
            self.setStyleSheet(self.theme.stylesheet())
            for screen in self.screens:
                screen.apply_theme(self.theme)  # type: ignore[attr-defined]
        for screen in self.screens:
            screen.set_portrait(self.portrait)  # type: ignore[attr-defined]
