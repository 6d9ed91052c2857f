"""The home screen's tiles: one card (a picture beside words) and the grid of topic tiles,
which chooses its number of columns from the room it has and the tiles' widest word."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Section
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Picture, TouchButton, make_label


def tile_words(text: str, name: str) -> QLabel:
    """Words on a tile: the tap goes to the tile, not to the words."""
    label = make_label(text, name)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


def tile_chrome(scale: float) -> tuple[int, int, int, int, int]:
    """A tile's left, top, right and bottom margins and the gap between its picture and
    its words, for a screen of ``scale`` (16, 16, 24, 16 and 20 px at 1080p)."""
    return round(16 * scale), round(16 * scale), round(24 * scale), round(16 * scale), round(20 * scale)


def widest_word(label: QLabel) -> int:
    """The width of the widest word of ``label`` in its font (words never break inside)."""
    label.ensurePolished()  # measure with the font the stylesheet gives it
    metrics = label.fontMetrics()
    return max((metrics.horizontalAdvance(word) for word in label.text().split()), default=0)


ChromeKey = tuple[str, int, int, float, int, int]
# The states a tile is drawn in by the style each time (one tile at a time: pressed, focused).
OWN_LOOK = (QStyle.StateFlag.State_Sunken | QStyle.StateFlag.State_On | QStyle.StateFlag.State_HasFocus).value
CHROME_SIZES = 2  # a grid's columns share its width: their tiles differ by a pixel at most


class Tile(TouchButton):
    """A tappable card with a picture and a label; its accessible name is the label.

    The card itself (its rounded border and background, as the style sheet says) is drawn by
    the style sheet's style, which is slow with rounded corners (~0.1 ms a tile, the home
    screen repaints 13 at each "Back to topics"). Tiles given the colour they sit on (their
    *backdrop*, see :meth:`set_backdrop`) keep what the style drew, over that colour, in one
    image shared by every tile of the same name, size and state (two sizes: a grid's
    columns may differ by a pixel), and paint that image: the
    same pixels. The pressed and focused looks (one tile at a time) are drawn by the style
    each time. The image is dropped when the look changes (a new theme or text size)."""

    # (object name, width, height, pixel ratio, style state, backdrop) -> the card drawn over
    # its backdrop; at most CHROME_SIZES images per object name (~0.3 MB each at 1080p).
    _chrome: dict[ChromeKey, QImage] = {}

    def __init__(self, label: str, picture: Path | None, object_name: str,
                 label_name: str, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(label)
        if hint:
            self.setAccessibleDescription(hint)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        self._row = layout
        self._scale = 0.0
        self._backdrop: QColor | None = None
        self.set_scale(1.0)
        self.picture = Picture()
        self.picture.set_picture(picture)
        self.picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        if object_name == "ChecklistTile":
            self.picture.setObjectName("ChecklistTilePicture")
            self.picture.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        layout.addWidget(self.picture)
        # The words take the whole height (so nothing wraps out of sight) and sit in its middle.
        words = QVBoxLayout()
        words.setSpacing(6)
        self.label = tile_words(label, label_name)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        words.addWidget(self.label)
        self.hint = tile_words(hint, "ChecklistTileHint") if hint else None
        if self.hint is not None:
            self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            words.addWidget(self.hint)
        else:
            self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(words, 1)

    def set_scale(self, scale: float) -> None:
        """Margins and the gap between picture and words for a screen of ``scale``."""
        if scale != self._scale:
            self._scale = scale
            left, top, right, bottom, gap = tile_chrome(scale)
            self._row.setContentsMargins(left, top, right, bottom)
            self._row.setSpacing(gap)

    def set_backdrop(self, color: QColor | None) -> None:
        """The plain colour the tile sits on (its card is then drawn from a shared image),
        or None (drawn by the style at every paint)."""
        if color != self._backdrop:
            self._backdrop = None if color is None else QColor(color)
            self.update()

    @classmethod
    def forget_chrome(cls) -> None:
        cls._chrome.clear()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
            Tile.forget_chrome()  # the look changed: every card is drawn anew
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        option = QStyleOptionButton()
        self.initStyleOption(option)
        state = option.state.value
        if self._backdrop is None or state & OWN_LOOK:
            super().paintEvent(event)  # the pressed or focused look: one tile, drawn as it is
            return
        ratio = self.devicePixelRatioF()
        key = (self.objectName(), self.width(), self.height(), ratio, state, self._backdrop.rgba())
        image = Tile._chrome.get(key)
        if image is None:
            image = self._draw_chrome(option, ratio)
            same_name = [old for old in Tile._chrome if old[0] == key[0]]
            for old in same_name[:len(same_name) - CHROME_SIZES + 1]:  # the oldest go
                del Tile._chrome[old]
            Tile._chrome[key] = image
        painter = QPainter(self)
        painter.drawImage(0, 0, image)
        painter.end()

    def _draw_chrome(self, option: QStyleOptionButton, ratio: float) -> QImage:
        """The card as the style draws it, over the backdrop."""
        assert self._backdrop is not None
        image = QImage(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)),
                       QImage.Format.Format_RGB32)  # opaque: copied, not blended, onto the screen
        image.setDevicePixelRatio(ratio)
        image.fill(self._backdrop)
        painter = QPainter(image)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
        painter.end()
        return image

    def set_words(self, label: str, hint: str = "") -> None:
        self.label.setText(label)
        self.setAccessibleName(label)
        if self.hint is not None:
            self.hint.setText(hint)
            self.setAccessibleDescription(hint)


class TopicGrid:
    """The topic tiles in ``grid``: made once and reused (a language switch or a content
    reload makes new widgets only for extra pages), placed in as many columns as fit
    (every tile's widest word on one line beside its picture), all of one size."""

    def __init__(self, grid: QGridLayout, on_tapped: Callable[[], None]) -> None:
        self.grid = grid
        self.tiles: list[Tile] = []
        self._on_tapped = on_tapped
        self.placement: tuple[int, list[Tile]] = (0, [])
        self._fitted: tuple[object, ...] = ()
        self._widest: tuple[tuple[object, ...], int] = ((), 0)
        self._backdrop: QColor | None = None

    def set_backdrop(self, color: QColor | None) -> None:
        """The plain colour under the tiles (see :meth:`Tile.set_backdrop`)."""
        self._backdrop = color
        for tile in self.tiles:
            tile.set_backdrop(color)

    def show(self, sections: Sequence[Section]) -> None:
        """One tile per section, in order."""
        kept = min(len(self.tiles), len(sections))
        for tile in self.tiles[kept:]:
            self.grid.removeWidget(tile)
            tile.hide()
            tile.setParent(None)
        del self.tiles[kept:]
        for index, section in enumerate(sections):
            if index < kept:
                tile = self.tiles[index]
                tile.set_words(section.tile)
                tile.picture.set_picture(section.illustration)
            else:
                tile = Tile(section.tile, section.illustration, "TopicTile", "TileLabel")
                tile.clicked.connect(self._on_tapped)
                tile.set_backdrop(self._backdrop)
                self.tiles.append(tile)
            tile.setAccessibleDescription(section.title)
            tile.setProperty("slug", section.slug)

    @property
    def placed(self) -> bool:
        return self.placement[1] == self.tiles

    def place(self, columns: int) -> None:
        placement = (columns, list(self.tiles))
        if placement == self.placement:  # re-placing hundreds of tiles is slow: only when needed
            return
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, index // columns, index % columns)
            tile.show()
        self.placement = placement
        for column in range(max(4, self.grid.columnCount())):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    @staticmethod
    def most_columns(theme: Theme, portrait: bool) -> int:
        """The most columns the screen's shape allows (fewer when the words need them)."""
        if portrait:
            return 2
        return 3 if theme.text_scale >= 1.4 else 4

    @staticmethod
    def min_height(theme: Theme) -> int:
        return round(theme.px("touch") * 1.9)

    def widest_word(self, theme: Theme) -> int:
        """The widest word of any tile, in the tiles' font (remembered per words and font)."""
        labels = [tile.label for tile in self.tiles]
        key = (tuple(label.text() for label in labels), theme.scale, theme.text_scale)
        if key != self._widest[0]:
            self._widest = (key, max((widest_word(label) for label in labels), default=0))
        return self._widest[1]

    def columns_and_picture(self, width: int, theme: Theme, portrait: bool) -> tuple[int, int]:
        """As many columns as fit ``width`` with every tile's widest word on one line beside
        its picture; the picture gives up to a quarter of its width before a column goes."""
        left, top, right, bottom, gap = tile_chrome(theme.scale)
        picture = round((self.min_height(theme) - top - bottom) * 4 / 3)  # 4:3 in the smallest tile
        needed = self.widest_word(theme) + 4  # a little room for rounding in the grid
        for columns in range(self.most_columns(theme, portrait), 0, -1):
            room = (width - self.grid.horizontalSpacing() * (columns - 1)) // columns
            standard = min(picture, round(room * 0.4))
            shown = min(standard, room - left - right - gap - needed)
            if shown >= standard * 0.75:
                return columns, shown
        return 1, max(0, shown)

    def fit(self, width: int, visible: QSize, above: int, theme: Theme, portrait: bool) -> None:
        """Columns for ``width``; the ``visible`` height (less ``above``, what is over the
        tiles) shared among the rows, but never below what their words need at the visitor's
        text size (then the screen scrolls)."""
        if not self.tiles:
            return
        # A swap or language change asks three times in a row; with hundreds of tiles,
        # measuring every label each time is what a visitor would feel.
        labels = [tile.label.text() for tile in self.tiles]
        fitted = (list(self.tiles), labels, visible, width, above, portrait, theme.name, theme.scale,
                  theme.text_scale)
        if fitted == self._fitted:
            return
        self._fitted = fitted
        columns, picture_width = self.columns_and_picture(width, theme, portrait)
        self.place(columns)
        rows = (len(self.tiles) + columns - 1) // columns
        room = (width - self.grid.horizontalSpacing() * (columns - 1)) // columns
        left, top, right, bottom, gap = tile_chrome(theme.scale)
        label_width = max(1, room - picture_width - left - right - gap)
        for tile in self.tiles:
            tile.label.ensurePolished()  # measure with the font the stylesheet gives it
        needed = max(tile.label.heightForWidth(label_width) for tile in self.tiles) + top + bottom + 24
        available = (visible.height() - above - self.grid.verticalSpacing() * (rows - 1)) // rows
        minimum = self.min_height(theme)
        height = max(minimum, needed, min(available, round(minimum * 1.6)))
        for tile in self.tiles:
            tile.set_scale(theme.scale)
            tile.setFixedHeight(height)
            tile.picture.setFixedWidth(picture_width)

    def forget_fit(self) -> None:
        self._fitted = ()
