"""A topic page: title, illustration, the page's text, and big buttons to move on.

The parts live in their own modules: the text (:mod:`.page_text`), the picture or
analogy (:mod:`.page_picture`), how those two share the room (:mod:`.page_body`), the
read-aloud bar (:mod:`.read_aloud_bar`) and the footer (:mod:`.page_footer`); this
module arranges them for the screen and text size.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QWidget

from kiosk.content.model import Language, Section
from kiosk.ui.analogies import AnalogyWidget
from kiosk.ui.page_body import PageBody
from kiosk.ui.page_footer import PageFooter
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
        header = QGridLayout()
        self._header = header
        self.title = make_label("", "PageTitle")
        self.position = make_label("", "PagePosition", wrap=False)
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tools = ReadAloudBar(language, theme, self._spoken)
        self.tools.still_pictures_toggled.connect(self.still_pictures_toggled)
        self.tools.buttons_changed.connect(self._flow_tools)
        self.read_button, self.still_button = self.tools.read_button, self.tools.still_button
        outer.addLayout(header)

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
        divider = QFrame()
        divider.setObjectName("Divider")
        outer.addWidget(divider)
        outer.addWidget(self.care_note)

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
    def _flow_tools(self) -> None:
        """The page's tools side by side when they fit, else one per row."""
        room = self.room()
        if self._header.indexOf(self.tools) >= 0 and not self._portrait and self._theme.text_scale <= 1.2:
            room //= 2  # sharing the row with the title
        self.tools.flow(room)

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
        self.tools.refresh()
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
        self._body.arrange(self._portrait, self._theme)
        self._arrange_header()
        self._arrange_footer()

    def _arrange_header(self) -> None:
        """Title, page number and the page's tools (read aloud, stop movement) in one row
        on a wide screen with normal text; otherwise the tools get a row of their own."""
        for widget in (self.title, self.tools, self.position):
            self._header.removeWidget(widget)
        if not self._portrait and self._theme.text_scale <= 1.2:
            self._header.addWidget(self.title, 0, 0)
            self._header.addWidget(self.tools, 0, 1)
            self._header.addWidget(self.position, 0, 2)
            self._header.setColumnStretch(0, 1)
            self._header.setColumnStretch(1, 0)
        else:
            self._header.addWidget(self.title, 0, 0)
            self._header.addWidget(self.position, 0, 1)
            self._header.addWidget(self.tools, 1, 0, 1, 2)
            self._header.setColumnStretch(0, 1)
            self._header.setColumnStretch(1, 0)
        self._header.setHorizontalSpacing(self._theme.px("gap"))
        self._flow_tools()
        self._body.set_stretch()

    def _arrange_footer(self) -> None:
        texts = PageFooter.next_texts(self._language, self._section)
        self._footer.arrange(texts, self.room(), self._theme.px("gap"), self._portrait)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._flow_tools()
        self._arrange_footer()
        self._body.fit_flowing_text()

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        gap = theme.px("gap")
        self.outer.setSpacing(round(gap * 0.75))
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
