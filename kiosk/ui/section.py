"""A topic page: title, illustration, the page's text, and big buttons to move on.

The parts live in their own modules: the text (:mod:`.page_text`), the picture or
analogy (:mod:`.page_picture`), how those two share the room (:mod:`.page_body`), the
read-aloud bar (:mod:`.read_aloud_bar`) and the footer (:mod:`.page_footer`); this
module arranges them for the screen and text size.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.content.model import Language, Section
from kiosk.ui.analogies import AnalogyWidget
from kiosk.ui.page_body import PageBody
from kiosk.ui.page_footer import PageFooter
from kiosk.ui.page_heading import PageHeading, needs_compact
from kiosk.ui.page_picture import PicturePanel
from kiosk.ui.page_text import PageText
from kiosk.ui.read_aloud_bar import ReadAloudBar
from kiosk.ui.screen import Screen
from kiosk.ui.speech import ReadAloud
from kiosk.ui.theme import Theme
from kiosk.ui.trust import PageTrust
from kiosk.ui.widgets import SwipeDetector, enable_flick_scrolling, make_label

PREFETCH_AFTER_MS = 40
"""How long after a page is shown the next page's picture starts being drawn (after the
page itself is painted: the two never share the processor)."""


class SectionPage(Screen):
    """One topic page, reused for every topic.

    A page whose front matter names an analogy shows that interactive picture in
    place of its illustration.

    Signals:
        home_requested(): "Back to topics" was tapped.
        section_requested(str): a page was chosen (next, previous, swipe or link).
        checklist_requested(): "Next" on the last page was tapped.
        still_pictures_toggled(bool): "Stop movement" was switched on (True) or off.
    """

    home_requested = Signal()
    section_requested = Signal(str)
    checklist_requested = Signal()
    still_pictures_toggled = Signal(bool)

    def __init__(self, language: Language, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self._language = language
        self._section: Section | None = None

        outer = self.outer
        # Compact: on a screen too short for the heading, the page and the buttons one above
        # the other, the heading and the closing note (boxes of their own) scroll with the page.
        self.compact = False
        self.tools = ReadAloudBar(language, theme, self._spoken)
        self.tools.still_pictures_toggled.connect(self.still_pictures_toggled)
        self.tools.buttons_changed.connect(self._on_tools_changed)
        self.read_button, self.still_button = self.tools.read_button, self.tools.still_button
        self.header_box = PageHeading(self.tools, theme)
        self.title, self.position = self.header_box.title, self.header_box.position
        outer.addWidget(self.header_box)

        self.picture_panel = PicturePanel(language, theme)
        self.picture = self.picture_panel.picture
        self.text = PageText()
        self.text.page_link_clicked.connect(self.section_requested)
        enable_flick_scrolling(self.text)
        self.trust = PageTrust(language, theme)  # who checked it, its sources, "helpful?"
        self._body = PageBody(self, self.picture_panel, self.text, theme, trailer=self.trust)
        self.column = self._body.column
        outer.addLayout(self._body, 1)

        self.care_note = make_label("", "CareNote")
        self.note_box, self._note = note_box(self.care_note)
        outer.addWidget(self.note_box)

        self._footer = PageFooter()
        self.home_button, self.previous_button, self.next_button = self._footer.buttons
        self.home_button.clicked.connect(self.home_requested)
        self.previous_button.clicked.connect(self._on_previous_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        outer.addLayout(self._footer)

        self.swipes = SwipeDetector(self)
        self.swipes.watch(self.text)
        self.swipes.watch(self.column)
        self.swipes.watch(self.picture_panel)
        self.swipes.swiped.connect(self._on_swiped)

        self.set_language(language)
        self._arrange()
        self.apply_theme(theme)

    # -- read aloud and motion ----------------------------------------------------
    def attach_speech(self, speech: ReadAloud) -> None:
        """Let the read-aloud bar drive ``speech`` (made when a page first shows)."""
        self.tools.attach_speech(speech)

    def _spoken(self) -> tuple[str, str]:
        return self.spoken_text(), self._language.code

    @Slot()
    def _on_tools_changed(self) -> None:
        self._fit_height()
        self._flow_tools()

    def _flow_tools(self) -> None:
        # The heading's width: the page's, less the scroll bar when it scrolls with the page.
        scroll_bar = self.column.verticalScrollBar().sizeHint().width() if self.compact else 0
        self.header_box.flow_tools(self.room() - scroll_bar)

    def _fit_height(self) -> None:
        """Compact as :func:`wants_compact` says, decided when shown (before, its size may not be
        its screen's yet)."""
        if not self.isVisible() or (compact := wants_compact(self)) == self.compact:
            return
        self.compact = compact
        ends = (self.header_box, self.note_box)
        if compact:
            for box in ends:
                self.outer.removeWidget(box)
        self._body.set_compact(compact, ends)
        if not compact:
            self.outer.insertWidget(0, self.header_box)
            self.outer.insertWidget(2, self.note_box)  # under the picture and text
        self._flow_tools()

    def show_still_pictures(self, still: bool) -> None:
        self.tools.show_still_pictures(still)
        self.picture_panel.set_reduce_motion(still)

    # -- model --------------------------------------------------------------------
    @property
    def section(self) -> Section | None:
        return self._section

    @property
    def analogy(self) -> AnalogyWidget | None:
        """The analogy on the page, if it has one."""
        return self.picture_panel.analogy

    def set_language(self, language: Language) -> None:
        self._language = language
        self._footer.set_language(language)
        self.tools.set_language(language)
        self.care_note.setText(language.text("care_team_note"))
        self.picture_panel.set_language(language)
        self.trust.set_language(language)
        if self._section is not None:
            section = language.section(self._section.slug)
            if section is not None:
                self.show_section(section)

    def show_section(self, section: Section) -> None:
        self._section = section
        language = self._language
        index = language.index_of(section.slug) or 0
        self.title.setText(section.title)
        self.position.setText(language.text("page_position", number=index + 1, total=len(language.sections)))
        self.picture_panel.show_section(section)
        self.trust.show_page(section)
        self._body.set_stretch()
        self.text.show_section(section, self._theme.page_css())
        self._body.refit()
        self.column.verticalScrollBar().setValue(0)
        self._arrange_footer()
        self.previous_button.setEnabled(language.previous_section(section.slug) is not None)
        self.tools.set_still_offered(self.analogy is not None)
        if not self.tools.refresh():  # the tools are flowed again only when which of them show changed
            self._fit_height()  # (as then) a longer title may leave the words too little room
        # Once the page is on screen, the next page's picture is drawn in the background.
        QTimer.singleShot(PREFETCH_AFTER_MS, self, self._prefetch_next)

    @Slot()
    def _prefetch_next(self) -> None:
        following = self._language.next_section(self._section.slug) if self._section is not None else None
        if following is not None and self.isVisible():
            self.picture_panel.prefetch(following)

    def rehearse(self, section: Section, geometry: QRect) -> None:
        """Lay ``section`` out off screen at ``geometry`` (the screen's place in the window)
        and have its picture drawn in the background at the size it will show at, while the
        kiosk is idle and before any page has shown: the first page a visitor opens then finds
        its styles, its layout and its picture ready. Nothing is shown and nothing of a visit
        is touched. (Not ``render()``: drawing the hidden page that way left its flick
        scrolling without a target.)"""
        if self.isVisible() or self._section is not None:
            return
        self.setGeometry(geometry)
        self.show_section(section)
        self.ensurePolished()
        # A hidden widget's layout waits for it to show: lay out each level now, top down.
        for widget in (self, *self.findChildren(QWidget)):
            layout = widget.layout()
            if layout is not None:
                layout.invalidate()
                layout.activate()
        self.picture_panel.prefetch(section)

    def spoken_text(self) -> str:
        """What "Read aloud" says: the page's title, then its text."""
        if self._section is None:
            return ""
        parts = [self._section.title, self._section.text]
        return "\n".join(part for part in parts if part)

    # -- layout -------------------------------------------------------------------
    def _orientation_changed(self) -> None:
        self._arrange()
        self.apply_theme(self._theme)

    def _arrange(self) -> None:
        self._fit_height()
        self._body.arrange(self._portrait, self._theme)
        self._arrange_header()
        self._arrange_footer()

    def _arrange_header(self) -> None:
        self.header_box.arrange(self._portrait, self._theme)
        self._flow_tools()
        self._body.set_stretch()

    def _arrange_footer(self) -> None:
        texts = PageFooter.next_texts(self._language, self._section)
        self._footer.arrange(texts, self.room(), self._theme.px("gap"), self._portrait)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_height()
        self._flow_tools()
        self._arrange_footer()
        self._body.fit_flowing_text()

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        gap = theme.px("gap")
        self.outer.setSpacing(round(gap * 0.75))
        self._note.setSpacing(round(gap * 0.75))  # as when the note was part of the page's column
        self._body.setSpacing(round(gap * 1.5))
        self._footer.apply_theme(theme)
        self.tools.apply_theme(theme)
        self.picture_panel.apply_theme(theme)
        self.trust.apply_theme(theme)
        self.text.set_max_image_width(round(700 * theme.scale))
        if self._section is not None:
            self.text.show_section(self._section, theme.page_css())
        self._arrange()

    # -- taps ---------------------------------------------------------------------
    @Slot()
    def _on_next_clicked(self) -> None:
        if self._section is None:
            return
        following = self._language.next_section(self._section.slug)
        if following is None:
            self.checklist_requested.emit()
        else:
            self.section_requested.emit(following.slug)

    @Slot()
    def _on_previous_clicked(self) -> None:
        if self._section is None:
            return
        before = self._language.previous_section(self._section.slug)
        if before is not None:
            self.section_requested.emit(before.slug)

    @Slot(int)
    def _on_swiped(self, direction: int) -> None:
        if direction > 0:
            self._on_next_clicked()
        else:
            self._on_previous_clicked()


def note_box(care_note: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """The closing note under a divider, in a box of its own (it may scroll with the page)."""
    box = QWidget()
    box.setObjectName("PageFooter")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    divider = QFrame()
    divider.setObjectName("Divider")
    layout.addWidget(divider)
    layout.addWidget(care_note)
    return box, layout


def wants_compact(page: SectionPage) -> bool:
    """Whether :func:`needs_compact` wants ``page`` compact, measured as if it were not (the
    same answer either way, so it never flips back and forth)."""
    room = page.room()
    margins = page.outer.contentsMargins()
    available = page.height() - margins.top() - margins.bottom()
    body = (available - page.header_box.height_for(room) - page._note.totalHeightForWidth(room)
            - page._footer.sizeHint().height() - 3 * page.outer.spacing())
    text_lines = None
    if not page._body.flows_anyway():  # the text's own column also holds the page's end
        text = body * 5 // 7 if page.portrait else body
        text_lines = text - page.trust.height_for(room if page.portrait else room * 3 // 5)
    return needs_compact(available, body, text_lines, page._theme)
