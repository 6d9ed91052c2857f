"""The window's screens, made when they are first needed.

Only the home screen is made before the first frame: it is what a visitor sees first.
The page, checklist, questions, waiting and staff screens are made the first time they
are shown or, once the first frame is painted, one per turn of the event loop while the
kiosk is idle, so that a visitor's first tap finds them ready and waits for one screen
at most. Each is made as it would have been with the window: in the session's language
and look, for the window's orientation, wired to the window.

Then, once the window has drawn nothing for :data:`QUIET_MS` and no picture is being drawn
in the background (the start is over), what a
first tap would otherwise wait for is made ready, one piece per turn: the read-aloud
service, the analogy widgets the pages name (hidden), and the first page laid out off
screen with its picture drawn in the background. None of it draws anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot

from kiosk.config import voice_choices
from kiosk.memory import forget_source_lines, return_freed_memory, trim_heap
from kiosk.ui.pictures import picture_store
from kiosk.ui.screen import Screen

if TYPE_CHECKING:
    from kiosk.ui.home import HomeScreen
    from kiosk.ui.speech import ReadAloud
    from kiosk.ui.window import KioskWindow

S = TypeVar("S", bound=Screen)
QUIET_MS = 300
"""How long the window must have drawn nothing before the read-aloud service, the analogies
and the first page are made ready (after the screens, which follow the first frame)."""
ORDER = ("home", "page", "checklist", "questions", "attract", "staff_panel", "sources", "about")


class Screens(QObject):
    """The screens of ``window``, by name (see :data:`ORDER`), made on first use.

    Signals:
        screen_made(str, object): the screen of that name was made (and added to the window),
            so that what wires itself to a screen (trust_wiring.py) can do so then.
        first_frame(): the window's first frame has been painted (sent on the next turn of
            the event loop, before any other screen is made): what the first frame does
            not need starts then (the health reports: cli.py).
    """

    screen_made = Signal(str, object)
    first_frame = Signal()

    def __init__(self, window: KioskWindow, home: HomeScreen) -> None:
        super().__init__(window)
        self._window = window
        self._made: dict[str, Screen] = {"home": home}
        self.first_frame_painted = False
        self._waiting_for_pictures = False
        self._rehearsed = False
        self._painted = False
        self._heap = HeapTrimmer(self)
        # Once the screens are made, the rest waits until the window has drawn nothing for
        # a while (the start's pictures come in the background): never before start-up is over.
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self._prepare_while_idle)
        window.screen_changed.connect(self.screen_changed)
        window.installEventFilter(self)  # until the start is over

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.Paint or "_window" not in vars(self):
            return False  # (no attributes: the window's Python side is gone, it is going too)
        if watched is self._window:
            if not self._painted:
                # The first frame is on its way to the screen: what waited for it starts on
                # the next turn (then the other screens, once its pictures are shown).
                self._painted = True
                QTimer.singleShot(0, self, self._after_first_frame)
            elif self._quiet.isActive():
                self._quiet.start()  # still drawing: wait for quiet again
        return False

    @Slot()
    def _after_first_frame(self) -> None:
        self.first_frame_painted = True
        self.first_frame.emit()
        self._window.home.finish_after_first_frame()
        self._after_pictures()

    @Slot()
    def _after_pictures(self) -> None:
        """Make the other screens once the first frame's pictures are drawn and on screen:
        they come from the picture thread after the first frame, and the screen the visitor
        sees is finished before any screen they do not see is made."""
        store = picture_store()
        if store.drawing():
            if not self._waiting_for_pictures:
                self._waiting_for_pictures = True
                store.ready.connect(self._after_pictures)
            return
        if self._waiting_for_pictures:
            self._waiting_for_pictures = False
            store.ready.disconnect(self._after_pictures)
            self._window.repaint()  # the pictures, now, before the first screen is made
        QTimer.singleShot(0, self, self.make_rest_while_idle)

    def made(self, name: str) -> Screen | None:
        """The screen ``name`` if it has been made (never makes it)."""
        return self._made.get(name)

    def get(self, name: str) -> Screen:
        """The screen ``name``, made now if it was not yet."""
        made = self._made.get(name)
        return made if made is not None else self._make(name)

    def all_made(self) -> tuple[Screen, ...]:
        """The screens made so far, in :data:`ORDER`."""
        return tuple(self._made[name] for name in ORDER if name in self._made)

    def motion(self) -> tuple[Callable[[bool], None], ...]:
        """What must know whether pictures stand still (of the screens made so far)."""
        found: list[Callable[[bool], None]] = []
        if "page" in self._made:
            found.append(self._window.page.show_still_pictures)
        if "attract" in self._made:
            found.append(self._window.attract.set_reduce_motion)
        return tuple(found)

    def ensure_speech(self) -> ReadAloud:
        """The window's read-aloud service, made (and attached to the page) if it was not yet:
        while the kiosk is idle after its start, or when a page first shows. Its engine starts
        in the background (no tap waits for it)."""
        window = self._window
        if window.speech is None:
            window.speech = window.factories.speech(window.config.speech_engine, window,
                                                    voice_choices(window.config))
            window.page.attach_speech(window.speech)
        return window.speech

    def visit_over(self) -> None:
        """The visit is over and nobody is waiting: give the memory the visit freed back to
        the system (the drawn pictures stay: the next visitor's home screen needs them)."""
        return_freed_memory()

    @Slot(str)
    def screen_changed(self, _: str = "") -> None:
        """The window showed a screen (another, or another page): let go of the pictures
        that neither the screen left nor the one shown has drawn (those of other pages,
        of other sizes; a widget keeps the one it shows), and of the source lines kept of
        modules imported since (both cost next to nothing: no tap waits); once the new
        screen is painted, give the heap's free pages back (:func:`kiosk.memory.trim_heap`)."""
        picture_store().release_unshown()
        forget_source_lines()
        self._heap.trim_after_paint()

    @Slot()
    def make_rest_while_idle(self) -> None:
        """Make one more screen and come back on a later turn of the event loop for the next;
        once all are made, wait for quiet before making the rest ready."""
        waiting = [name for name in ORDER if name not in self._made]
        forget_source_lines()  # of the modules imported for the first frame or the last screen
        if waiting:
            self._make(waiting[0])
            QTimer.singleShot(0, self, self.make_rest_while_idle)
        else:  # last, the overlays ("Still there?", the staff keypad)
            self._window.supervisor.make_overlays()
            self._quiet.start()

    @Slot()
    def _prepare_while_idle(self) -> None:
        """One more thing made ready (see :meth:`_prepare_next`), then the next on a later turn."""
        if picture_store().drawing():  # the start's pictures are still coming: wait for them
            self._quiet.start()
            return
        self._window.removeEventFilter(self)
        if self._prepare_next():
            QTimer.singleShot(0, self, self._prepare_while_idle)
        else:
            forget_source_lines()  # of the modules the speech engine and analogies imported

    def _prepare_next(self) -> bool:
        """Make one more thing a first tap would otherwise wait for: the read-aloud service
        (its engine starts in the background), then each interactive analogy the pages name
        (tens of ms each), hidden on the page screen, then the first page laid out and drawn
        off screen. False when nothing is left."""
        window = self._window
        if window.speech is None:
            self.ensure_speech()
            return True
        page = self._made["page"]
        kinds = sorted({section.analogy for language in window.bundle.languages.values()
                        for section in language.sections if section.analogy})
        if any(page.picture_panel.prepare(kind) for kind in kinds):  # type: ignore[attr-defined]
            return True
        sections = window.language.sections
        if not self._rehearsed and sections and window.isVisible():
            # The first page, laid out and drawn off screen once (its picture is then drawn
            # in the background at the size it shows at): the first tap opens it at once.
            self._rehearsed = True
            page.rehearse(sections[0], window.stack.rect())  # type: ignore[attr-defined]
            return True
        return False

    def _make(self, name: str) -> Screen:  # noqa: C901 - one branch per screen
        # Each screen's module is imported here, when the screen is made: none of them (nor
        # what they use: analogies, QR codes, printing) is needed for the first frame.
        window = self._window
        language, theme, session = window.language, window.theme, window.session
        screen: Screen
        if name == "page":
            from kiosk.ui.section import SectionPage

            page = SectionPage(language, theme)
            page.still_pictures_toggled.connect(window.look.set_still_pictures)
            page.home_requested.connect(window.show_home)
            page.section_requested.connect(window.show_section)
            page.checklist_requested.connect(window.show_checklist)
            page.show_still_pictures(session.reduce_motion)
            window.filter_window_events(page.swipes)
            screen = page
        elif name == "checklist":
            from kiosk.ui.checklist import ChecklistScreen

            checklist = ChecklistScreen(language, theme)
            checklist.home_requested.connect(window.show_home)
            checklist.item_toggled.connect(session.set_ticked)
            checklist.questions_requested.connect(window.show_questions)
            checklist.show_ticked(session.ticked)
            screen = checklist
        elif name == "questions":
            from kiosk.ui.questions import QuestionsScreen

            questions = QuestionsScreen(language, theme, window.factories.printer)
            questions.change_requested.connect(window.show_checklist)
            questions.start_over_requested.connect(window.start_over)
            screen = questions
        elif name == "attract":
            from kiosk.ui.attract import AttractScreen

            attract = AttractScreen(window.bundle.languages, theme)
            attract.touched.connect(window.reset_session)
            attract.language_touched.connect(window.set_language)
            attract.set_reduce_motion(session.reduce_motion)
            screen = attract
        elif name == "staff_panel":
            from kiosk.ui.staff import StaffPanel

            staff = StaffPanel(theme)
            staff.reload_requested.connect(window.content.reload)
            staff.language_preview_requested.connect(window.preview_language)
            staff.idle_test_requested.connect(window.test_idle)
            staff.exit_requested.connect(window.supervisor.exit_kiosk)
            staff.closed.connect(window.reset_session)
            screen = staff
        elif name == "sources":
            from kiosk.ui.trust import SourcesScreen

            screen = SourcesScreen(language, theme)
        elif name == "about":
            from kiosk.ui.trust import AboutScreen

            screen = AboutScreen(language, theme, counting=True)  # trust_wiring.py says if it counts
        else:
            raise KeyError(name)
        self._made[name] = screen
        screen.apply_theme(theme)
        screen.set_portrait(window.height() > window.width())
        # Joining the stack, a screen is put under the others (QWidget.lower), and Qt then
        # marks its rectangle for repainting although it is hidden: the screen being shown
        # would be drawn again under it for nothing (a 640x480 patch per screen made). With
        # no size while it joins, nothing is marked; it has its own size again at once.
        size = screen.size()
        screen.resize(0, 0)
        window.stack.addWidget(screen)
        screen.resize(size)
        self.screen_made.emit(name, screen)
        return screen


class HeapTrimmer(QObject):
    """Gives the heap's free pages back to the system (:func:`kiosk.memory.trim_heap`) once
    the screen the window has just changed to is painted, so that no tap waits for it."""

    TRIM = QEvent.Type(QEvent.registerEventType())

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._posted = False

    def trim_after_paint(self) -> None:
        """Trim on a later turn of the event loop, after the paint a screen change has queued:
        the paint is a low-priority posted event (UpdateRequest), and events of one priority
        are delivered in the order they were posted. Several changes in one turn trim once."""
        if not self._posted:
            self._posted = True
            QCoreApplication.postEvent(self, QEvent(self.TRIM), Qt.EventPriority.LowEventPriority.value)

    def event(self, event: QEvent) -> bool:
        if event.type() == self.TRIM:
            self._posted = False
            trim_heap()
            return True
        return super().event(event)


class MadeOnFirstUse(Generic[S]):
    """A window attribute for the screen ``name``, made the first time it is asked for."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, window: KioskWindow, owner: type | None = None) -> S:
        return window.screen_set.get(self.name)  # type: ignore[return-value]
