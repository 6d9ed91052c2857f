"""The kiosk's one window: a stack of screens, switched by the visitor's session.

The window wires the pieces together and does little itself: screens display their
models; :class:`IdleMonitor` decides when to reset; :class:`WindowGuard` keeps the
visitor in and notices staff; :class:`StaffGate` checks the PIN.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QResizeEvent, QShowEvent, QWindow
from PySide6.QtWidgets import QLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.config import Config
from kiosk.content.checklist import suggested_questions
from kiosk.content.model import ContentBundle, Language
from kiosk.services.content import ContentService
from kiosk.session import QUESTIONS, STAFF, Session
from kiosk.ui.access import AccessBar
from kiosk.ui.factories import Factories
from kiosk.ui.home import HomeScreen
from kiosk.ui.look import Look
from kiosk.ui.screen import Screen, WindowPart
from kiosk.ui.screen_stack import ScreenStack
from kiosk.ui.screens import MadeOnFirstUse, Screens
from kiosk.ui.supervisor import Overlays, Supervisor
from kiosk.ui.theme import Theme, scale_for

if TYPE_CHECKING:  # made on first use: their modules are imported then (kiosk/ui/screens.py)
    from kiosk.ui.attract import AttractScreen
    from kiosk.ui.checklist import ChecklistScreen
    from kiosk.ui.questions import QuestionsScreen
    from kiosk.ui.section import SectionPage
    from kiosk.ui.speech import ReadAloud
    from kiosk.ui.staff import StaffPanel

log = logging.getLogger(__name__)


class KioskWindow(QWidget, Overlays):
    """Shows the session's screen from the content service's bundle. ``config`` holds the
    settings (default: an ordinary window); ``factories`` make its timers, printer and speech.

    Signals:
        screen_changed(str): the visible screen changed (``home``, ``attract``, ``checklist``,
            ``questions``, ``staff``, ``page:<slug>``).
        session_reset(): the visitor was forgotten (idle time-out, staff, or an error).
        content_changed(bool): a content load finished; True when it replaced what is on screen.
    """

    screen_changed = Signal(str)
    session_reset = Signal()
    content_changed = Signal(bool)

    def __init__(self, content: ContentService, session: Session, theme: Theme, config: Config | None = None,
                 factories: Factories | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        self.setWindowTitle("CRPS care kiosk")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.config = config or Config(fullscreen=False)
        self.factories = factories or Factories()
        self.content = content
        content.setParent(self)
        self.session = session
        self._filtered_window: QWindow | None = None
        language = self.language

        self.home = HomeScreen(language, theme)  # the only screen made before the first frame
        self.screen_set = Screens(self, self.home)
        self._window_filters: list[QObject] = []
        self.access_bar = AccessBar(language, theme)
        self.speech: ReadAloud | None = None
        self.stack = ScreenStack()
        self.stack.addWidget(self.home)
        # Screens fit themselves to the fixed screen size (and scroll), never the other way round.
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.access_bar)
        layout.addWidget(self.stack, 1)

        self.supervisor = Supervisor(self, language, theme, self.config, self.factories.timer)
        self.idle, self.guard = self.supervisor.idle, self.supervisor.guard
        self.filter_window_events(self.guard)
        self.look = Look(self, session, theme, self.access_bar, parts=lambda: self.parts,
                         motion=self.screen_set.motion)
        self._connect()
        self.access_bar.set_languages(self.bundle.offered(self.config.languages), language.code)
        self.show_home()
        self.idle.start()

    def _connect(self) -> None:
        self.content.content_changed.connect(self.apply_bundle)
        self.content.load_finished.connect(self._on_load_finished)
        self.home.topic_chosen.connect(self.show_section)
        self.home.checklist_chosen.connect(self.show_checklist)
        self.access_bar.language_chosen.connect(self.set_language)
        self.supervisor.timed_out.connect(self._on_idle_timed_out)
        self.supervisor.staff_unlocked.connect(self.show_staff_panel)

    # The screens other than home: made on first use (see kiosk/ui/screens.py).
    page: MadeOnFirstUse[SectionPage] = MadeOnFirstUse("page")
    checklist: MadeOnFirstUse[ChecklistScreen] = MadeOnFirstUse("checklist")
    questions: MadeOnFirstUse[QuestionsScreen] = MadeOnFirstUse("questions")
    attract: MadeOnFirstUse[AttractScreen] = MadeOnFirstUse("attract")
    staff_panel: MadeOnFirstUse[StaffPanel] = MadeOnFirstUse("staff_panel")

    @property
    def parts(self) -> tuple[WindowPart, ...]:
        """Everything that shows words or is sized from the theme (of the screens made so far)."""
        return (*self.screen_set.all_made(), self.supervisor, self.access_bar)

    def filter_window_events(self, watcher: QObject) -> None:
        """Let ``watcher`` see the window's events (touches, swipes) before its widgets do."""
        self._window_filters.append(watcher)
        if self._filtered_window is not None:
            self._filtered_window.installEventFilter(watcher)

    @property
    def bundle(self) -> ContentBundle:
        return self.content.bundle

    @property
    def theme(self) -> Theme:
        return self.look.theme

    @property
    def language(self) -> Language:
        return self.bundle.language(self.session.language, draft=self.session.previewing_draft)

    def set_language(self, code: str) -> None:
        """Show every word in the language ``code`` (staying on the same screen)."""
        self.session.language = code
        language = self.language
        self.stop_reading()
        for part in self.parts:
            part.set_language(language)
        self.access_bar.set_languages(self.bundle.offered(self.config.languages), language.code)
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

    def show_attract(self) -> None:
        """The waiting screen between visitors."""
        self.idle.stop()
        self.session.open_attract()
        self._show(self.attract)

    def show_staff_panel(self) -> None:
        self.staff_panel.show_status(self.content.status, self.bundle.offered([]), self.bundle.drafted())
        self.session.open_staff()
        self._show(self.staff_panel)

    def _show(self, screen: Screen) -> None:
        self.stop_reading()
        self.stack.setCurrentWidget(screen)
        self.access_bar.setVisible(screen is not self.screen_set.made("attract"))
        if screen is self.screen_set.made("page"):
            self.screen_set.ensure_speech()  # made when idle before, else now
        self.screen_changed.emit(self.session.screen)

    def start_over(self) -> None:
        """Forget the ticks and go back to the start (the visitor's own "start over")."""
        self.session.clear_ticks()
        self.show_home()

    def reset_session(self) -> None:
        """Forget the visitor entirely: language, ticks, screen, scroll positions."""
        self.session.reset()
        self.supervisor.new_visit()
        self.look.apply()
        self.look.apply_motion()
        self.set_language(self.session.language)
        if self.screen_set.made("checklist"):
            self.checklist.show_ticked(self.session.ticked)
        if self.screen_set.made("page"):
            self.page.text.verticalScrollBar().setValue(0)
        self.show_home()
        self.idle.start()
        log.info("session reset")
        self.session_reset.emit()

    @Slot()
    def stop_reading(self) -> None:
        if self.speech is not None:
            self.speech.stop()

    # -- idle and staff -------------------------------------------------------------
    @Slot()
    def _on_idle_timed_out(self) -> None:
        self.reset_session()
        self.show_attract()
        self.screen_set.visit_over()

    @Slot(str)
    def preview_language(self, code: str) -> None:
        self.session.previewing_draft = code in self.bundle.drafts  # staff only; a reset ends it
        self.set_language(code)
        self.show_home()

    @Slot()
    def test_idle(self) -> None:
        self.show_home()
        self.idle.warn_now()

    # -- content --------------------------------------------------------------------
    @Slot(object)
    def apply_bundle(self, bundle: ContentBundle) -> None:
        """Show the content service's new bundle; the visitor stays where they were if they can."""
        if self.session.language not in bundle.languages:
            self.session.language = self.session.default_language
        self.set_language(self.session.language)
        if self.screen_set.made("attract"):
            self.attract.set_languages(bundle.languages)
        page = self.session.page
        if page is not None:
            section = self.language.section(page)
            if section is None:
                self.show_home()
            else:
                position = self.page.text.verticalScrollBar().value()
                self.page.show_section(section)
                self.page.text.verticalScrollBar().setValue(position)
        elif self.session.screen == QUESTIONS:
            self.show_questions()

    @Slot(bool)
    def _on_load_finished(self, replaced: bool) -> None:
        if self.session.screen == STAFF:
            self.show_staff_panel()  # the new status and problems
        self.content_changed.emit(replaced)

    # -- window ---------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self.supervisor.may_close:
            event.ignore()
            return
        self.idle.stop()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and handle is not self._filtered_window:
            for watcher in self._window_filters:
                handle.installEventFilter(watcher)
            self._filtered_window = handle

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.look.rescale(round(scale_for(event.size()), 2))
        for screen in self.screen_set.all_made():
            screen.set_portrait(self.height() > self.width())
        self.supervisor.fit()
