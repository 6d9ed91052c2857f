"""Trusted information on screen: the end of every page (who checked it, where its
information comes from, "Was this page helpful?"), the sources screen, and the
"About this kiosk" note. Every word comes from content and is shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.model import Language, Section
from kiosk.ui.screen import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import (
    flow_buttons,
    make_button,
    make_label,
    make_scroll_area,
    set_button_text,
    style_button_icon,
    wrap_button_text,
)


def checked_line(language: Language, section: Section) -> str:
    """ "Checked by Dr A. Name, pain medicine, on 3 March 2026." or "Not yet checked by this clinic." """
    if section.sign_off is None:
        return language.text("page_not_checked")
    sign_off = section.sign_off
    return language.text("page_checked", name=sign_off.by, date=language.format_date(sign_off.on))


class PageTrust(QWidget):
    """The end of a page: one quiet line saying who checked it, a "Where this information
    comes from" button, and "Was this page helpful?" with Yes and No (one answer per page
    per visit, then a thank-you).

    Signals:
        sources_requested(): "Where this information comes from" was tapped.
        helpful_answered(bool): Yes (True) or No (False) was tapped.
    """

    sources_requested = Signal()
    helpful_answered = Signal(bool)

    def __init__(self, language: Language, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PageTrust")
        self._language = language
        self._theme = theme
        self._section: Section | None = None
        self._answer: bool | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._outer = outer
        self.checked = make_label("", "PageChecked")
        outer.addWidget(self.checked)
        self.question = make_label("", "HelpfulQuestion")
        self.thanks = make_label("", "HelpfulThanks")
        self.thanks.hide()
        self.yes_button = make_button("", "secondary")
        self.no_button = make_button("", "secondary")
        self.sources_button = make_button("", "secondary", "info")
        self.yes_button.clicked.connect(self._on_yes_clicked)
        self.no_button.clicked.connect(self._on_no_clicked)
        self.sources_button.clicked.connect(self.sources_requested)
        self._row = QGridLayout()
        # The question and its answers in one row, or the question above them when narrow.
        self._answers = QGridLayout()
        self._answers_stacked: bool | None = None
        self._row_beside: bool | None = None  # the sources button beside the answers
        outer.addLayout(self._row)
        self._answers_host = QWidget()
        self._answers_host.setLayout(self._answers)
        self._answers.setContentsMargins(0, 0, 0, 0)
        self.set_language(language)
        self.apply_theme(theme)

    def set_language(self, language: Language) -> None:
        self._language = language
        self.question.setText(language.text("helpful_question"))
        self.thanks.setText(language.text("helpful_thanks"))
        set_button_text(self.yes_button, language.text("helpful_yes"))
        set_button_text(self.no_button, language.text("helpful_no"))
        if self._section is not None:
            self.checked.setText(checked_line(language, self._section))
        self._flow()

    def show_page(self, section: Section) -> None:
        """The end of ``section``. The same page again (in another language, after a reload)
        keeps its answer; another page asks again (:meth:`show_answer` sets a visitor's
        earlier answer)."""
        same = self._section is not None and self._section.slug == section.slug
        self._section = section
        self.checked.setText(checked_line(self._language, section))
        self.show_answer(self._answer if same else None)

    def show_answer(self, answer: bool | None) -> None:
        """No answer yet: the question and its buttons; answered: the thank-you."""
        was_answered = self.answered
        self._answer = answer
        answered = answer is not None
        self.question.setVisible(not answered)
        self.yes_button.setVisible(not answered)
        self.no_button.setVisible(not answered)
        self.thanks.setVisible(answered)
        if answered != was_answered:  # else the same words and buttons, laid out as they are
            self._flow()

    @property
    def answered(self) -> bool:
        return self._answer is not None

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        gap = theme.px("gap")
        self._outer.setSpacing(round(gap * 0.5))
        self._answers.setHorizontalSpacing(round(gap * 0.75))
        self._answers.setVerticalSpacing(round(gap * 0.5))
        self._answers_stacked = self._row_beside = None
        self._row.setHorizontalSpacing(gap)
        self._row.setVerticalSpacing(round(gap * 0.5))
        style_button_icon(self.sources_button, theme)
        self._flow()

    def _flow(self) -> None:
        """The answers and the sources button side by side when they fit, else one above the
        other; words are never cut."""
        room = self.width() if self.width() > 0 else 1 << 20
        gap = self._theme.px("gap")
        words = self.thanks if self.answered else self.question
        words.ensurePolished()
        answers = words.fontMetrics().horizontalAdvance(words.text()) + 8
        if not self.answered:
            answers += self.yes_button.sizeHint().width() + self.no_button.sizeHint().width() + 2 * gap
        self._stack_answers(answers > room)
        # On one line when it fits, else its words wrap (never cut).
        wrap_button_text(self.sources_button, self._language.text("sources_button"), room)
        beside = answers + gap + self.sources_button.sizeHint().width() <= room
        if beside == self._row_beside:
            return  # placed as they are: a new width alone (a page turn) asks no new layout
        self._row_beside = beside
        for widget in (self._answers_host, self.sources_button):
            self._row.removeWidget(widget)
        if beside:
            self._row.addWidget(self._answers_host, 0, 0)
            self._row.addWidget(self.sources_button, 0, 1)
            self._row.setColumnStretch(0, 1)
        else:
            self._row.addWidget(self._answers_host, 0, 0, 1, 2)
            self._row.addWidget(self.sources_button, 1, 0, 1, 2)
            self._row.setColumnStretch(0, 1)

    def height_for(self, width: int) -> int:
        """About how tall the end of the page is at ``width`` pixels, whatever its arrangement
        now: the answers above the sources button."""
        button = self.yes_button.sizeHint().height()
        words = self.question.fontMetrics().horizontalAdvance(self.question.text()) + 8
        beside = words + self.yes_button.sizeHint().width() + self.no_button.sizeHint().width()
        answers = button
        if beside + 2 * self._theme.px("gap") > width:
            answers += self.question.heightForWidth(width) + self._answers.verticalSpacing()
        return (self.checked.heightForWidth(width) + self._outer.spacing() + answers
                + self._row.verticalSpacing() + button)

    def _stack_answers(self, stacked: bool) -> None:
        """The question beside Yes and No (False) or above them (True)."""
        if stacked == self._answers_stacked:
            return
        self._answers_stacked = stacked
        widgets = (self.question, self.thanks, self.yes_button, self.no_button)
        for widget in widgets:
            self._answers.removeWidget(widget)
        for column in range(4):
            self._answers.setColumnStretch(column, 0)
        if stacked:
            self._answers.addWidget(self.question, 0, 0, 1, 3)
            self._answers.addWidget(self.thanks, 1, 0, 1, 3)
            self._answers.addWidget(self.yes_button, 2, 0)
            self._answers.addWidget(self.no_button, 2, 1)
            self._answers.setColumnStretch(2, 1)
        else:
            self._answers.addWidget(self.question, 0, 0)
            self._answers.addWidget(self.thanks, 0, 0)
            self._answers.addWidget(self.yes_button, 0, 1)
            self._answers.addWidget(self.no_button, 0, 2)
            self._answers.setColumnStretch(3, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._flow()

    @Slot()
    def _on_yes_clicked(self) -> None:
        self.helpful_answered.emit(True)

    @Slot()
    def _on_no_clicked(self) -> None:
        self.helpful_answered.emit(False)


class _NoteScreen(Screen):
    """A title, words that scroll, and one button at the bottom."""

    def __init__(self, theme: Theme, icon: str, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        outer = self.outer
        self.title = make_label("", "PageTitle")
        outer.addWidget(self.title)
        host = QWidget()
        host.setObjectName("TileGrid")
        self._words = QVBoxLayout(host)
        self._words.setContentsMargins(0, 0, 0, 0)
        # A stretch under the words keeps them at the top. (Aligning the layout itself gave
        # it its size hint's width: a word wider than that was cut on a narrow screen.)
        self._words.addStretch(1)
        self.words_area = make_scroll_area(host)
        outer.addWidget(self.words_area, 1)
        self._footer = QGridLayout()
        self.back_button = make_button("", "primary", icon)
        outer.addLayout(self._footer)
        self._labels: list[QLabel] = []

    def _set_words(self, paragraphs: list[tuple[str, str]]) -> None:
        """(text, style name) per paragraph, replacing what was there."""
        for label in self._labels:
            self._words.removeWidget(label)
            label.hide()
            label.setParent(None)
        self._labels = [make_label(text, name) for text, name in paragraphs if text]
        for index, label in enumerate(self._labels):
            self._words.insertWidget(index, label)  # above the stretch
            label.show()
        self.words_area.verticalScrollBar().setValue(0)

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        gap = theme.px("gap")
        self.outer.setSpacing(gap)
        self._words.setSpacing(gap)
        style_button_icon(self.back_button, theme)
        self._flow_footer()

    def _flow_footer(self) -> None:
        flow_buttons(self._footer, [self.back_button], self.room(), self._theme.px("gap"))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._flow_footer()


class SourcesScreen(_NoteScreen):
    """Where a page's information comes from: its sources as plain text (nothing is ever
    opened), and who checked it.

    Signals:
        back_requested(): "Back to the page" was tapped.
    """

    back_requested = Signal()

    def __init__(self, language: Language, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, "arrow-left", parent)
        self._language = language
        self._section: Section | None = None
        self.back_button.clicked.connect(self.back_requested)
        self.set_language(language)
        self.apply_theme(theme)

    @property
    def section(self) -> Section | None:
        return self._section

    def set_language(self, language: Language) -> None:
        self._language = language
        self.title.setText(language.text("sources_title"))
        set_button_text(self.back_button, language.text("back_to_page"))
        if self._section is not None:
            section = language.section(self._section.slug)
            self.show_sources(section or self._section)

    def show_sources(self, section: Section) -> None:
        self._section = section
        language = self._language
        paragraphs = [(section.title, "SourcesPage")]
        if section.sources:
            paragraphs.append((language.text("sources_intro"), "ScreenIntro"))
            paragraphs += [(f"\u2022 {source}", "SourceItem") for source in section.sources]
        else:
            paragraphs.append((language.text("sources_none"), "ScreenIntro"))
        paragraphs.append((checked_line(language, section), "PageChecked"))
        paragraphs.append((language.text("care_team_note"), "CareNote"))
        self._set_words(paragraphs)


class AboutScreen(_NoteScreen):
    """"About this kiosk": what it keeps (anonymous daily counts, or nothing when counting
    is off) and what it never keeps.

    Signals:
        home_requested(): "Back to topics" was tapped.
    """

    home_requested = Signal()

    def __init__(self, language: Language, theme: Theme, counting: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(theme, "home", parent)
        self.counting = counting
        self._language = language
        self.back_button.clicked.connect(self.home_requested)
        self.set_language(language)
        self.apply_theme(theme)

    def set_counting(self, counting: bool) -> None:
        """Say that the kiosk keeps daily counts (True) or nothing at all."""
        self.counting = counting
        self.set_language(self._language)

    def set_language(self, language: Language) -> None:
        self._language = language
        self.title.setText(language.text("about_title"))
        set_button_text(self.back_button, language.text("back_to_topics"))
        keeps = language.text("about_keeps" if self.counting else "about_keeps_nothing")
        self._set_words([(keeps, "AboutText"), (language.text("about_never"), "AboutText"),
                         (language.text("about_sources"), "AboutText"),
                         (language.text("care_team_note"), "CareNote")])
