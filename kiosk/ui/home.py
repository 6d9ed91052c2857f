"""The home screen: a big checklist tile and one illustrated tile per topic."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk import paths
from kiosk.content.model import Language
from kiosk.ui.screen import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import (
    Picture,
    enable_flick_scrolling,
    make_button,
    make_label,
    make_scroll_area,
    set_button_text,
    style_button_icon,
)


def _label(text: str, name: str) -> QLabel:
    """Words on a tile: the tap goes to the tile, not to the words."""
    label = make_label(text, name)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


class Tile(QPushButton):
    """A tappable card with a picture and a label; its accessible name is the label."""

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
        layout.setContentsMargins(16, 16, 24, 16)
        layout.setSpacing(20)
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
        self.label = _label(label, label_name)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        words.addWidget(self.label)
        self.hint = _label(hint, "ChecklistTileHint") if hint else None
        if self.hint is not None:
            self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            words.addWidget(self.hint)
        else:
            self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(words, 1)

    def set_words(self, label: str, hint: str = "") -> None:
        self.label.setText(label)
        self.setAccessibleName(label)
        if self.hint is not None:
            self.hint.setText(hint)
            self.setAccessibleDescription(hint)


class HomeScreen(Screen):
    """Signals:
        topic_chosen(str): a topic tile was tapped; carries the page's slug.
        checklist_chosen(): the checklist tile was tapped.
        about_requested(): "About this kiosk" was tapped.
    """

    topic_chosen = Signal(str)
    checklist_chosen = Signal()
    about_requested = Signal()

    def __init__(self, language: Language, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self._language = language
        outer = self.outer

        header = QHBoxLayout()
        header.setSpacing(32)
        self._welcome = Picture()
        self._welcome.set_picture(paths.illustrations_dir() / "welcome.svg")
        header.addWidget(self._welcome)
        titles = QVBoxLayout()
        titles.setSpacing(4)
        self._title = _label("", "HomeTitle")
        self._subtitle = _label("", "HomeSubtitle")
        titles.addWidget(self._title)
        titles.addWidget(self._subtitle)
        header.addLayout(titles, 1)
        self._header, self._titles = header, titles
        self.about_button = make_button("", "secondary", "info", theme)
        self.about_button.clicked.connect(self.about_requested)
        outer.addLayout(header)

        self.checklist_tile = Tile("", paths.illustrations_dir() / "checklist.svg", "ChecklistTile",
                                   "ChecklistTileLabel", hint=" ")
        self.checklist_tile.clicked.connect(self.checklist_chosen)
        outer.addWidget(self.checklist_tile)

        self._grid_host = QWidget()
        self._grid_host.setObjectName("TileGrid")
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        # Flicking is set up after the first frame (finish_after_first_frame): Qt's first
        # kinetic scroller costs about 20 ms of CPU, and no finger is on the glass yet.
        self._scroll = make_scroll_area(self._grid_host, flick=False)
        self._flicks = False
        self._scroll.viewport().installEventFilter(self)
        outer.addWidget(self._scroll, 1)
        # When the topics do not all fit, a clear button under them says that more
        # follow (a thin scroll bar is no hint to most visitors); at the end it offers
        # the way back up. It shows only when the topics scroll, so it never covers one.
        self.more = make_button("", "secondary", "arrow-down")
        self.more.setObjectName("MoreTopics")
        self.more.clicked.connect(self._on_more_clicked)
        self.more.hide()
        outer.addWidget(self.more, 0, Qt.AlignmentFlag.AlignHCenter)
        bar = self._scroll.verticalScrollBar()
        bar.rangeChanged.connect(self._on_scroll_changed)
        bar.valueChanged.connect(self._on_scroll_changed)

        self.tiles: list[Tile] = []
        self._placement: tuple[int, list[Tile]] = (0, [])
        self._fitted: tuple[object, ...] = ()
        self.set_language(language)
        self.apply_theme(theme)

    # -- building -----------------------------------------------------------------
    def set_language(self, language: Language) -> None:
        """Show ``language``'s words and topics. The tiles already made are reused (a
        language switch or a content reload makes new widgets only for extra pages)."""
        self._language = language
        self._title.setText(language.text("home_title"))
        self._show_more()
        self._subtitle.setText(language.text("home_subtitle"))
        self.checklist_tile.set_words(language.text("checklist_tile"), language.text("checklist_tile_hint"))
        self.checklist_tile.setVisible(language.checklist is not None)  # None: held back for sign-off
        set_button_text(self.about_button, language.text("about_button"))
        kept = min(len(self.tiles), len(language.sections))
        for tile in self.tiles[kept:]:
            self._grid.removeWidget(tile)
            tile.hide()
            tile.setParent(None)
        del self.tiles[kept:]
        for index, section in enumerate(language.sections):
            if index < kept:
                tile = self.tiles[index]
                tile.set_words(section.tile)
                tile.picture.set_picture(section.illustration)
            else:
                tile = Tile(section.tile, section.illustration, "TopicTile", "TileLabel")
                tile.clicked.connect(self._on_tile_clicked)
                self.tiles.append(tile)
            tile.setAccessibleDescription(section.title)
            tile.setProperty("slug", section.slug)
        self._arrange()

    def _arrange(self) -> None:
        columns = self._columns()
        placement = (columns, list(self.tiles))
        if placement != self._placement:  # re-placing hundreds of tiles is slow: only when needed
            for tile in self.tiles:
                self._grid.removeWidget(tile)
            for index, tile in enumerate(self.tiles):
                self._grid.addWidget(tile, index // columns, index % columns)
                tile.show()
            self._placement = placement
        for column in range(4):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        rows = (len(self.tiles) + columns - 1) // columns
        for row in range(self._grid.rowCount() + 1):
            self._grid.setRowStretch(row, 1 if row == rows else 0)
        self._fit_tiles()

    def _columns(self) -> int:
        if self._portrait:
            return 2
        return 3 if self._theme.text_scale >= 1.4 else 4

    def _fit_tiles(self) -> None:
        """Share the visible height among the rows of tiles, but never below what their
        labels need at the visitor's text size (then the grid scrolls)."""
        if not self.tiles:
            return
        columns = self._columns()
        # A swap or language change asks three times in a row; with hundreds of tiles,
        # measuring every label each time is what a visitor would feel.
        theme = self._theme
        labels = [tile.label.text() for tile in self.tiles]
        fitted = (list(self.tiles), labels, self._scroll.viewport().size(), columns, theme.name, theme.scale,
                  theme.text_scale)
        if fitted == self._fitted:
            return
        self._fitted = fitted
        rows = (len(self.tiles) + columns - 1) // columns
        gap = self._grid.verticalSpacing()
        width = (self._scroll.viewport().width() - self._grid.horizontalSpacing() * (columns - 1)) // columns
        minimum = round(self._theme.px("touch") * 1.9)
        picture_width = min(round((minimum - 32) * 4 / 3), round(width * 0.4))
        label_width = max(80, width - picture_width - 60)
        for tile in self.tiles:
            tile.label.ensurePolished()  # measure with the font the stylesheet gives it
        needed = max(tile.label.heightForWidth(label_width) for tile in self.tiles) + 56
        available = (self._scroll.viewport().height() - gap * (rows - 1)) // rows
        height = max(minimum, needed, min(available, round(minimum * 1.6)))
        for tile in self.tiles:
            tile.setFixedHeight(height)
            tile.picture.setFixedWidth(picture_width)

    def _fit_banner(self) -> None:
        """The checklist tile is as tall as its words need (at least two touch heights)."""
        tile = self.checklist_tile
        tile.label.ensurePolished()
        if tile.hint:
            tile.hint.ensurePolished()
        base = round(self._theme.px("touch") * 2.0)
        picture = round((base - 32) * 4 / 3)
        tile.picture.setFixedWidth(picture)
        words = max(200, self.width() - 2 * self._theme.px("margin") - picture - 60)
        needed = tile.label.heightForWidth(words) + (tile.hint.heightForWidth(words) if tile.hint else 0) + 50
        tile.setFixedHeight(max(base, needed))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_banner()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and watched is self._scroll.viewport():
            self._fit_tiles()
        return False

    def _orientation_changed(self) -> None:
        self._arrange()
        self.apply_theme(self._theme)

    def apply_theme(self, theme: Theme) -> None:
        """Sizes that a stylesheet cannot set (spacing, tile heights) for ``theme``'s scale."""
        super().apply_theme(theme)
        gap = theme.px("gap")
        self.outer.setSpacing(gap)
        self._grid.setSpacing(gap)
        if self.tiles:
            self._arrange()
        self._welcome.setFixedSize(round(166 * theme.scale), round(125 * theme.scale))
        style_button_icon(self.about_button, theme)
        self._place_about()
        self._fit_banner()
        self._fit_tiles()
        style_button_icon(self.more, theme)

    def _place_about(self) -> None:
        """ "About this kiosk" beside the titles on a wide screen with normal text, else under them."""
        self._header.removeWidget(self.about_button)
        self._titles.removeWidget(self.about_button)
        if not self._portrait and self._theme.text_scale < 1.4:
            self._header.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignTop)
        else:
            self._titles.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignLeft)

    def finish_after_first_frame(self) -> None:
        """What the first frame does not need: finger-flick scrolling of the topics."""
        if not self._flicks:
            self._flicks = True
            enable_flick_scrolling(self._scroll)

    def scroll_to_top(self) -> None:
        self._scroll.verticalScrollBar().setValue(0)

    def scroll_to_bottom(self) -> None:
        bar = self._scroll.verticalScrollBar()
        bar.setValue(bar.maximum())

    @property
    def more_below(self) -> bool:
        """True when topics follow below the visible ones."""
        bar = self._scroll.verticalScrollBar()
        return bar.value() < bar.maximum()

    @Slot()
    def _on_scroll_changed(self) -> None:
        self._show_more()

    def _show_more(self) -> None:
        bar = self._scroll.verticalScrollBar()
        self.more.setVisible(bar.maximum() > 0)
        below = self.more_below
        words = self._language.text("more_topics" if below else "first_topics")
        if self.more.accessibleName() != words:
            self.more.setProperty("icon_name", "arrow-down" if below else "arrow-up")
            set_button_text(self.more, words)
            style_button_icon(self.more, self._theme)

    @Slot()
    def _on_more_clicked(self) -> None:
        bar = self._scroll.verticalScrollBar()
        if self.more_below:
            bar.setValue(min(bar.maximum(), bar.value() + max(bar.pageStep() * 3 // 4, 1)))
        else:
            bar.setValue(0)

    @Slot()
    def _on_tile_clicked(self) -> None:
        tile = self.sender()
        if isinstance(tile, Tile):
            self.topic_chosen.emit(str(tile.property("slug")))
