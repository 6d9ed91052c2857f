"""The home screen: a big checklist tile and one illustrated tile per topic."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk import paths
from kiosk.content.model import Language
from kiosk.ui.home_tiles import Tile, TopicGrid, tile_chrome, tile_words, widest_word
from kiosk.ui.screen import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import (
    Picture,
    enable_flick_scrolling,
    make_button,
    make_scroll_area,
    set_button_text,
    style_button_icon,
)


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
        self._title = tile_words("", "HomeTitle")
        self._subtitle = tile_words("", "HomeSubtitle")
        titles.addWidget(self._title)
        titles.addWidget(self._subtitle)
        header.addLayout(titles, 1)
        self._header, self._titles = header, titles
        self.about_button = make_button("", "secondary", "info", theme)
        self.about_button.clicked.connect(self.about_requested)
        header.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignTop)  # until the first fit places it
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
        # Flicking is set up after the first frame (finish_after_first_frame): Qt's first
        # kinetic scroller costs about 20 ms of CPU, and no finger is on the glass yet.
        self._scroll = make_scroll_area(self._content, flick=False)
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

        self.topics = TopicGrid(self._grid, self._on_tile_clicked)
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
        self.topics.show(language.sections)
        self._arrange()

    @property
    def tiles(self) -> list[Tile]:
        return self.topics.tiles

    def _arrange(self) -> None:
        """Place the tiles (in as many columns as were last chosen, until the screen has a
        size) and fit them to the room they have."""
        self.topics.place(self.topics.placement[0] or self.topics.most_columns(self._theme, self._portrait))
        self._fit()

    def _fit(self) -> None:
        """Fit everything that depends on the width: the header, the checklist tile and the
        tiles (their number of columns, pictures and heights). Nothing is measured until
        the screen has a size (so building it before the first frame measures nothing)."""
        viewport = self._scroll.viewport()
        # (The area, not its viewport: the viewport is sized when the area is made.)
        if not self._scroll.testAttribute(Qt.WidgetAttribute.WA_Resized):
            return
        # Room as if the scroll bar showed: the choice does not flip when it comes and goes.
        width = self._scroll.width() - self._scroll.verticalScrollBar().sizeHint().width()
        self._place_about(width)
        self._fit_banner(viewport.width())
        above = self._above_tiles(viewport.width())
        self.topics.fit(width, viewport.size(), above, self._theme, self._portrait)

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
        tile.picture.setFixedSize(picture, base - top - bottom)  # a card, not a column, when words wrap
        words = max(1, width - picture - left - right - gap - 4)
        needed = tile.label.heightForWidth(words) + (tile.hint.heightForWidth(words) if tile.hint else 0) \
            + top + bottom + 18
        tile.setFixedHeight(max(base, needed))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and watched is self._scroll.viewport():
            self._fit()
        return False

    def _orientation_changed(self) -> None:
        self.topics.forget_fit()
        self._fit()

    def apply_theme(self, theme: Theme) -> None:
        """Sizes that a stylesheet cannot set (spacing, tile heights) for ``theme``'s scale."""
        super().apply_theme(theme)
        gap = theme.px("gap")
        self.topics.set_backdrop(theme.color("bg"))  # the screen's colour, under the tiles
        self.outer.setSpacing(gap)
        self._column.setSpacing(gap)
        self._grid.setSpacing(gap)
        self._header.setSpacing(round(32 * theme.scale))
        self._welcome.setFixedSize(round(166 * theme.scale), round(125 * theme.scale))
        style_button_icon(self.about_button, theme)
        style_button_icon(self.more, theme)
        self._about_place = ""
        if not self.topics.placed:
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
