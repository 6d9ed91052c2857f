"""Helpers that act as a person would: tap, drag a finger, find a button by its words."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class OpenRecorder:
    """Records every file Python opens while recording (a ``sys.addaudithook`` hook)."""

    def __init__(self) -> None:
        self.active = False
        self.paths: list[Path] = []
        self.writes: list[Path] = []
        self._lock = threading.Lock()

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active or event != "open" or not args:
            return
        target = args[0]
        if isinstance(target, (str, bytes, Path)):
            path = Path(target.decode() if isinstance(target, bytes) else target)
            mode = args[1] if len(args) > 1 and isinstance(args[1], str) else "r"
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            with self._lock:
                self.paths.append(path)
                if any(m in mode for m in "wax+") or flags & 0o3:  # O_WRONLY | O_RDWR
                    self.writes.append(path)

    @contextmanager
    def recording(self) -> Iterator[list[Path]]:
        self.paths = []
        self.writes = []
        self.active = True
        try:
            yield self.paths
        finally:
            self.active = False


OPEN_RECORDER = OpenRecorder()


def _luminance(color: str) -> float:
    channels = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def button_texts(widget: Any) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton

    return [b.accessibleName() for b in widget.findChildren(QAbstractButton) if b.isVisible()]


def find_button(widget: Any, name: str) -> Any:
    """The visible button whose accessible name (what it says) is ``name``."""
    from PySide6.QtWidgets import QAbstractButton

    matches = [b for b in widget.findChildren(QAbstractButton) if b.isVisible() and b.accessibleName() == name]
    assert matches, f"no visible button says {name!r}; visible buttons: {button_texts(widget)}"
    assert len(matches) == 1, f"{len(matches)} visible buttons say {name!r}"
    return matches[0]


def tap(qtbot: Any, widget: Any) -> None:
    """Tap the middle of ``widget`` through its window, as a touchscreen delivers it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QScrollArea

    assert widget.isVisible() and widget.isEnabled(), f"{widget.accessibleName()!r} cannot be tapped"
    parent = widget.parentWidget()
    while parent is not None:  # scroll it into view first, as a person would
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 0, 0)
        parent = parent.parentWidget()
    window = widget.window()
    handle = window.windowHandle()
    if handle is None:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        return
    point = widget.mapTo(window, widget.rect().center())
    assert window.childAt(point) is widget or widget.isAncestorOf(window.childAt(point)), \
        f"{widget.accessibleName()!r} is covered by {window.childAt(point)!r}"
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, pos=point)


def finger_drag(qtbot: Any, widget: Any, start: Any, end: Any, steps: int = 8) -> None:
    """Drag one finger across ``widget`` from ``start`` to ``end`` (widget coordinates),
    through the window as a touchscreen would deliver it."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    window = widget.window()
    handle = window.windowHandle()
    device = getattr(finger_drag, "_device", None)
    if device is None:
        device = QTest.createTouchDevice()
        finger_drag._device = device  # type: ignore[attr-defined]

    def at(point: Any) -> Any:
        return widget.mapTo(window, point)

    QTest.touchEvent(handle, device).press(0, at(start)).commit()
    for step in range(1, steps + 1):
        point = QPoint(start.x() + (end.x() - start.x()) * step // steps,
                       start.y() + (end.y() - start.y()) * step // steps)
        QTest.touchEvent(handle, device).move(0, at(point)).commit()
    QTest.touchEvent(handle, device).release(0, at(end)).commit()


def make_fake_timer_class():  # type: ignore[no-untyped-def]
    """A QTimer stand-in that never runs by itself: tests call ``fire()``."""
    from PySide6.QtCore import QObject, Signal

    class FakeTimer(QObject):
        timeout = Signal()
        made: list[FakeTimer] = []

        def __init__(self, parent: Any = None) -> None:
            super().__init__(parent)
            self._active = False
            self._interval = 0
            self._single = False
            FakeTimer.made.append(self)

        def setSingleShot(self, single: bool) -> None:  # noqa: N802 - QTimer's API
            self._single = single

        def setInterval(self, ms: int) -> None:  # noqa: N802 - QTimer's API
            self._interval = ms

        def interval(self) -> int:
            return self._interval

        def isActive(self) -> bool:  # noqa: N802 - QTimer's API
            return self._active

        def start(self, ms: int | None = None) -> None:
            if ms is not None:
                self._interval = ms
            self._active = True

        def stop(self) -> None:
            self._active = False

        def fire(self) -> None:
            assert self._active, "a stopped timer cannot fire"
            if self._single:
                self._active = False
            self.timeout.emit()

    return FakeTimer


def decode_qr(screen: Any) -> str:
    """Read the QR code on ``screen`` the way a phone camera would: from its pixels."""
    import zxingcpp
    from PySide6.QtGui import QImage

    image = screen.qr.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, "exactly one readable QR code on screen"
    return str(results[0].text)


def pdf_text(path: Path) -> str:
    """The words of a printed PDF, as one line with single spaces."""
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages)


# -- the accessibility audit ------------------------------------------------------------
def label_clipped(label: Any, whole_words: bool = False) -> bool:
    """Whether a visible label cuts its words: too short for its wrapped lines, one line too
    wide, or (``whole_words``) one word wider than the label (Qt cuts a word it cannot fit)."""
    if not label.isVisible() or not label.text().strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return False
    rect = label.contentsRect()
    if label.wordWrap():
        metrics = label.fontMetrics()
        widest_word = max(metrics.horizontalAdvance(word) for word in label.text().split())
        return (label.heightForWidth(label.width()) > label.height() + 2
                or whole_words and widest_word > rect.width() + 2)
    widest = max(label.fontMetrics().horizontalAdvance(line) for line in label.text().splitlines())
    return widest > rect.width() + 2


def in_scroll_area(widget: Any) -> bool:
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def audit(window: Any, name: str, problems: list[str], min_target: int = 72, whole_words: bool = False) -> int:
    """Every visible button and label of the window's current screen and its top bar: an
    accessible name, at least ``min_target`` px each way, no word cut, no sideways scrolling.
    Returns how many widgets were checked; appends what is wrong to ``problems``."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea

    checked = 0
    for area in window.stack.currentWidget().findChildren(QScrollArea):
        if area.isVisible() and area.horizontalScrollBar().maximum() > 0:
            problems.append(f"{name}: sideways scrolling in {area.objectName() or 'a scroll area'}")
    for root in (window.stack.currentWidget(), window.access_bar):
        for button in root.findChildren(QAbstractButton):
            if not button.isVisible():
                continue
            checked += 1
            label = button.accessibleName()
            if not label:
                problems.append(f"{name}: a button has no accessible name")
            if min(button.width(), button.height()) < min_target:
                problems.append(f"{name}: {label!r} is {button.width()}x{button.height()} px (< {min_target})")
            if button.text() and button.sizeHint().width() > button.width() + 2:
                problems.append(f"{name}: {label!r} text is cut ({button.sizeHint().width()} > {button.width()})")
        for text in root.findChildren(QLabel):
            if text.isVisible():
                checked += 1
                if label_clipped(text, whole_words):
                    problems.append(f"{name}: text cut in {text.objectName() or 'a label'}: {text.text()[:50]!r}")
    return checked
