"""The frame every analogy shares: the drawing, a caption, one big button and a hint."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPointF, Qt, Slot
from PySide6.QtGui import QHideEvent, QPainter, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.content.model import Language
from kiosk.ui.analogies.canvas import Clock, FrameDriver, LayerCache, SceneCanvas
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_button, make_label, set_button_text, style_button_icon


class AnalogyModel(Protocol):
    """The pure state an analogy drives (see :mod:`kiosk.analogies`)."""

    def advance(self, ms: float) -> object: ...

    def settle(self) -> None: ...

    def reset(self) -> None: ...


class AnalogyScene(Protocol):
    """What draws a model: the moving parts, the still parts, and its cached layers."""

    layers: LayerCache

    def paint(self, painter: QPainter) -> None: ...

    def paint_still(self, painter: QPainter) -> None: ...


class AnalogyWidget(QWidget):
    """An interactive picture with its caption, button and hint.

    Subclasses hold a pure model, draw it (``paint_scene`` and ``paint_still`` in the
    logical 800x600 space) and say which words to show. Time reaches the model only
    through :meth:`advance`: from a frame timer that runs while the widget is shown
    (never while hidden, never with reduce motion on), or from a test calling it.
    Hidden, it goes back to how it first appears, so each visit starts fresh.
    """

    def __init__(self, language: Language, theme: Theme, clock: Clock | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Analogy")
        self._language = language
        self._theme = theme
        self._reduce_motion = False
        self.driver = FrameDriver(clock, self)
        self.driver.frame_elapsed.connect(self._on_frame_elapsed)

        self.canvas = SceneCanvas(self.paint_scene, self.paint_still, self.still_key)
        self.canvas.setObjectName("AnalogyCanvas")
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas.pressed.connect(self._on_canvas_pressed)
        self.canvas.tapped.connect(self._on_canvas_tapped)
        self.caption = make_label("", "AnalogyCaption")
        self.hint = make_label("", "AnalogyHint")
        self.button = make_button("", "primary", self.button_icon())
        self.button.clicked.connect(self._on_button_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._layout = layout
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.caption)
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # the hint under the button when narrow
        self._row = row
        row.addWidget(self.button)
        row.addWidget(self.hint, 1)
        layout.addLayout(row)

    # -- for subclasses ---------------------------------------------------------------
    # A subclass sets ``model`` and ``scene`` before calling ``__init__``; the defaults
    # below drive them, so a subclass writes only what differs.
    model: AnalogyModel
    scene: AnalogyScene

    def paint_scene(self, painter: QPainter) -> None:
        self.scene.paint(painter)

    def paint_still(self, painter: QPainter) -> None:
        """The parts that do not move; drawn once per size and per :meth:`still_key`."""
        self.scene.paint_still(painter)

    def still_key(self) -> object:
        """Changes whenever what :meth:`paint_still` draws changes."""
        return None

    def button_icon(self) -> str:
        return ""

    def step_model(self, ms: float) -> None:
        self.model.advance(ms)

    def settle_model(self) -> None:
        self.model.settle()

    def reset_model(self) -> None:
        self.model.reset()

    def refresh_words(self) -> None:
        """Show the words (button, hint, caption, description) for the current state."""
        raise NotImplementedError

    def on_press(self, point: QPointF) -> None:
        """A finger went down on the picture (logical coordinates)."""

    def on_tap(self, point: QPointF) -> None:
        """A tap (down and up in place) on the picture (logical coordinates)."""

    def on_button(self) -> None:
        raise NotImplementedError

    def button_texts(self) -> list[str]:
        """Everything the big button may say, so it can be wide enough for each."""
        return []

    def prepare(self) -> None:
        """Do now what its first frame would otherwise do (called while the kiosk is idle,
        before any page shows it): nothing unless a subclass has such work."""

    def release_caches(self) -> None:
        """Drop pre-drawn pixmaps while off screen; they are drawn again when needed."""
        self.canvas.release()
        self.scene.layers.clear()

    # -- public -----------------------------------------------------------------------
    @property
    def reduce_motion(self) -> bool:
        return self._reduce_motion

    @property
    def animating(self) -> bool:
        return self.driver.running

    def advance(self, ms: float) -> None:
        """Let ``ms`` milliseconds pass in the picture."""
        before = self.state_key()
        self.step_model(ms)
        if self.state_key() != before:
            self.refresh_words()
        self.canvas.update()

    def tick(self) -> None:
        """One frame: read the clock and advance by the time passed since the last frame."""
        self.driver.tick()

    def state_key(self) -> object:
        """Something that changes whenever the words shown must change."""
        return None

    def reset(self) -> None:
        """Back to how the picture first appears."""
        self.reset_model()
        self.state_changed()

    def set_reduce_motion(self, reduce: bool) -> None:
        """With reduce motion on, nothing moves: every change shows its end state at once."""
        self._reduce_motion = reduce
        self.state_changed()

    def set_language(self, language: Language) -> None:
        self._language = language
        self.refresh_words()
        self._fit_button()
        place_hint(self)

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        gap = theme.px("gap")
        self._layout.setSpacing(gap)
        self._row.setSpacing(gap)
        self._style_button_icon()
        self._fit_button()
        place_hint(self)
        self.canvas.invalidate_still()

    def state_changed(self) -> None:
        """After the model changed outside a frame: settle if motion is reduced, redraw."""
        if self._reduce_motion:
            self.settle_model()
        self.refresh_words()
        self._update_driver()
        self.canvas.update()

    # -- helpers --------------------------------------------------------------------
    def text(self, key: str) -> str:
        return self._language.text(key)

    def optional_text(self, key: str, fallback: str) -> str:
        """The string ``key`` if the content has it, else ``fallback``."""
        return self._language.strings.get(key) or fallback

    def set_button(self, text: str, icon: str, enabled: bool = True) -> None:
        """What the big button says and shows, and whether it can be tapped."""
        changed = self.button.property("icon_name") != icon or self.button.isEnabled() != enabled
        self.button.setProperty("icon_name", icon)
        set_button_text(self.button, text)
        self.button.setEnabled(enabled)
        if changed:
            self._style_button_icon()

    def _style_button_icon(self) -> None:
        if self.button.isEnabled():
            style_button_icon(self.button, self._theme)
        else:  # drawn in the text colour of a disabled button, not a washed-out white
            size = self._theme.px("icon")
            self.button.setIcon(self._theme.icon(str(self.button.property("icon_name")), "ink", size))

    def _fit_button(self) -> None:
        """Keep the button one width whatever it says, so nothing beside it jumps."""
        shown = self.button.accessibleName()
        widest = 0
        self.button.setMinimumWidth(0)
        for text in self.button_texts():
            set_button_text(self.button, text)
            widest = max(widest, self.button.sizeHint().width())
        set_button_text(self.button, shown)
        self.button.setMinimumWidth(widest)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        place_hint(self)

    def _update_driver(self) -> None:
        if self.isVisible() and not self._reduce_motion:
            self.driver.start()
        else:
            self.driver.stop()

    # -- events -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fit_button()
        if not self._reduce_motion:
            self.driver.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        """Off screen nothing ticks; and the next person to see it finds it as new."""
        super().hideEvent(event)
        self.driver.stop()
        self.release_caches()
        if not event.spontaneous():
            self.reset()

    @Slot(float)
    def _on_frame_elapsed(self, ms: float) -> None:
        self.advance(ms)

    @Slot(QPointF)
    def _on_canvas_pressed(self, point: QPointF) -> None:
        self.on_press(point)

    @Slot(QPointF)
    def _on_canvas_tapped(self, point: QPointF) -> None:
        self.on_tap(point)

    @Slot()
    def _on_button_clicked(self) -> None:
        self.on_button()


def place_hint(analogy: AnalogyWidget) -> None:
    """The hint beside the button when it has room for its longest word and no more than
    three lines there, else under the button (a word is never cut)."""
    analogy.hint.ensurePolished()
    metrics = analogy.hint.fontMetrics()
    words = analogy.hint.text().split() or [""]
    needs = max(max(metrics.horizontalAdvance(word) for word in words),
                metrics.horizontalAdvance(analogy.hint.text()) // 3)
    room = analogy.width() - analogy.button.minimumWidth() - analogy._row.spacing()
    direction = QBoxLayout.Direction.LeftToRight if needs <= room else QBoxLayout.Direction.TopToBottom
    if analogy._row.direction() != direction:
        analogy._row.setDirection(direction)


def least_height(analogy: AnalogyWidget, width: int) -> int:
    """The height its words, its button and a small picture need at ``width`` pixels."""
    spacing = analogy._layout.spacing()
    if analogy._row.direction() == QBoxLayout.Direction.LeftToRight:
        hint_room = width - analogy.button.minimumWidth() - analogy._row.spacing()
        row = max(analogy.button.sizeHint().height(), analogy.hint.heightForWidth(max(1, hint_room)))
    else:
        row = analogy.button.sizeHint().height() + analogy._row.spacing() + analogy.hint.heightForWidth(width)
    return analogy.canvas.minimumHeight() + analogy.caption.heightForWidth(width) + row + 2 * spacing
