"""A page's text: the safe-Markdown body of a content page, with only its own pictures."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from kiosk.content.model import Section
from kiosk.content.render import IMAGE_SCHEME, PAGE_SCHEME
from kiosk.ui.pictures import picture_store


class PageText(QTextBrowser):
    """Read-only page text. Loads only the pictures its page names; follows no link itself.

    Signals:
        page_link_clicked(str): a link to another page was tapped; carries its slug.
    """

    page_link_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PageText")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._section: Section | None = None
        self._max_image_width = 800
        self.anchorClicked.connect(self._on_anchor_clicked)

    def show_section(self, section: Section, css: str) -> None:
        self._section = section
        self.document().setDefaultStyleSheet(css)
        # Setting the text empties the page first: its scroll bar would go, the words be laid
        # out wider, and the bar come back with the new words, laid out again (and each time
        # a bar shows or hides, Qt asks the X server where the pointer is). A bar on screen
        # stays while the words change, and goes afterwards if they fit without it.
        policy = self.verticalScrollBarPolicy()
        keep = policy == Qt.ScrollBarPolicy.ScrollBarAsNeeded and self.verticalScrollBar().isVisibleTo(self)
        if keep:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHtml(section.html)
        if keep:
            self.setVerticalScrollBarPolicy(policy)
        self.verticalScrollBar().setValue(0)

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # noqa: N802 - Qt API
        """Only ``img:<n>`` pictures listed by the page are ever loaded; nothing else."""
        name = url.toString() if isinstance(url, QUrl) else str(url)
        if (kind != QTextDocument.ResourceType.ImageResource.value or self._section is None
                or not name.startswith(IMAGE_SCHEME)):
            return None
        path = self._section.images.get(name)
        if path is None:
            return None
        # Vetted bytes only (never the path: Qt would open whatever is there), drawn once at
        # the size shown: its own width, or the column's when it is wider.
        store = picture_store()
        info = store.info(path)
        if info is None:
            return None
        width = max(1, min(round(info.width), self._max_image_width))
        height = max(1, round(info.height * width / info.width))
        return store.image_now(path, QSize(width, height))

    def set_max_image_width(self, width: int) -> None:
        self._max_image_width = max(100, width)

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith(PAGE_SCHEME):
            self.page_link_clicked.emit(target[len(PAGE_SCHEME):])
