"""A topic page: title, illustration, the page's text, and big buttons to move on."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QImage, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Language, Section
from kiosk.content.render import IMAGE_SCHEME, PAGE_SCHEME
from kiosk.ui.analogies import ANALOGY_WIDGETS, AnalogyWidget
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import (
    Picture,
    SwipeDetector,
    enable_flick_scrolling,
    flow_buttons,
    make_button,
    make_scroll_area,
    set_button_text,
    style_button_icon,
)


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
        self.setHtml(section.html)
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
        image = QImage(str(path))
        if image.isNull():
            return None
        if image.width() > self._max_image_width:
            image = image.scaledToWidth(self._max_image_width, Qt.TransformationMode.SmoothTransformation)
        return image

    def set_max_image_width(self, width: int) -> None:
        self._max_image_width = max(100, width)

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith(PAGE_SCHEME):
            self.page_link_clicked.emit(target[len(PAGE_SCHEME):])


class SectionPage(QWidget):
    """One topic page, reused for every topic.

    A page whose front matter names an analogy shows that interactive picture in
    place of its illustration. Each analogy widget is made the first time a page
    needs it and reused; only the one on screen runs its animation.

    Signals:
        home_requested(): "Back to topics" was tapped.
        section_requested(str): a page was chosen (next, previous, swipe or link).
        checklist_requested(): "Next" on the last page was tapped.
        read_aloud_requested(), read_pause_requested(), read_resume_requested(),
        read_stop_requested(): the read-aloud buttons were tapped.
        still_pictures_toggled(bool): "Stop movement" was switched on (True) or off.
    """

    home_requested = Signal()
    section_requested = Signal(str)
    checklist_requested = Signal()
    read_aloud_requested = Signal()
    read_pause_requested = Signal()
    read_resume_requested = Signal()
    read_stop_requested = Signal()
    still_pictures_toggled = Signal(bool)

    def __init__(self, language: Language, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Screen")
        self._language = language
        self._theme = theme
        self._section: Section | None = None
        self._portrait = False
        self._reduce_motion = False
        self._analogies: dict[str, AnalogyWidget] = {}
        self.analogy: AnalogyWidget | None = None

        outer = QVBoxLayout(self)
        self._outer = outer
        header = QGridLayout()
        self._header = header
        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.position = QLabel()
        self.position.setObjectName("PagePosition")
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tools = QWidget()
        tools = QGridLayout(self.tools)
        tools.setContentsMargins(0, 0, 0, 0)
        tools.setSpacing(12)
        self._tools = tools
        self.read_button = make_button("", "secondary", "speaker")
        self.pause_button = make_button("", "secondary", "pause")
        self.stop_button = make_button("", "secondary", "stop")
        self.still_button = make_button("", "secondary", "pause")
        self.still_button.setCheckable(True)
        self.read_button.clicked.connect(self.read_aloud_requested)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.stop_button.clicked.connect(self.read_stop_requested)
        self.still_button.toggled.connect(self.still_pictures_toggled)
        self.still_button.toggled.connect(self._on_still_toggled)
        self._reading = "idle"
        self.speech_available = False
        self.speech_can_pause = True
        for button in (self.still_button, self.read_button, self.pause_button, self.stop_button):
            button.hide()
        outer.addLayout(header)

        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.picture_panel = QWidget()
        self.picture_panel.setObjectName("PicturePanel")
        self.picture_panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        panel_layout = QVBoxLayout(self.picture_panel)
        self._panel_layout = panel_layout
        self.picture = Picture()
        self.picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        panel_layout.addWidget(self.picture, 1)
        self.text = PageText()
        self.text.page_link_clicked.connect(self.section_requested)
        enable_flick_scrolling(self.text)
        self._body.addWidget(self.picture_panel, 2)
        self._body.addWidget(self.text, 3)
        # With large text, picture and text become one column that scrolls as a whole.
        column_host = QWidget()
        column_host.setObjectName("TileGrid")
        self._column_layout = QVBoxLayout(column_host)
        self._column_layout.setContentsMargins(0, 0, 0, 0)
        self.column = make_scroll_area(column_host)
        self.column.setObjectName("PageColumn")
        self.column.hide()
        self.flowing = False
        outer.addLayout(self._body, 1)

        self.care_note = QLabel()
        self.care_note.setObjectName("CareNote")
        self.care_note.setWordWrap(True)
        self.care_note.setTextFormat(Qt.TextFormat.PlainText)
        divider = QFrame()
        divider.setObjectName("Divider")
        outer.addWidget(divider)
        outer.addWidget(self.care_note)

        self.home_button = make_button("", "secondary", "home")
        self.previous_button = make_button("", "secondary", "arrow-left")
        self.next_button = make_button("", "primary", "arrow-right", icon_after=True)
        self.home_button.clicked.connect(self.home_requested)
        self.previous_button.clicked.connect(self._on_previous_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self._footer = QGridLayout()
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
    def show_reading_state(self, state: str) -> None:
        """``idle``, ``speaking`` or ``paused``: which read-aloud buttons to offer."""
        self._reading = state
        language = self._language
        paused = state == "paused"
        set_button_text(self.pause_button, language.text("read_resume" if paused else "read_pause"))
        self.pause_button.setProperty("icon_name", "play" if state == "paused" else "pause")
        style_button_icon(self.pause_button, self._theme)
        self.read_button.setVisible(self.speech_available and state == "idle")
        self.pause_button.setVisible(self.speech_available and self.speech_can_pause and state != "idle")
        self.stop_button.setVisible(self.speech_available and state != "idle")
        self._flow_tools()

    def _flow_tools(self) -> None:
        """The page's tools side by side when they fit, else one per row."""
        buttons = [self.read_button, self.pause_button, self.stop_button, self.still_button]
        room = self.width() - 2 * self._theme.px("margin") if self.width() > 0 else 1 << 20
        if self._header.indexOf(self.tools) >= 0 and not self._portrait and self._theme.text_scale <= 1.2:
            room //= 2  # sharing the row with the title
        flow_buttons(self._tools, buttons, room, 12)
        self.tools.setVisible(any(not b.isHidden() for b in buttons))

    def show_still_pictures(self, still: bool) -> None:
        self.still_button.blockSignals(True)
        self.still_button.setChecked(still)
        self.still_button.blockSignals(False)
        style_button_icon(self.still_button, self._theme)
        self.set_reduce_motion(still)

    @Slot(bool)
    def _on_still_toggled(self, still: bool) -> None:
        del still
        style_button_icon(self.still_button, self._theme)

    @Slot()
    def _on_pause_clicked(self) -> None:
        if self._reading == "paused":
            self.read_resume_requested.emit()
        else:
            self.read_pause_requested.emit()

    # -- model --------------------------------------------------------------------
    @property
    def section(self) -> Section | None:
        return self._section

    def set_language(self, language: Language) -> None:
        self._language = language
        set_button_text(self.home_button, language.text("back_to_topics"))
        set_button_text(self.previous_button, language.text("previous_page"))
        set_button_text(self.read_button, language.text("read_aloud"))
        set_button_text(self.stop_button, language.text("read_stop"))
        set_button_text(self.still_button, language.text("still_pictures"))
        self.care_note.setText(language.text("care_team_note"))
        for analogy in self._analogies.values():
            analogy.set_language(language)
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
        self.picture.set_picture(section.illustration, section.illustration_alt)
        self._show_analogy(section.analogy)
        self.picture.setVisible(self.analogy is None)
        self.picture_panel.setVisible(self.analogy is not None or self.picture.has_picture())
        self._set_stretch()
        self.text.show_section(section, self._theme.page_css())
        self._set_flowing(self._should_flow())
        self.column.verticalScrollBar().setValue(0)
        self._arrange_footer()
        self.previous_button.setEnabled(language.previous_section(section.slug) is not None)
        self.still_button.setVisible(self.analogy is not None)
        self.show_reading_state(self._reading)

    def spoken_text(self) -> str:
        """What "Read aloud" says: the title, the text, and what the picture shows."""
        if self._section is None:
            return ""
        parts = [self._section.title, self._section.text]
        return "\n".join(part for part in parts if part)

    def analogy_widget(self, kind: str) -> AnalogyWidget | None:
        """The analogy widget ``kind`` if a page has needed it yet."""
        return self._analogies.get(kind)

    def set_reduce_motion(self, reduce: bool) -> None:
        """Stop the analogies' motion: their changes then show the end state at once."""
        self._reduce_motion = reduce
        for analogy in self._analogies.values():
            analogy.set_reduce_motion(reduce)

    def _show_analogy(self, kind: str | None) -> None:
        widget = None
        if kind in ANALOGY_WIDGETS:
            widget = self._analogies.get(kind)
            if widget is None:
                widget = ANALOGY_WIDGETS[kind](self._language, self._theme)
                widget.set_reduce_motion(self._reduce_motion)
                widget.hide()
                self._panel_layout.addWidget(widget, 1)
                self._analogies[kind] = widget
        for other in self._analogies.values():
            if other is not widget:
                other.hide()
        if widget is not None:
            widget.show()
        self.analogy = widget

    # -- layout -------------------------------------------------------------------
    def set_portrait(self, portrait: bool) -> None:
        if portrait != self._portrait:
            self._portrait = portrait
            self._arrange()
            self.apply_theme(self._theme)

    def _arrange(self) -> None:
        self._body.setDirection(QBoxLayout.Direction.TopToBottom if self._portrait
                                else QBoxLayout.Direction.LeftToRight)
        self._set_flowing(self._should_flow())
        self._arrange_header()
        self._arrange_footer()

    def _should_flow(self) -> bool:
        """One scrolling column for large text, and for a moving picture on a tall screen
        (where sharing the height would leave the text two lines)."""
        return self._theme.text_scale >= 1.4 or (self._portrait and self.analogy is not None)

    def _set_flowing(self, flowing: bool) -> None:
        """Large text: the picture (or moving picture) and the text in one scrolling
        column, so that neither is squeezed; otherwise side by side (or stacked in
        portrait), the text scrolling on its own."""
        if flowing == self.flowing:
            self._fit_flowing_text()
            return
        self.flowing = flowing
        for widget in (self.picture_panel, self.text):
            self._body.removeWidget(widget)
            self._column_layout.removeWidget(widget)
        self._body.removeWidget(self.column)
        if flowing:
            self._column_layout.addWidget(self.picture_panel)
            self._column_layout.addWidget(self.text)
            self._column_layout.addStretch(1)
            self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self._body.addWidget(self.column, 1)
            self.column.show()
        else:
            while self._column_layout.count():
                self._column_layout.takeAt(0)
            self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.text.setMinimumHeight(0)
            self.text.setMaximumHeight(16_777_215)
            self.picture_panel.setMinimumHeight(0)
            self.picture_panel.setMaximumHeight(16_777_215)
            self.column.hide()
            self._body.addWidget(self.picture_panel, 2)
            self._body.addWidget(self.text, 3)
        self._set_stretch()
        self._fit_flowing_text()

    def _fit_flowing_text(self) -> None:
        """In the scrolling column, the text is as tall as its words and the picture gets a
        comfortable fixed height."""
        if not self.flowing:
            return
        width = max(200, self.column.viewport().width())
        panel = round((760 if self.analogy is not None else 420) * self._theme.scale)
        self.picture_panel.setFixedHeight(panel if self.picture_panel.isVisibleTo(self) else 0)
        document = self.text.document()
        document.setTextWidth(width - 2 * self.text.frameWidth())
        self.text.setFixedHeight(round(document.size().height()) + 2 * self.text.frameWidth() + 8)

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
        self._set_stretch()

    def _next_texts(self) -> list[str]:
        """What "Next" may say, longest first: the next page's title, then its short tile label."""
        language = self._language
        if self._section is None:
            return [language.text("next_page", title="")]
        following = language.next_section(self._section.slug)
        titles = [following.title, following.tile] if following else [language.text("checklist_tile")]
        texts = [language.text("next_page", title=title) for title in titles] + [language.text("next_short")]
        return list(dict.fromkeys(texts))

    def _arrange_footer(self) -> None:
        """One row when the buttons fit side by side (landscape), else Back and Previous
        above a full-width Next, else one button per row; "Next" falls back to the short
        tile label when the title does not fit. Words are never cut."""
        buttons = (self.home_button, self.previous_button, self.next_button)
        for button in buttons:
            self._footer.removeWidget(button)
        gap = self._theme.px("gap")
        room = self.width() - 2 * self._theme.px("margin") if self.width() > 0 else 1 << 20
        texts = self._next_texts()
        back, previous = (b.sizeHint().width() for b in buttons[:2])

        def needed(text: str) -> int:
            set_button_text(self.next_button, text)
            return self.next_button.sizeHint().width()

        layout = "three"
        for text in texts:
            if not self._portrait and back + previous + needed(text) + 2 * gap <= room:
                layout = "row"
                break
        else:
            for text in texts:
                if back + previous + gap <= room and needed(text) <= room:
                    layout = "two"
                    break
            else:
                needed(texts[-1])
        if layout == "row":
            for column, button in enumerate(buttons):
                self._footer.addWidget(button, 0, column)
            stretches = (0, 0, 1)
        elif layout == "two":
            self._footer.addWidget(self.home_button, 0, 0)
            self._footer.addWidget(self.previous_button, 0, 1)
            self._footer.addWidget(self.next_button, 1, 0, 1, 2)
            stretches = (back, previous, 0)
        else:
            for row, button in enumerate(buttons):
                self._footer.addWidget(button, row, 0, 1, 2)
            stretches = (1, 1, 0)
        for column, stretch in enumerate(stretches):
            self._footer.setColumnStretch(column, stretch)
        self.footer_layout = layout

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._flow_tools()
        self._arrange_footer()
        self._fit_flowing_text()

    def _set_stretch(self) -> None:
        """Picture and text share the page; an analogy, being played with, gets more room."""
        if self.analogy is not None:
            picture, text = (1, 1) if self._portrait else (6, 5)
        else:
            picture, text = (2, 5) if self._portrait else (2, 3)
        self._body.setStretch(0, picture)
        self._body.setStretch(1, text)

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        margin = theme.px("margin")
        gap = theme.px("gap")
        self._outer.setContentsMargins(margin, round(margin * 0.5), margin, round(margin * 0.75))
        self._outer.setSpacing(round(gap * 0.75))
        self._body.setSpacing(round(gap * 1.5))
        self._footer.setSpacing(gap)
        pad = theme.px("gap")
        self._panel_layout.setContentsMargins(pad, pad, pad, pad)
        for button in (self.home_button, self.previous_button, self.next_button, self.read_button,
                       self.pause_button, self.stop_button, self.still_button):
            style_button_icon(button, theme)
        for analogy in self._analogies.values():
            analogy.apply_theme(theme)
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
