"""The middle of a page: its picture and its text, side by side, stacked, or flowing in
one scrolling column."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.ui.page_picture import PicturePanel
from kiosk.ui.page_text import PageText
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_scroll_area

NO_MAXIMUM = 16_777_215  # Qt's QWIDGETSIZE_MAX


class PageBody(QBoxLayout):
    """Lays out ``picture`` and ``text``: side by side on a wide screen, stacked on a tall
    one, or (large text, or a moving picture on a tall screen) one column that scrolls as
    a whole, so that neither is squeezed."""

    def __init__(self, page: QWidget, picture: PicturePanel, text: PageText, theme: Theme,
                 trailer: QWidget | None = None) -> None:
        super().__init__(QBoxLayout.Direction.LeftToRight)
        self._page = page
        self.picture = picture
        self.text = text
        # What ends the page (who checked it, "helpful?"): under the text, in the text's own
        # column (so a moving picture beside it keeps its height), or at the end of the
        # scrolling column when the page flows.
        self.trailer = trailer
        self.text_host = QWidget()
        self.text_host.setObjectName("TileGrid")
        self._text_layout = QVBoxLayout(self.text_host)
        self._text_layout.setContentsMargins(0, 0, 0, 0)
        self._text_layout.addWidget(text, 1)
        if trailer is not None:
            self._text_layout.addWidget(trailer)
        self.addWidget(picture, 2)
        self.addWidget(self.text_host, 3)
        column_host = QWidget()
        column_host.setObjectName("TileGrid")
        self._column_layout = QVBoxLayout(column_host)
        self._column_layout.setContentsMargins(0, 0, 0, 0)
        self.column: QScrollArea = make_scroll_area(column_host)
        self.column.setObjectName("PageColumn")
        self.column.setParent(page)  # out of the layout until the page flows, but owned by it
        self.column.hide()
        # The text is as tall as its words at the column's width: measured again whenever
        # that width settles (the layout sizes the column after the page has its size).
        self.column.viewport().installEventFilter(self)
        self.flowing = False
        # On a short screen (see :meth:`set_compact`) the page's heading and its closing note
        # scroll with the column too, so that the words get the room.
        self.compact = False
        self._ends: tuple[QWidget, QWidget] | None = None
        self._placed_ends = False
        self._portrait = False
        self._theme = theme

    def arrange(self, portrait: bool, theme: Theme) -> None:
        """Lay the picture and text out for the screen's orientation and ``theme``'s text size."""
        self._portrait = portrait
        self._theme = theme
        self.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.set_flowing(self._should_flow())

    def _should_flow(self) -> bool:
        """One scrolling column for large text, on a short screen, and for a moving picture
        on a tall screen (where sharing the height would leave the text two lines)."""
        return self.compact or self.flows_anyway()

    def flows_anyway(self) -> bool:
        """Whether the page flows in one column whatever its height."""
        return self._theme.text_scale >= 1.4 or (self._portrait and self.picture.analogy is not None)

    def set_compact(self, compact: bool, ends: tuple[QWidget, QWidget]) -> None:
        """``ends`` (the page's heading and its closing note) at the top and the bottom of the
        scrolling column (True), or back with their page (False: the page places them)."""
        self._ends = ends
        self.compact = compact
        self.set_flowing(self._should_flow())

    def set_flowing(self, flowing: bool) -> None:
        """The picture and the text in one scrolling column (True), else each in its place,
        the text scrolling on its own."""
        if flowing == self.flowing and self._placed_ends == self.compact:
            self.fit_flowing_text()
            return
        self.flowing = flowing
        ending = [self.text] + ([self.trailer] if self.trailer is not None else [])
        ends = list(self._ends) if self._ends is not None else []
        for widget in (self.picture, *ending, *ends):
            self._column_layout.removeWidget(widget)
            self._text_layout.removeWidget(widget)
        self._placed_ends = False
        for widget in (self.picture, self.text_host, self.column):
            self.removeWidget(widget)
        if flowing:
            column = [self.picture, *ending]
            if self.compact and ends:
                column = [ends[0], *column, ends[1]]
                self._placed_ends = True
            for widget in column:
                self._column_layout.addWidget(widget)
            self._column_layout.addStretch(1)
            self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.text_host.hide()
            self.addWidget(self.column, 1)
            self.column.show()
        else:
            while self._column_layout.count():
                self._column_layout.takeAt(0)  # the stretch (the widgets were moved out above)
            self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.text.setMinimumHeight(0)
            self.text.setMaximumHeight(NO_MAXIMUM)
            self.picture.setMinimumHeight(0)
            self.picture.setMaximumHeight(NO_MAXIMUM)
            self.column.hide()
            self._text_layout.addWidget(self.text, 1)
            for widget in ending[1:]:
                self._text_layout.addWidget(widget)
            self.addWidget(self.picture, 2)
            self.addWidget(self.text_host, 3)
            self.text_host.show()
        self.set_stretch()
        self.fit_flowing_text()

    def refit(self) -> None:
        """After a new page: flow or not, and fit the column to its words."""
        self.set_flowing(self._should_flow())

    def fit_flowing_text(self) -> None:
        """In the scrolling column, the text is as tall as its words and the picture gets a
        comfortable fixed height."""
        if not self.flowing:
            return
        width = max(200, self.column.viewport().width())
        panel = round((760 if self.picture.analogy is not None else 420) * self._theme.scale)
        analogy = self.picture.analogy is not None
        if self.compact or not (self._portrait or analogy):
            # A short screen: a moving picture is seen whole (its words below it too). A short or
            # a wide one: a still picture leaves room for the first lines of text under it.
            share = 1.0 if analogy else 0.5 if self.compact else 0.6
            least = round(200 * self._theme.scale)
            panel = min(panel, max(round(self.column.viewport().height() * share), least))
        if self.picture.analogy is not None:
            self.picture.fit_width(width)
            panel = max(panel, self.picture.least_height(width))
        self.picture.setFixedHeight(panel if self.picture.isVisibleTo(self._page) else 0)
        document = self.text.document()
        document.setTextWidth(width - 2 * self.text.frameWidth())
        self.text.setFixedHeight(round(document.size().height()) + 2 * self.text.frameWidth() + 8)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and watched is self.column.viewport():
            self.fit_flowing_text()
        return False

    def set_stretch(self) -> None:
        """Picture and text share the page; an analogy, being played with, gets more room."""
        if self.picture.analogy is not None:
            picture, text = (1, 1) if self._portrait else (6, 5)
        else:
            picture, text = (2, 5) if self._portrait else (2, 3)
        self.setStretch(0, picture)
        self.setStretch(1, text)
