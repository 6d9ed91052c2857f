"""The soak's "monkey": seeded, repeatable random interactions with the real kiosk window.

The window is the real one (``create_kiosk``) with hand-fired fake timers for the idle
reset and the staff corner. The monkey, at random (the seed makes it repeatable):
taps anywhere and taps visible buttons through the window handle, drags and flicks a
finger, swipes pages, switches language, ticks the checklist, opens the questions,
lets the idle warning and reset run out (by firing the timers), takes a reloaded
bundle mid-use (good, changed, and broken content), and holds the staff corner, types
on the PIN keypad and cancels. It never taps "Exit the kiosk".

Reported: exceptions (from ``sys.excepthook`` and from the monkey's own calls), Qt
warnings (``qInstallMessageHandler``), broken promises (after an idle reset nothing of
the last visitor is left), memory growth after the warm-up, top-level widgets, Qt objects
under the window and active timers after the warm-up and at the end.

``tests/test_soak.py`` runs a short soak; ``benchmarks/soak.py`` the long one, with memory.
"""

from __future__ import annotations

import random
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

PIN = "2468"


@dataclass
class SoakReport:
    interactions: int = 0
    actions: dict[str, int] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    qt_warnings: list[str] = field(default_factory=list)
    broken_promises: list[str] = field(default_factory=list)
    rss_after_warmup: float = 0.0
    rss_end: float = 0.0
    counts_start: dict[str, int] = field(default_factory=dict)
    counts_after_warmup: dict[str, int] = field(default_factory=dict)
    counts_end: dict[str, int] = field(default_factory=dict)
    classes_after_warmup: dict[str, int] = field(default_factory=dict)
    classes_end: dict[str, int] = field(default_factory=dict)
    rss_trace: list[tuple[int, float]] = field(default_factory=list)  # (interactions, MB) every tenth
    seconds: float = 0.0

    def grown(self) -> dict[str, int]:
        """Qt object classes with more objects at the end than after the warm-up."""
        before = self.classes_after_warmup
        return {name: count - before.get(name, 0) for name, count in self.classes_end.items()
                if count > self.classes_after_warmup.get(name, 0)}

    @property
    def rss_growth(self) -> float:
        return self.rss_end - self.rss_after_warmup

    def lines(self) -> list[str]:
        warnings = sorted(set(self.qt_warnings))
        return [
            f"{self.interactions} interactions in {self.seconds:.0f} s "
            f"({', '.join(f'{k} {v}' for k, v in sorted(self.actions.items()))})",
            f"exceptions: {len(self.exceptions)}",
            *(f"  {text}" for text in self.exceptions[:5]),
            f"Qt warnings: {len(self.qt_warnings)}" + (f" ({len(warnings)} different)" if warnings else ""),
            *(f"  {text}" for text in warnings[:5]),
            f"broken promises (a reset left something of the last visitor): {len(self.broken_promises)}",
            *(f"  {text}" for text in self.broken_promises[:5]),
            f"RSS after warm-up {self.rss_after_warmup:.1f} MB, at the end {self.rss_end:.1f} MB: "
            f"growth {self.rss_growth:+.1f} MB (each counted after the same settling)",
            "RSS along the way (MB): " + ", ".join(f"{n}: {mb:.1f}" for n, mb in self.rss_trace),
            "objects         start  after warm-up    end",
            *(f"  {name:<14}{self.counts_start[name]:>6}{self.counts_after_warmup.get(name, 0):>15}"
              f"{self.counts_end.get(name, 0):>7}" for name in self.counts_start),
            "Qt object classes that grew after the warm-up: "
            + (", ".join(f"{name} +{count}" for name, count in sorted(self.grown().items())) or "none"),
        ]


def object_classes(window: Any) -> dict[str, int]:
    """How many Qt objects of each class are under the window (to see what grows)."""
    from PySide6.QtCore import QObject

    counts: dict[str, int] = {}
    for child in window.findChildren(QObject):
        name = type(child).__name__
        if name in ("QObject", "QWidget", "QLabel", "QHBoxLayout"):  # tell them apart by name
            parent = child.parent()
            owner = f"{type(parent).__name__}:{parent.objectName() if parent else None}"
            name = f"{name}:{child.objectName()} in {owner}"
        counts[name] = counts.get(name, 0) + 1
    return counts


def object_counts(window: Any) -> dict[str, int]:
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication

    timers = [t for w in (window, *QApplication.topLevelWidgets()) for t in w.findChildren(QTimer)]
    fakes = [t for t in window.findChildren(QObject) if type(t).__name__ == "FakeTimer"]
    return {
        "top-level": len(QApplication.topLevelWidgets()),
        "Qt objects": len(window.findChildren(QObject)),
        "active QTimers": len({id(t) for t in timers if t.isActive()}),
        "active fakes": sum(1 for t in fakes if t.isActive()),
    }


class Monkey:
    """Random, repeatable interactions with a shown :class:`KioskWindow`."""

    def __init__(self, window: Any, timer_class: Any, bundles: list[Any], seed: int) -> None:
        from PySide6.QtTest import QTest

        self.window = window
        self.timers = timer_class
        self.bundles = bundles
        self.random = random.Random(seed)
        self.device = QTest.createTouchDevice()
        self.forbidden = {window.staff_panel.exit_button}
        self.actions: list[tuple[str, int, Callable[[], None]]] = [
            ("tap-anywhere", 22, self.tap_anywhere),
            ("tap-button", 30, self.tap_button),
            ("drag", 7, self.drag),
            ("swipe", 6, self.swipe),
            ("language", 4, self.language),
            ("tick", 8, self.tick),
            ("questions", 3, self.questions),
            ("idle", 5, self.idle),
            ("reload", 2, self.reload),
            ("staff", 3, self.staff),
        ]
        self.weights = [weight for _, weight, _ in self.actions]

    # -- helpers ------------------------------------------------------------------------
    def handle(self) -> Any:
        return self.window.windowHandle()

    def area(self) -> Any:
        """The part of the window a finger can reach: on the screen (a test's window may be
        bigger than its offscreen screen)."""
        from PySide6.QtCore import QRect

        screen = self.window.screen().geometry()
        on_screen = QRect(self.window.mapFromGlobal(screen.topLeft()), screen.size())
        return self.window.rect().intersected(on_screen)

    def point(self) -> Any:
        from PySide6.QtCore import QPoint

        area = self.area()
        return QPoint(area.x() + self.random.randrange(area.width()),
                      area.y() + self.random.randrange(area.height()))

    def allowed(self, point: Any) -> bool:
        target = self.window.childAt(point)
        return not any(target is bad or (target is not None and bad.isAncestorOf(target))
                       for bad in self.forbidden)

    def click(self, point: Any) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        if self.area().contains(point) and self.allowed(point):
            QTest.mouseClick(self.handle(), Qt.MouseButton.LeftButton, pos=point)

    def visible_buttons(self) -> list[Any]:
        from PySide6.QtWidgets import QAbstractButton

        return [b for b in self.window.findChildren(QAbstractButton)
                if b.isVisible() and b.isEnabled() and b not in self.forbidden]

    def tap_widget(self, widget: Any) -> None:
        from PySide6.QtWidgets import QScrollArea

        parent = widget.parentWidget()
        while parent is not None:  # scroll it into view first, as a person would
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget, 0, 0)
            parent = parent.parentWidget()
        self.click(widget.mapTo(self.window, widget.rect().center()))

    def finger(self, start: Any, end: Any, steps: int) -> None:
        from PySide6.QtCore import QPoint
        from PySide6.QtTest import QTest

        handle = self.handle()
        QTest.touchEvent(handle, self.device).press(0, start).commit()
        for step in range(1, steps + 1):
            point = QPoint(start.x() + (end.x() - start.x()) * step // steps,
                           start.y() + (end.y() - start.y()) * step // steps)
            QTest.touchEvent(handle, self.device).move(0, point).commit()
        QTest.touchEvent(handle, self.device).release(0, end).commit()

    # -- actions ------------------------------------------------------------------------
    def tap_anywhere(self) -> None:
        self.click(self.point())

    def tap_button(self) -> None:
        buttons = self.visible_buttons()
        if buttons:
            self.tap_widget(self.random.choice(buttons))

    def drag(self) -> None:
        self.finger(self.point(), self.point(), self.random.randint(2, 12))

    def swipe(self) -> None:
        """A sideways swipe on a page (with the mouse: the page's swipe detector reads it)."""
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        if not self.window.session.screen.startswith("page:"):
            self.window.show_section(self.random.choice(self.window.language.sections).slug)
            run_event_loop_once()  # laid out before its middle is measured
        area = self.window.page.text
        visible = area.visibleRegion().boundingRect()  # at a big text size the page scrolls as a whole
        if visible.isEmpty():
            return
        centre = area.mapTo(self.window, visible.center())
        reach = self.area()
        if not reach.contains(centre):
            return
        sign = self.random.choice((-1, 1))
        half = min(300, centre.x() - reach.left() - 1, reach.right() - centre.x() - 1)
        start, end = centre + QPoint(sign * half, 0), centre - QPoint(sign * half, 0)
        if self.random.random() < 0.5:
            self.finger(start, end, 8)
            return
        handle = self.handle()
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
        QTest.mouseMove(handle, centre)
        QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=end)

    def language(self) -> None:
        codes = list(self.window.bundle.languages)
        self.window.set_language(self.random.choice(codes))

    def tick(self) -> None:
        if self.window.session.screen != "checklist":
            self.window.show_checklist()
        rows = [row for row in self.window.checklist.rows if row.isVisible()]
        if rows:
            self.tap_widget(self.random.choice(rows))

    def questions(self) -> None:
        self.window.show_questions()

    def idle(self) -> None:
        """Nobody touches: the idle timer runs out, then (mostly) the countdown too."""
        idle = self.window.idle
        if not idle.active:
            return
        idle.warn_now() if self.random.random() < 0.2 else self.fire(idle._idle)
        if self.random.random() < 0.7:
            ticked = set(self.window.session.ticked)
            while idle.warning:
                self.fire(idle._tick)
            self.check_forgotten(ticked)

    def check_forgotten(self, ticked: set[str]) -> None:
        window = self.window
        if window.session.ticked or window.checklist.ticked():
            self.broken.append(f"ticks left after a reset: {sorted(window.checklist.ticked())} "
                               f"(had {sorted(ticked)})")
        if window.session.screen != "attract":
            self.broken.append(f"after the idle reset the screen is {window.session.screen}, not attract")
        if window.session.language != window.session.default_language:
            self.broken.append(f"after the idle reset the language is {window.session.language}")

    def fire(self, timer: Any) -> None:
        if timer.isActive():
            timer.fire()

    def reload(self) -> None:
        self.window.content.offer(self.random.choice(self.bundles))

    def staff(self) -> None:
        """Hold the staff corner until the keypad opens, type some digits, then cancel
        (or, now and then, type the PIN, look at the panel and close it)."""
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        guard, keypad = self.window.guard, self.window.keypad
        corner = guard.corner_rect().center().toPoint()
        handle = self.handle()
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=corner)
        if self.random.random() < 0.8:
            self.fire(guard._hold)
        QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=corner + QPoint(1, 1))
        if not keypad.isVisible():
            return
        for _ in range(self.random.randint(0, 5)):
            key = keypad.keys[self.random.choice("0123456789")]
            if key.isEnabled():
                self.tap_widget(key)
        if self.random.random() < 0.25 and keypad.gate.seconds_locked() <= 0:
            self.tap_widget(keypad.keys["Clear"])
            for digit in PIN:
                self.tap_widget(keypad.keys[digit])
            self.tap_widget(keypad.keys["OK"])
            if self.window.session.screen == "staff":
                self.tap_widget(self.window.staff_panel.close_button)
        elif keypad.isVisible():
            self.tap_widget(keypad.cancel_button)

    # -- running ------------------------------------------------------------------------
    def step(self) -> str:
        name, _, action = self.random.choices(self.actions, self.weights)[0]
        action()
        return name

    broken: list[str]


def run_event_loop_once() -> None:
    """What one turn of the running kiosk's event loop does: posted events, timers due,
    and the deferred deletions (``deleteLater``) that ``processEvents`` alone leaves."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def settle(window: Any, bundles: list[Any]) -> None:
    """The same state before each count: first content, every page seen once (what is made
    on first need, such as the analogies, exists), a fresh visitor, the question list of no
    ticks built once, back home."""
    window.content.offer(bundles[0])
    for code in window.bundle.languages:
        window.set_language(code)
        for section in window.language.sections:
            window.show_section(section.slug)
    window.reset_session()
    window.show_questions()
    window.reset_session()
    for _ in range(3):
        run_event_loop_once()


def run_soak(window: Any, timer_class: Any, bundles: list[Any], interactions: int, seed: int,
             warmup: int, progress: Callable[[int], None] | None = None,
             rss_mb: Callable[[], float] = lambda: 0.0) -> SoakReport:
    """Drive ``window`` for ``interactions`` random interactions; what happened. ``rss_mb``
    measures the process's memory (the benchmark's; tests leave it out)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    report = SoakReport()
    monkey = Monkey(window, timer_class, bundles, seed)
    monkey.broken = report.broken_promises

    def on_exception(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        report.exceptions.append("".join(traceback.format_exception(kind, error, trace)).strip())

    def on_message(kind: QtMsgType, context: Any, message: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            report.qt_warnings.append(message)

    old_hook = sys.excepthook
    sys.excepthook = on_exception
    old_handler = qInstallMessageHandler(on_message)
    started = time.monotonic()
    report.counts_start = object_counts(window)
    try:
        for number in range(1, interactions + 1):
            try:
                name = monkey.step()
            except Exception as error:  # noqa: BLE001 - every failure is counted and reported
                name = "failed"
                on_exception(type(error), error, error.__traceback__)
            report.actions[name] = report.actions.get(name, 0) + 1
            run_event_loop_once()
            if number % max(1, interactions // 10) == 0:
                report.rss_trace.append((number, rss_mb()))
            if number == warmup:
                settle(window, bundles)
                report.rss_after_warmup = rss_mb()
                report.counts_after_warmup = object_counts(window)
                report.classes_after_warmup = object_classes(window)
            if progress is not None:
                progress(number)
        settle(window, bundles)
        report.interactions = interactions
        report.rss_end = rss_mb()
        report.counts_end = object_counts(window)
        report.classes_end = object_classes(window)
        if not report.counts_after_warmup:
            report.counts_after_warmup = report.counts_end
            report.classes_after_warmup = report.classes_end
            report.rss_after_warmup = report.rss_end
    finally:
        qInstallMessageHandler(old_handler)
        sys.excepthook = old_hook
    report.seconds = time.monotonic() - started
    return report


def reload_bundles(work: Path) -> list[Any]:
    """The bundled content; a changed copy (a page fewer, a title changed); a broken copy."""
    from kiosk.content.loader import load_content

    changed = work / "changed"
    shutil.copytree(ROOT / "content", changed)
    pages = sorted((changed / "en").glob("*.md"))
    pages[-1].unlink()
    first = pages[0]
    changed_text = first.read_text(encoding="utf-8").replace("title: ", "title: Changed - ", 1)
    first.write_text(changed_text, encoding="utf-8")
    broken = work / "broken"
    shutil.copytree(ROOT / "content", broken)
    page = sorted((broken / "en").glob("*.md"))[1]
    page.write_text("---\ntitle: [unclosed\n---\nWords.\n", encoding="utf-8")
    bundles = [load_content(ROOT / "content"), load_content(changed), load_content(broken)]
    assert bundles[0].usable and bundles[1].usable and not bundles[2].usable
    return bundles


def make_window(timer_class: Any) -> Any:
    """The real kiosk window on the bundled content, with fake timers and a staff PIN."""
    from kiosk.app import create_kiosk
    from kiosk.config import Config
    from kiosk.staff import hash_pin

    config = Config(content_dir=ROOT / "content", fullscreen=False, staff_pin_hash=hash_pin(PIN),
                    speech_engine="mock")  # no sound card needed
    window = create_kiosk(config, timer_factory=timer_class, watch_content=False)
    window.resize(1920, 1080)
    window.show()
    return window
