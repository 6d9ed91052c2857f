"""Small building blocks shared by the screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QWidget,
)

from kiosk.ui.pictures import Stamp, file_stamp, picture_store
from kiosk.ui.theme import Theme
from kiosk.ui.touch import TouchButton


class Picture(QWidget):
    """An illustration (SVG, PNG or JPEG) drawn as large as fits, keeping its shape.

    The file is read (ordinary files only, vetted; see :mod:`kiosk.ui.pictures`) the first
    time the picture is painted or asked about, so a tile that is never scrolled into view
    costs nothing; it is drawn from an image made once for the size it is shown at (on a
    worker thread, so the screen never waits), shared with every other tile that shows it
    at that size, never kept at full size. The widget keeps the image it shows (the store
    lets go of pictures no screen shows), so a screen shown again, a home tile or the page
    just left, paints at once without drawing its pictures again.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._held: tuple[tuple[Path, Stamp | None, int, int], QImage] | None = None
        # Where the held image was drawn, for the widget's size and pixel ratio then: a repaint
        # at the same size draws it there again without measuring anything.
        self._placed: tuple[tuple[QSize, float], QRect] | None = None
        self._waiting = False  # painted without its image: paint again when one is ready
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        picture_store().ready.connect(self._on_picture_ready)  # drawn in the background

    def set_picture(self, path: Path | None, description: str = "") -> None:
        self.setAccessibleName(description)
        if path != self._path:
            self._path = path
            self._held = self._placed = None
        self.update()

    @property
    def path(self) -> Path | None:
        return self._path

    def has_picture(self) -> bool:
        return self._path is not None and picture_store().info(self._path) is not None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(320, 240)

    def target_rect(self, path: Path | None = None) -> QRect | None:
        """Where the picture (or ``path``, shown here) is drawn in the widget (its shape
        kept), or None."""
        path = path or self._path
        info = picture_store().info(path) if path is not None else None
        if info is None or self.width() <= 0 or self.height() <= 0:
            return None
        natural = QSizeF(info.width, info.height)
        scaled = natural.scaled(QSizeF(self.size()), Qt.AspectRatioMode.KeepAspectRatio)
        width, height = max(1, round(scaled.width())), max(1, round(scaled.height()))
        return QRect((self.width() - width) // 2, (self.height() - height) // 2, width, height)

    def _pixels(self, target: QRect) -> QSize:
        ratio = self.devicePixelRatioF()
        return QSize(max(1, round(target.width() * ratio)), max(1, round(target.height() * ratio)))

    def prefetch(self, path: Path | None) -> None:
        """Have ``path`` drawn in the background at the size this widget would show it now
        (the next page's picture, so that it shows with its page, not a moment later)."""
        target = self.target_rect(path) if path is not None else None
        if path is not None and target is not None:
            picture_store().image(path, self._pixels(target))

    def _on_picture_ready(self) -> None:
        if self._waiting:
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        self._waiting = False
        if self._path is None:
            return
        stamp = file_stamp(self._path)  # the file as it is now: a changed picture is drawn anew
        shown = (self.size(), self.devicePixelRatioF())
        held, placed = self._held, self._placed
        same = held is not None and held[0][:2] == (self._path, stamp)
        if same and placed is not None and placed[0] == shown:
            target = placed[1]  # the same picture at the same size: where it went last time
        else:
            found = self.target_rect()
            if found is None:
                return
            target = found
            pixels = self._pixels(target)
            key = (self._path, stamp, pixels.width(), pixels.height())
            if held is None or held[0] != key:
                drawn = picture_store().image(self._path, pixels)
                if drawn is None:
                    self._waiting = True
                    return
                self._held = (key, drawn)
            self._placed = (shown, target)
        assert self._held is not None
        image = self._held[1]
        painter = QPainter(self)
        if image.width() == target.width() and image.height() == target.height():
            # Drawn pixel for pixel: a smooth transform would change nothing but cost ~8x
            # (Qt then blends through its thread pool, which waits on a busy processor).
            painter.drawImage(target.topLeft(), image)
        else:  # a scaled screen: the image has the device pixels, the target is logical
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(target), image)
        painter.end()


class PlainLabel(QLabel):
    """A label whose words are always shown as they are: its text format is plain and
    stays plain, so Qt never guesses that words which look like HTML are rich text
    (``<img src=...>`` in ui.yaml would otherwise open a file). Every label the kiosk
    makes is one of these (see :func:`make_label`)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        super().setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:  # noqa: N802 - Qt API
        """Plain, whatever is asked: rich text has no place in a label of the kiosk."""
        del text_format
        super().setTextFormat(Qt.TextFormat.PlainText)


def make_label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    """Words on screen: plain text (never HTML), styled by ``name``, wrapping by default.
    The one way the kiosk makes a label."""
    label = PlainLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def make_button(text: str, role: str = "primary", icon: str | None = None,
                theme: Theme | None = None, icon_after: bool = False,
                parent: QWidget | None = None) -> QPushButton:
    """A big touch button whose accessible name is exactly what it says."""
    button = TouchButton(parent)
    button.setProperty("role", role)
    button.setProperty("icon_name", icon or "")
    button.setProperty("icon_after", icon_after)
    set_button_text(button, text)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setAutoDefault(False)
    if icon_after:
        button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    if theme is not None:
        style_button_icon(button, theme)
    return button


_ICON_GAP = "\u2002"  # an en space between a button's icon and its words


def set_button_text(button: QPushButton, text: str) -> None:
    """Set what a button says; its accessible name is exactly those words."""
    # A button shows '&' as a keyboard-shortcut underline unless it is doubled: "Q&A" stays "Q&A".
    button.setText(_shown_text(button, text))
    button.setAccessibleName(text)


def wrap_button_text(button: QPushButton, text: str, room: int) -> None:
    """Set what a button says (as :func:`set_button_text`), broken into lines at spaces when
    it would be wider than ``room`` pixels, so that no word is ever cut or split; its
    accessible name stays the words on one line."""
    metrics = button.fontMetrics()

    def widest(lines: list[str]) -> int:
        shown = _shown_text(button, "\n".join(lines))
        return max(metrics.horizontalAdvance(line) for line in shown.splitlines())

    current = button.text().splitlines()  # the chrome: padding and icon, besides the words
    chrome = button.sizeHint().width() - max((metrics.horizontalAdvance(line) for line in current), default=0)
    lines: list[str] = []
    for word in text.split():
        if lines and chrome + widest([f"{lines[-1]} {word}"]) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        elif lines:
            lines.append(word)
        else:
            lines = [word]
    wanted = "\n".join(lines) if len(lines) > 1 and chrome + widest([text]) > room else text
    if button.text() != _shown_text(button, wanted):
        set_button_text(button, wanted)
    button.setAccessibleName(text)


def _shown_text(button: QPushButton, text: str) -> str:
    """What :func:`set_button_text` gives the button to draw for ``text``."""
    if button.property("icon_name"):
        text = text + _ICON_GAP if button.property("icon_after") else _ICON_GAP + text
    return text.replace("&", "&&")


def style_button_icon(button: QPushButton, theme: Theme) -> None:
    """(Re)draw a button's icon in the colour its role uses in ``theme``."""
    name = button.property("icon_name")
    if not name:
        return
    filled = button.property("role") == "primary" or (button.isCheckable() and button.isChecked())
    color = "on_action" if filled else "action"
    size = theme.px("icon")
    button.setIcon(theme.icon(name, color, size))
    button.setIconSize(QSize(size, size))


def enable_flick_scrolling(area: QAbstractScrollArea) -> QScroller:
    """Finger-flick (kinetic) scrolling on ``area``, driven by touch or a held mouse button."""
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)
    # Taps reach what is under the finger at once (instant feedback); a drag that
    # follows cancels that press, so scrolling over a tile never opens it.
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(properties)
    return scroller


def make_scroll_area(content: QWidget, flick: bool = True) -> QScrollArea:
    """A frameless area that scrolls ``content`` up and down with a finger flick (unless
    ``flick`` is false: then call :func:`enable_flick_scrolling` later)."""
    area = QScrollArea()
    # The area's own viewport, as Qt would make it: a viewport made by Qt is unknown to
    # Python, and the first time Python is handed one, PySide6 sets up every widget class
    # it has to find out which it is (about 20 ms of CPU before the first frame).
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.NoRole)
    viewport.setAutoFillBackground(True)
    area.setViewport(viewport)
    area.setWidgetResizable(True)
    area.setWidget(content)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    if flick:
        enable_flick_scrolling(area)
    return area


class SwipeDetector(QObject):
    """Tells when a finger (or held mouse) moved mostly sideways across watched areas.

    It filters the events of the top-level *window* (install it with
    ``window.windowHandle().installEventFilter(detector)``): touches reach the window
    before a :class:`QScroller` in those areas takes them for scrolling.

    Signals:
        swiped(int): +1 for a swipe to the left (go forward), -1 to the right (go back).
    """

    swiped = Signal(int)

    def __init__(self, parent: QObject, threshold: float = 160.0) -> None:
        super().__init__(parent)
        self.threshold = threshold
        self._areas: list[QWidget] = []
        self._start: QPointF | None = None

    def watch(self, widget: QWidget) -> None:
        self._areas.append(widget)

    def _in_area(self, global_pos: QPointF) -> bool:
        point = global_pos.toPoint()
        return any(area.isVisible() and area.rect().contains(area.mapFromGlobal(point))
                   for area in self._areas)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._start = event.globalPosition() if self._in_area(event.globalPosition()) else None
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            start, self._start = self._start, None
            if start is not None:
                moved = event.globalPosition() - start
                if abs(moved.x()) >= self.threshold and abs(moved.x()) > 1.5 * abs(moved.y()):
                    self.swiped.emit(1 if moved.x() < 0 else -1)
        return False


def flow_buttons(grid: QGridLayout, buttons: list[QPushButton], room: int, gap: int, *,
                 pairs: bool = False) -> bool:
    """Lay ``buttons`` out in one row (the last one pushed to the right) when they fit in
    ``room`` pixels; else, with ``pairs``, two to a row in two equal columns when each fits in
    half; else one per row at full width: no button's words are cut. Returns True for one row."""
    for button in buttons:
        grid.removeWidget(button)
    shown = [b for b in buttons if not b.isHidden()]
    one_row = sum(b.sizeHint().width() for b in shown) + gap * max(0, len(shown) - 1) <= room
    spacer = len(buttons) - 1  # the empty column before the last button
    for column in range(len(buttons) + 1):
        grid.setColumnStretch(column, 0)
    if one_row:
        for column, button in enumerate(buttons):
            grid.addWidget(button, 0, column if button is not buttons[-1] else spacer + 1)
        grid.setColumnStretch(spacer, 1)
    elif pairs and len(buttons) > 2 and all(2 * b.sizeHint().width() + gap <= room for b in shown):
        for index, button in enumerate(buttons):
            grid.addWidget(button, index // 2, index % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
    else:
        for row, button in enumerate(buttons):
            grid.addWidget(button, row, 0, 1, len(buttons) + 1)
        grid.setColumnStretch(0, 1)
    return one_row
