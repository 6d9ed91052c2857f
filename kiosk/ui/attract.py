"""The waiting screen: a line that says what the kiosk is about, a calm loop of the
highway picture and "Touch anywhere to start", in every installed language. Any touch
on it says so; the window then goes home."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QLocale, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QHideEvent, QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.analogies import HighwayModel
from kiosk.content.model import Language
from kiosk.ui.analogies.canvas import SCENE, Clock, FrameDriver, SceneCanvas
from kiosk.ui.analogies.highway import HighwayScene
from kiosk.ui.screen import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_label


def _languages(languages: Mapping[str, Language] | Iterable[Language]) -> list[Language]:
    if isinstance(languages, Mapping):
        return list(languages.values())
    return list(languages)


class AttractScreen(Screen):
    """The highway picture playing by itself, slowly: traffic flows for a while, then a
    roadblock stops it and the brain calms, and again. Above it, what the kiosk is
    about; under it, the invitation to touch; both in every installed language (the
    first language's words largest). The picture moves only while the screen is shown,
    and not at all with reduce motion on.

    Signals:
        touched(): a finger (or mouse) went down anywhere on the screen.
        language_touched(str): ...and it was on the invitation in that language (its code),
            so the visit starts in that language.
    """

    touched = Signal()
    language_touched = Signal(str)

    CYCLE_MS = 8000.0  # how long the road stays open, then blocked

    def __init__(self, bundle_languages: Mapping[str, Language] | Iterable[Language], theme: Theme,
                 clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent, object_name="AttractScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._reduce_motion = False
        # Slower, sparser traffic than on the page: an invitation, not a lesson.
        self.model = HighwayModel(speed=0.14, spawn_intervals_ms=(900.0, 1300.0, 1050.0, 1500.0))
        self._since_change = 0.0
        self.scene = HighwayScene(self.model)
        self.driver = FrameDriver(clock, self)
        self.driver.frame_elapsed.connect(self._on_frame_elapsed)
        self.canvas = SceneCanvas(self.scene.paint, self.scene.paint_still)
        self.canvas.setObjectName("AnalogyCanvas")
        self.canvas.pressed.connect(self._on_canvas_pressed)

        layout = self.outer
        layout.addStretch(1)
        self._topics = QVBoxLayout()
        layout.addLayout(self._topics)
        layout.addWidget(self.canvas, 100)
        self._words = QVBoxLayout()
        layout.addLayout(self._words)
        layout.addStretch(1)
        self.labels: list[QLabel] = []
        self.topic_labels: list[QLabel] = []
        self.set_languages(bundle_languages)
        self.apply_theme(theme)

    # -- public -----------------------------------------------------------------------
    @property
    def animating(self) -> bool:
        return self.driver.running

    def texts(self) -> list[str]:
        """The invitations shown, top to bottom."""
        return [label.text() for label in self.labels]

    def topic_texts(self) -> list[str]:
        """The lines that say what the kiosk is about, top to bottom."""
        return [label.text() for label in self.topic_labels]

    def set_languages(self, bundle_languages: Mapping[str, Language] | Iterable[Language]) -> None:
        """Show the topic line and the invitation of each language (once per different wording)."""
        languages = _languages(bundle_languages)
        self.topic_labels = self._fill(self._topics, self.topic_labels, languages, "attract_topic",
                                       ("AttractTopic", "AttractTopicOther"))
        self.labels = self._fill(self._words, self.labels, languages, "attract_touch",
                                 ("AttractTouch", "AttractTouchOther"))
        self.setAccessibleName(" / ".join(self.topic_texts() + self.texts()))

    @staticmethod
    def _fill(layout: QVBoxLayout, old: list[QLabel], languages: list[Language], key: str,
              names: tuple[str, str]) -> list[QLabel]:
        for label in old:
            layout.removeWidget(label)
            label.deleteLater()
        labels: list[QLabel] = []
        seen: set[str] = set()
        for language in languages:
            words = language.text(key)
            if words in seen:
                continue
            seen.add(words)
            label = make_label(words, names[1] if labels else names[0])
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setLocale(QLocale(language.code))
            label.setProperty("language", language.code)
            layout.addWidget(label)
            labels.append(label)
        return labels

    def screen_margins(self, theme: Theme) -> tuple[int, int, int, int]:
        margin = theme.px("margin")
        return margin, margin, margin, margin

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.outer.setSpacing(theme.px("gap"))
        self._words.setSpacing(round(theme.px("gap") / 2))
        self._topics.setSpacing(round(theme.px("gap") / 4))
        self.canvas.invalidate_still()

    def set_reduce_motion(self, reduce: bool) -> None:
        self._reduce_motion = reduce
        if reduce:
            self.driver.stop()
            self.model.set_blocked(False)
            self.model.settle()
            self.canvas.update()
        elif self.isVisible():
            self.driver.start()

    def advance(self, ms: float) -> None:
        self._since_change += ms
        if self._since_change >= self.CYCLE_MS:
            self._since_change = 0.0
            self.model.toggle()
        self.model.advance(ms)
        self.canvas.update()

    def tick(self) -> None:
        self.driver.tick()

    # -- events -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not event.spontaneous():
            self._since_change = 0.0
            self.model.reset()
        if not self._reduce_motion:
            self.driver.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        super().hideEvent(event)
        self.driver.stop()
        self.canvas.release()
        self.scene.layers.clear()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        # the picture keeps its shape; spare height goes above and below it
        margins = self.outer.contentsMargins()
        width = event.size().width() - margins.left() - margins.right()
        self.canvas.setMaximumHeight(round(width * SCENE.height() / SCENE.width()))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        event.accept()
        self.touched.emit()
        hit = self.childAt(event.position().toPoint())
        if isinstance(hit, QLabel) and (hit in self.labels or hit in self.topic_labels):
            self.language_touched.emit(str(hit.property("language")))

    @Slot(QPointF)
    def _on_canvas_pressed(self, point: QPointF) -> None:
        self.touched.emit()

    @Slot(float)
    def _on_frame_elapsed(self, ms: float) -> None:
        self.advance(ms)
