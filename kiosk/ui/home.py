"""The home screen: a big checklist tile and one illustrated tile per topic."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
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


def tile_chrome(scale: float) -> tuple[int, int, int, int, int]:
    """A tile's left, top, right and bottom margins and the gap between its picture and
    its words, for a screen of ``scale`` (16, 16, 24, 16 and 20 px at 1080p)."""
    return round(16 * scale), round(16 * scale), round(24 * scale), round(16 * scale), round(20 * scale)


def widest_word(label: QLabel) -> int:
    """The width of the widest word of ``label`` in its font (words never break inside)."""
    label.ensurePolished()  # measure with the font the stylesheet gives it
    metrics = label.fontMetrics()
    return max((metrics.horizontalAdvance(word) for word in label.text().split()), default=0)


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
        self._row = layout
        self._scale = 0.0
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

    def set_scale(self, scale: float) -> None:
        """Margins and the gap between picture and words for a screen of ``scale``."""
        if scale != self._scale:
            self._scale = scale
            left, top, right, bottom, gap = tile_chrome(scale)
            self._row.setContentsMargins(left, top, right, bottom)
            self._row.setSpacing(gap)

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
        # Everything scrolls together: the welcome, the checklist tile and the topics. On
        # a small screen the topics then get the whole height once the visitor scrolls.
        self._content = QWidget()
        self._content.setObjectName("TileGrid")
        column = QVBoxLayout(self._content)
        column.setContentsMargins(0, 0, 0, 0)
        self._column = column

        header = QHBoxLayout()
        self._welcome = Picture()
        self._welcome.set_picture(paths.illustrations_dir() / "welcome.svg")
        header.addWidget(self._welcome, 0, Qt.AlignmentFlag.AlignTop)
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
        self._about_place = ""
        column.addLayout(header)

        self.checklist_tile = Tile("", paths.illustrations_dir() / "checklist.svg", "ChecklistTile",
                                   "ChecklistTileLabel", hint=" ")
        self.checklist_tile.clicked.connect(self.checklist_chosen)
        column.addWidget(self.checklist_tile)

        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._grid)
        column.addStretch(1)
        self._scroll = make_scroll_area(self._content)
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
        self._widest: tuple[tuple[object, ...], int] = ((), 0)
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
        """Place the tiles (in as many columns as were last chosen, until the screen has a
        size) and fit them to the room they have."""
        self._place(self._placement[0] or self._most_columns())
        self._fit()

    def _place(self, columns: int) -> None:
        placement = (columns, list(self.tiles))
        if placement == self._placement:  # re-placing hundreds of tiles is slow: only when needed
            return
        for tile in self.tiles:
            self._grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles):
            self._grid.addWidget(tile, index // columns, index % columns)
            tile.show()
        self._placement = placement
        for column in range(max(4, self._grid.columnCount())):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def _most_columns(self) -> int:
        """The most columns the screen's shape allows (fewer when the words need them)."""
        if self._portrait:
            return 2
        return 3 if self._theme.text_scale >= 1.4 else 4

    def _widest_word(self) -> int:
        """The widest word of any topic tile, in the tiles' font (remembered per words and font)."""
        labels = [tile.label for tile in self.tiles]
        key = (tuple(label.text() for label in labels), self._theme.scale, self._theme.text_scale)
        if key != self._widest[0]:
            self._widest = (key, max((widest_word(label) for label in labels), default=0))
        return self._widest[1]

    def _columns_and_picture(self, width: int) -> tuple[int, int]:
        """As many columns as fit ``width`` with every tile's widest word on one line beside
        its picture; the picture gives up to a quarter of its width before a column goes."""
        chrome = sum(tile_chrome(self._theme.scale)[i] for i in (0, 2, 4))
        picture = self._picture_width()
        needed = self._widest_word() + 4  # a little room for rounding in the grid
        gap = self._grid.horizontalSpacing()
        for columns in range(self._most_columns(), 0, -1):
            room = (width - gap * (columns - 1)) // columns
            standard = min(picture, round(room * 0.4))
            shown = min(standard, room - chrome - needed)
            if shown >= standard * 0.75 or columns == 1:
                return columns, max(0, shown)
        return 1, picture  # not reached: the loop ends at one column

    def _picture_width(self) -> int:
        """A topic picture's width: 4:3 in the smallest tile's height."""
        top, bottom = tile_chrome(self._theme.scale)[1::2][:2]
        return round((self._min_tile_height() - top - bottom) * 4 / 3)

    def _min_tile_height(self) -> int:
        return round(self._theme.px("touch") * 1.9)

    def _fit(self) -> None:
        """Fit everything that depends on the width: the header, the checklist tile and the
        tiles (their number of columns, pictures and heights). Nothing is measured until
        the screen has a size (so building it before the first frame measures nothing)."""
        viewport = self._scroll.viewport()
        if not viewport.testAttribute(Qt.WidgetAttribute.WA_Resized):
            return
        # Room as if the scroll bar showed: the choice does not flip when it comes and goes.
        width = self._scroll.width() - self._scroll.verticalScrollBar().sizeHint().width()
        self._place_about(width)
        self._fit_banner(viewport.width())
        self._fit_tiles(width)

    def _fit_tiles(self, width: int) -> None:
        """Share the visible height among the rows of tiles, but never below what their
        labels need at the visitor's text size (then the screen scrolls)."""
        if not self.tiles:
            return
        # A swap or language change asks three times in a row; with hundreds of tiles,
        # measuring every label each time is what a visitor would feel.
        theme = self._theme
        viewport = self._scroll.viewport()
        above = self._above_tiles(viewport.width())
        labels = [tile.label.text() for tile in self.tiles]
        fitted = (list(self.tiles), labels, viewport.size(), width, above, self._portrait, theme.name,
                  theme.scale, theme.text_scale)
        if fitted == self._fitted:
            return
        self._fitted = fitted
        columns, picture_width = self._columns_and_picture(width)
        self._place(columns)
        rows = (len(self.tiles) + columns - 1) // columns
        gap = self._grid.verticalSpacing()
        room = (width - self._grid.horizontalSpacing() * (columns - 1)) // columns
        chrome = sum(tile_chrome(theme.scale)[i] for i in (0, 2, 4))
        label_width = max(1, room - picture_width - chrome)
        minimum = self._min_tile_height()
        for tile in self.tiles:
            tile.label.ensurePolished()  # measure with the font the stylesheet gives it
        top, bottom = tile_chrome(theme.scale)[1::2][:2]
        needed = max(tile.label.heightForWidth(label_width) for tile in self.tiles) + top + bottom + 24
        available = (viewport.height() - above - gap * (rows - 1)) // rows
        height = max(minimum, needed, min(available, round(minimum * 1.6)))
        for tile in self.tiles:
            tile.set_scale(theme.scale)
            tile.setFixedHeight(height)
            tile.picture.setFixedWidth(picture_width)

    def _above_tiles(self, width: int) -> int:
        """The height of the header and the checklist tile above the tiles, with their gaps."""
        spacing = self._column.spacing()
        height = self._header.heightForWidth(width) if self._header.hasHeightForWidth() \
            else self._header.sizeHint().height()
        if not self.checklist_tile.isHidden():
            height += spacing + self.checklist_tile.height()
        return height + spacing

    def _fit_banner(self, width: int) -> None:
        """The checklist tile is as tall as its words need (at least two touch heights)."""
        tile = self.checklist_tile
        tile.set_scale(self._theme.scale)
        tile.label.ensurePolished()
        if tile.hint:
            tile.hint.ensurePolished()
        left, top, right, bottom, gap = tile_chrome(self._theme.scale)
        base = round(self._theme.px("touch") * 2.0)
        picture = round((base - top - bottom) * 4 / 3)
        tile.picture.setFixedWidth(picture)
        words = max(1, width - picture - left - right - gap - 4)
        needed = tile.label.heightForWidth(words) + (tile.hint.heightForWidth(words) if tile.hint else 0) \
            + top + bottom + 18
        tile.setFixedHeight(max(base, needed))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and watched is self._scroll.viewport():
            self._fit()
        return False

    def _orientation_changed(self) -> None:
        self._fitted = ()
        self._fit()

    def apply_theme(self, theme: Theme) -> None:
        """Sizes that a stylesheet cannot set (spacing, tile heights) for ``theme``'s scale."""
        super().apply_theme(theme)
        gap = theme.px("gap")
        self.outer.setSpacing(gap)
        self._column.setSpacing(gap)
        self._grid.setSpacing(gap)
        self._header.setSpacing(round(32 * theme.scale))
        self._welcome.setFixedSize(round(166 * theme.scale), round(125 * theme.scale))
        style_button_icon(self.about_button, theme)
        style_button_icon(self.more, theme)
        self._about_place = ""
        if self._placement[1] != self.tiles:
            self._arrange()
        else:
            self._fit()

    def _place_about(self, width: int) -> None:
        """ "About this kiosk" beside the titles when that leaves the titles room for their
        widest word (and a third of the width); else under the titles, or under the whole
        header when the titles' column is too narrow for it."""
        spacing = self._header.spacing()
        titles_room = width - self._welcome.width() - spacing
        about = self.about_button.sizeHint().width()
        widest = max(widest_word(self._title), widest_word(self._subtitle))
        roomy = titles_room - about - spacing >= max(widest, width // 3)
        if not self._portrait and self._theme.text_scale < 1.4 and roomy:
            place = "beside"
        else:
            place = "under titles" if about <= titles_room else "under header"
        if place == self._about_place:
            return
        self._about_place = place
        for layout in (self._header, self._titles, self._column):
            layout.removeWidget(self.about_button)
        if place == "beside":
            self._header.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignTop)
        elif place == "under titles":
            self._titles.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            self._column.insertWidget(1, self.about_button, 0, Qt.AlignmentFlag.AlignLeft)

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
