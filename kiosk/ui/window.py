"""The kiosk's one window: a stack of screens, switched by the visitor's session.

The window wires the pieces together and does little itself: screens display their
models; :class:`IdleMonitor` decides when to reset; :class:`WindowGuard` keeps the
visitor in and notices staff; :class:`StaffGate` checks the PIN.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QResizeEvent, QShowEvent, QWindow
from PySide6.QtWidgets import QApplication, QLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from kiosk.content.checklist import suggested_questions
from kiosk.content.languages import held_back, live_bundle
from kiosk.content.loader import load_content
from kiosk.content.model import ContentBundle, ContentProblem, Language
from kiosk.session import QUESTIONS, STAFF, Session
from kiosk.staff import StaffGate
from kiosk.ui.access import AccessBar
from kiosk.ui.attract import AttractScreen
from kiosk.ui.checklist import ChecklistScreen
from kiosk.ui.home import HomeScreen
from kiosk.ui.idle import IdleMonitor, IdleOverlay, TimerFactory
from kiosk.ui.lockdown import WindowGuard
from kiosk.ui.questions import PrinterFactory, QuestionsScreen
from kiosk.ui.reload import ContentWatcher
from kiosk.ui.section import SectionPage
from kiosk.ui.speech import ReadAloud
from kiosk.ui.staff import PinKeypad, StaffPanel
from kiosk.ui.theme import Theme, scale_for

log = logging.getLogger(__name__)


@dataclass
class ContentStatus:
    """Where the content on screen came from, and what was wrong with the folder."""

    folder: Path
    problems: tuple[ContentProblem, ...] = ()
    fell_back: bool = False
    loaded_at: datetime = field(default_factory=datetime.now)


@dataclass
class WindowOptions:
    """Everything the window needs from the settings (defaults suit tests)."""

    locked: bool = False
    idle_seconds: int = 90
    warning_seconds: int = 20
    staff_gate: StaffGate = field(default_factory=lambda: StaffGate(""))
    staff_corner: str = "top-left"
    staff_hold_seconds: float = 3.0
    printer_factory: PrinterFactory | None = None
    timer_factory: TimerFactory = QTimer
    content_status: ContentStatus | None = None
    watch_content: bool = False
    reload_debounce_ms: int = 1000
    content_poll_seconds: int = 0
    languages: list[str] = field(default_factory=list)  # offered, in order; empty = all
    speech_engine: str = ""


class KioskWindow(QWidget):
    """Shows the session's screen from the current content bundle.

    Signals:
        screen_changed(str): the visible screen changed (``home``, ``attract``, ``checklist``,
            ``questions``, ``staff``, ``page:<slug>``).
        session_reset(): the visitor was forgotten (idle time-out, staff, or an error).
        content_changed(bool): a content load finished; True when it replaced what is on screen.
    """

    screen_changed = Signal(str)
    session_reset = Signal()
    content_changed = Signal(bool)

    def __init__(self, bundle: ContentBundle, session: Session, theme: Theme,
                 options: WindowOptions | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        self.setWindowTitle("CRPS care kiosk")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.options = options or WindowOptions()
        self.bundle = bundle
        self.session = session
        self.theme = theme
        self.content_status = self.options.content_status or ContentStatus(bundle.root, bundle.problems)
        self._filtered_window: QWindow | None = None
        self._may_close = False
        language = self.language

        self.home = HomeScreen(language, theme)
        self.page = SectionPage(language, theme)
        self.checklist = ChecklistScreen(language, theme)
        self.questions = QuestionsScreen(language, theme, self.options.printer_factory)
        self.attract = AttractScreen(bundle.languages, theme)
        self.staff_panel = StaffPanel(theme)
        self.access_bar = AccessBar(language, theme)
        self.speech: ReadAloud | None = None
        self.screens: tuple[QWidget, ...] = (self.home, self.page, self.checklist, self.questions)
        self.stack = QStackedWidget()
        for screen in (*self.screens, self.attract, self.staff_panel):
            self.stack.addWidget(screen)
        # The screen's size is fixed; screens fit themselves to it (and scroll), never
        # the other way round.
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.access_bar)
        layout.addWidget(self.stack, 1)

        self.idle_overlay = IdleOverlay(language, theme, self)
        self.keypad = PinKeypad(self.options.staff_gate, theme, self)
        self.idle = IdleMonitor(self.options.idle_seconds, self.options.warning_seconds,
                                self.options.timer_factory, self)
        self.guard = WindowGuard(self, self.options.staff_corner, self.options.staff_hold_seconds,
                                 self.options.timer_factory, self)
        self.guard.locked = self.options.locked
        self.watcher: ContentWatcher | None = None
        if self.options.watch_content:
            self.watcher = ContentWatcher(self.content_status.folder, self.options.reload_debounce_ms, self,
                                          poll_seconds=self.options.content_poll_seconds)
            self.watcher.content_loaded.connect(self.take_bundle)
        self._connect()
        self.setStyleSheet(theme.stylesheet())
        self.access_bar.set_languages(self.offered_languages(), language.code)
        self._apply_motion()
        self._show_access_state()
        self.show_home()
        self.idle.start()

    def _connect(self) -> None:
        self.home.topic_chosen.connect(self.show_section)
        self.home.checklist_chosen.connect(self.show_checklist)
        self.access_bar.language_chosen.connect(self.set_language)
        self.access_bar.text_size_changed.connect(self._on_text_size_changed)
        self.access_bar.contrast_toggled.connect(self._on_contrast_toggled)
        self.page.read_aloud_requested.connect(self._on_read_aloud_requested)
        self.page.read_pause_requested.connect(self._on_read_pause_requested)
        self.page.read_resume_requested.connect(self._on_read_resume_requested)
        self.page.read_stop_requested.connect(self.stop_reading)
        self.page.still_pictures_toggled.connect(self._on_still_pictures_toggled)
        self.page.home_requested.connect(self.show_home)
        self.page.section_requested.connect(self.show_section)
        self.page.checklist_requested.connect(self.show_checklist)
        self.checklist.home_requested.connect(self.show_home)
        self.checklist.item_toggled.connect(self.session.set_ticked)
        self.checklist.questions_requested.connect(self.show_questions)
        self.questions.change_requested.connect(self.show_checklist)
        self.questions.start_over_requested.connect(self.start_over)
        self.attract.touched.connect(self._on_attract_touched)
        self.attract.language_touched.connect(self.set_language)
        self.guard.touched.connect(self._on_touched)
        self.guard.staff_hold_completed.connect(self._on_staff_hold_completed)
        self.idle.warning_started.connect(self._on_idle_warning)
        self.idle.countdown_changed.connect(self.idle_overlay.show_seconds)
        self.idle.warning_dismissed.connect(self.idle_overlay.hide)
        self.idle.idle_timed_out.connect(self._on_idle_timed_out)
        self.idle_overlay.still_here.connect(self.idle.activity)
        self.keypad.unlocked.connect(self.show_staff_panel)
        self.staff_panel.reload_requested.connect(self.reload_content)
        self.staff_panel.language_preview_requested.connect(self._on_language_preview)
        self.staff_panel.idle_test_requested.connect(self._on_idle_test)
        self.staff_panel.exit_requested.connect(self.exit_kiosk)
        self.staff_panel.closed.connect(self.reset_session)

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
        self.stop_reading()
        for screen in (*self.screens, self.idle_overlay, self.access_bar):
            screen.set_language(language)  # type: ignore[attr-defined]
        self.access_bar.set_languages(self.offered_languages(), language.code)
        self.home.apply_theme(self.theme)

    def offered_languages(self) -> list[tuple[str, str]]:
        """(code, own name) of each language a visitor may choose, in order."""
        known = self.bundle.languages
        codes = [code for code in self.options.languages if code in known] or list(known)
        return [(code, self.bundle.languages[code].name) for code in codes]

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
        status = self.content_status
        self.staff_panel.show_status(
            str(status.folder), status.loaded_at.strftime("%Y-%m-%d %H:%M:%S"), status.problems,
            status.fell_back, [(code, lang.name) for code, lang in self.bundle.languages.items()])
        self.session.open_staff()
        self._show(self.staff_panel)

    def _show(self, screen: QWidget) -> None:
        self.stop_reading()
        self.stack.setCurrentWidget(screen)
        self.access_bar.setVisible(screen is not self.attract)
        if screen is self.page:
            self._ensure_speech()
        self.screen_changed.emit(self.session.screen)

    def start_over(self) -> None:
        """Forget the ticks and go back to the start (the visitor's own "start over")."""
        self.session.clear_ticks()
        self.show_home()

    def reset_session(self) -> None:
        """Forget the visitor entirely: language, ticks, screen, scroll positions."""
        self.session.reset()
        self.idle_overlay.hide()
        self.keypad.hide()
        self._apply_look()
        self._apply_motion()
        self.set_language(self.session.language)
        self.checklist.show_ticked(self.session.ticked)
        self.page.text.verticalScrollBar().setValue(0)
        self.show_home()
        self.idle.start()
        log.info("session reset")
        self.session_reset.emit()

    def recover(self) -> None:
        """After an unexpected error: back to a fresh home screen."""
        self.reset_session()

    # -- text size, contrast, motion, read-aloud ----------------------------------
    @Slot(int)
    def _on_text_size_changed(self, steps: int) -> None:
        self.session.change_text_size(steps)
        self._apply_look()

    @Slot(bool)
    def _on_contrast_toggled(self, on: bool) -> None:
        self.session.high_contrast = on
        self._apply_look()

    def _apply_look(self) -> None:
        """Restyle every screen for the session's text size and theme."""
        name = "high_contrast" if self.session.high_contrast else "default"
        theme = self.theme.changed(name=name, text_scale=self.session.text_scale)
        if (theme.name, theme.text_scale) != (self.theme.name, self.theme.text_scale):
            self._restyle(theme)
        self._show_access_state()

    def _restyle(self, theme: Theme) -> None:
        self.theme = theme
        self.setStyleSheet(theme.stylesheet())
        for widget in (*self.screens, self.attract, self.staff_panel, self.idle_overlay, self.keypad,
                       self.access_bar):
            widget.apply_theme(theme)  # type: ignore[attr-defined]
        if self.session.page is not None:
            self.page.show_reading_state(self.speech.state if self.speech else "idle")

    def _show_access_state(self) -> None:
        from kiosk.session import TEXT_SCALES

        self.access_bar.show_state(self.session.text_step, len(TEXT_SCALES), self.session.high_contrast)

    @Slot(bool)
    def _on_still_pictures_toggled(self, still: bool) -> None:
        self.session.reduce_motion = still
        self._apply_motion()

    def _apply_motion(self) -> None:
        self.page.show_still_pictures(self.session.reduce_motion)
        self.attract.set_reduce_motion(self.session.reduce_motion)

    def _ensure_speech(self) -> None:
        """Start the speech engine the first time a page shows (it is slow to load, so it
        stays off the start-up path)."""
        if self.speech is None:
            self.speech = ReadAloud(self.options.speech_engine, self)
            self.speech.state_changed.connect(self.page.show_reading_state)
            self.page.speech_available = self.speech.available
            self.page.show_reading_state("idle")

    @Slot()
    def _on_read_aloud_requested(self) -> None:
        if self.speech is not None:
            self.speech.speak(self.page.spoken_text(), self.language.code)

    @Slot()
    def _on_read_pause_requested(self) -> None:
        if self.speech is not None:
            self.speech.pause()

    @Slot()
    def _on_read_resume_requested(self) -> None:
        if self.speech is not None:
            self.speech.resume()

    @Slot()
    def stop_reading(self) -> None:
        if self.speech is not None:
            self.speech.stop()

    # -- idle and staff -------------------------------------------------------------
    @Slot()
    def _on_touched(self) -> None:
        # While "Still there?" shows, the touch belongs to it (it says "I'm still here");
        # dismissing it here would let the same touch press whatever lies underneath.
        if not self.idle_overlay.isVisible():
            self.idle.activity()

    @Slot(int)
    def _on_idle_warning(self, seconds: int) -> None:
        self.idle_overlay.show_seconds(seconds)
        self.idle_overlay.setGeometry(self.rect())
        self.idle_overlay.show()
        self.idle_overlay.raise_()
        self.idle_overlay.button.setFocus()

    @Slot()
    def _on_idle_timed_out(self) -> None:
        self.reset_session()
        self.show_attract()

    @Slot()
    def _on_attract_touched(self) -> None:
        self.reset_session()

    @Slot()
    def _on_staff_hold_completed(self) -> None:
        if not self.options.staff_gate.enabled:
            log.info("staff corner held, but no staff PIN is set")
            return
        self.keypad.setGeometry(self.rect())
        self.keypad.open()

    @Slot(str)
    def _on_language_preview(self, code: str) -> None:
        self.set_language(code)
        self.show_home()

    @Slot()
    def _on_idle_test(self) -> None:
        self.show_home()
        self.idle.warn_now()

    def reload_content(self) -> None:
        """Load the content folder again now (staff's "Reload content"): in the background
        when the folder is being watched, so the screen never freezes."""
        if self.watcher is not None:
            self.watcher.load_now()
        else:
            self.take_bundle(load_content(self.content_status.folder))

    @Slot(object)
    def take_bundle(self, bundle: ContentBundle) -> bool:
        """Load, validate, then swap: only a bundle with no errors replaces what is on
        screen; otherwise the last good content stays and the problems are listed."""
        folder = self.content_status.folder
        for problem in bundle.problems:
            log.warning("content: %s", problem)
        if bundle.usable:
            self.content_status = ContentStatus(folder, bundle.problems, fell_back=False)
            for note in held_back(bundle, self.bundle).values():
                log.error("content: %s", note)
            self.apply_bundle(live_bundle(bundle, self.bundle))
            log.info("content loaded from %s", folder)
        else:
            self.content_status = ContentStatus(folder, bundle.problems, fell_back=True,
                                                loaded_at=self.content_status.loaded_at)
            log.error("content in %s has %d errors; keeping what is on screen", folder, len(bundle.errors))
        if self.session.screen == STAFF:
            self.show_staff_panel()
        self.content_changed.emit(bundle.usable)
        return bundle.usable

    def apply_bundle(self, bundle: ContentBundle) -> None:
        """Put a new, error-free bundle on screen; the visitor stays where they were if they can."""
        self.bundle = bundle
        if self.session.language not in bundle.languages:
            self.session.language = self.session.default_language
        self.set_language(self.session.language)
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

    def exit_kiosk(self) -> None:
        log.info("staff closed the kiosk")
        self._may_close = True
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # -- window ---------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.guard.locked and not self._may_close:
            event.ignore()
            return
        self.idle.stop()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and handle is not self._filtered_window:
            handle.installEventFilter(self.guard)
            handle.installEventFilter(self.page.swipes)
            self._filtered_window = handle

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        scale = round(scale_for(event.size()), 2)
        if abs(scale - self.theme.scale) > 0.01:
            self._restyle(self.theme.with_scale(scale))
        for screen in self.screens:
            screen.set_portrait(self.portrait)  # type: ignore[attr-defined]
        for overlay in (self.idle_overlay, self.keypad):
            overlay.setGeometry(self.rect())


