"""The top of a page: its title, its number ("Page 2 of 13") and its tools (read aloud, stop
movement), arranged for the screen; and whether the page must go compact on a short screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.ui.read_aloud_bar import ReadAloudBar
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_label

COMPACT_SHARE = 0.45
"""The least share of a page's height its picture and text get before the page goes compact."""
COMPACT_LINES = 6
"""The fewest lines of a page's text shown beside its picture before the page goes compact."""


class PageHeading(QWidget):
    """Title, page number and tools in one row on a wide screen with normal text; otherwise
    the tools get a row of their own under the title. One box, so that on a short screen it
    can scroll with the page (see :func:`needs_compact`)."""

    def __init__(self, tools: ReadAloudBar, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PageHeader")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._theme = theme
        self._portrait = False
        self.title = make_label("", "PageTitle")
        self.position = make_label("", "PagePosition", wrap=False)
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tools = tools

    @property
    def beside(self) -> bool:
        """The title and the tools in one row: a wide screen with normal text."""
        return not self._portrait and self._theme.text_scale <= 1.2

    def arrange(self, portrait: bool, theme: Theme) -> None:
        """Lay the heading out for the orientation and ``theme`` (then :meth:`flow_tools`)."""
        self._portrait = portrait
        self._theme = theme
        grid = self._grid
        for widget in (self.title, self.tools, self.position):
            grid.removeWidget(widget)
        grid.addWidget(self.title, 0, 0)
        if self.beside:
            grid.addWidget(self.tools, 0, 1)
            grid.addWidget(self.position, 0, 2)
        else:
            grid.addWidget(self.position, 0, 1)
            grid.addWidget(self.tools, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 0)
        grid.setHorizontalSpacing(theme.px("gap"))
        grid.setVerticalSpacing(round(theme.px("gap") * 0.75))  # as the page's own column

    def flow_tools(self, room: int) -> None:
        """The page's tools side by side when they fit, else one per row."""
        self.tools.flow(room // 2 if self.beside else room)  # half: sharing the row with the title

    def height_for(self, room: int) -> int:
        """How tall the heading is ``room`` pixels wide (nothing is moved)."""
        spacing = self._grid.horizontalSpacing()
        title_room = room - self.position.sizeHint().width() - spacing
        tools_width, tools = self.tools.size_for(room // 2 if self.beside else room)
        if self.beside and tools:
            title_room -= min(room // 2, tools_width) + spacing
        title = self.title.heightForWidth(max(1, title_room))
        if self.beside:
            return max(title, tools)
        return title + (tools + self._grid.verticalSpacing() if tools else 0)


def needs_compact(available: int, body: int, text_lines: int | None, theme: Theme) -> bool:
    """Whether a page ``available`` pixels tall goes compact when its picture and text would
    get ``body`` pixels of it, and its text (beside or under the picture, after the page's end)
    ``text_lines`` pixels (None: the page flows in one column anyway). Compact when the body
    gets less than COMPACT_SHARE of the height, or the text fewer than COMPACT_LINES lines."""
    if text_lines is not None and text_lines < COMPACT_LINES * theme.px("text_body") * 1.5:
        return True
    return body < COMPACT_SHARE * available
