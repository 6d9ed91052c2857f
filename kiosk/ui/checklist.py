"""The symptom checklist: tap a statement to tick it; then see questions to ask.

It never scores and never concludes anything: it only suggests questions.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
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

from kiosk.content.model import Checklist, ChecklistItem, Language
from kiosk.ui.screen import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import (
    flow_buttons,
    make_button,
    make_label,
    make_scroll_area,
    set_button_text,
    style_button_icon,
)


class CheckRow(QPushButton):
    """One statement, tapped to tick or untick. Ticked shows a ticked box and a bold
    outline (not colour alone)."""

    def __init__(self, item: ChecklistItem, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("CheckRow")
        self.setCheckable(True)
        self.setAccessibleName(item.text)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 14, 24, 14)
        layout.setSpacing(20)
        self.box = make_label("", "CheckBox", wrap=False)
        self.box.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.words = make_label(item.text, "CheckRowText")
        self.words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.words, 1)
        self._theme = theme
        self.toggled.connect(self._on_toggled)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.setMinimumHeight(theme.px("touch"))
        self._draw_box()

    def _draw_box(self) -> None:
        size = round(self._theme.px("icon") * 1.2)
        icon = self._theme.icon("box-checked" if self.isChecked() else "box-empty", "action", size)
        self.box.setPixmap(icon.pixmap(QSize(size, size)))
        self.box.setFixedSize(size, size)
        if self.words.property("ticked") != self.isChecked():
            self.words.setProperty("ticked", self.isChecked())
            self.words.style().unpolish(self.words)
            self.words.style().polish(self.words)

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        del checked
        self._draw_box()

    # A button whose words wrap: its height follows its width.
    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        layout = self.layout()
        needed = layout.totalHeightForWidth(width) if layout else 0
        return max(self.minimumHeight(), needed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        layout = self.layout()
        hint = layout.totalSizeHint() if layout else QSize(400, 80)
        return QSize(hint.width(), max(hint.height(), self.minimumHeight()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(200, self.minimumHeight())


class ChecklistScreen(Screen):
    """Signals:
        item_toggled(str, bool): the visitor ticked (True) or unticked (False) an item.
        questions_requested(): "Show my questions" was tapped.
        home_requested(): "Back to topics" was tapped.
    """

    item_toggled = Signal(str, bool)
    questions_requested = Signal()
    home_requested = Signal()

    def __init__(self, language: Language, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.rows: list[CheckRow] = []
        self._built: Checklist | None = None
        self._headings: list[QLabel] = []
        outer = self.outer
        self.title = make_label("", "PageTitle")
        self.intro = make_label("", "ScreenIntro")
        outer.addWidget(self.title)
        outer.addWidget(self.intro)

        self._host = QWidget()
        self._host.setObjectName("TileGrid")
        columns = QHBoxLayout(self._host)
        columns.setContentsMargins(0, 0, 0, 0)
        self._host_layout = columns
        self._column_hosts: list[QWidget] = []
        self._columns: list[QVBoxLayout] = []
        for _ in range(2):
            host = QWidget()
            column = QVBoxLayout(host)
            column.setContentsMargins(0, 0, 0, 0)
            column.addStretch(1)
            columns.addWidget(host, 1)
            self._column_hosts.append(host)
            self._columns.append(column)
        # What scrolls: the statements, and on a short screen the intro above them too.
        scrolled = QWidget()
        scrolled.setObjectName("TileGrid")
        self._scrolled = QVBoxLayout(scrolled)
        self._scrolled.setContentsMargins(0, 0, 0, 0)
        self._scrolled.addWidget(self._host)
        self.scroll_when_short(self.intro, self._scrolled)  # on a short screen
        self.items_scroll = make_scroll_area(scrolled)
        outer.addWidget(self.items_scroll, 1)

        self._footer = QGridLayout()
        self.home_button = make_button("", "secondary", "home")
        self.show_button = make_button("", "primary", "arrow-right", icon_after=True)
        self.home_button.clicked.connect(self.home_requested)
        self.show_button.clicked.connect(self.questions_requested)
        outer.addLayout(self._footer)
        self.set_language(language)
        self.apply_theme(theme)

    def set_language(self, language: Language) -> None:
        set_button_text(self.home_button, language.text("back_to_topics"))
        set_button_text(self.show_button, language.text("checklist_show"))
        checklist = language.checklist
        self.title.setText(checklist.title if checklist else language.text("checklist_tile"))
        self.intro.setText(checklist.intro if checklist else "")
        self._build(checklist)

    def _build(self, checklist: Checklist | None) -> None:
        if checklist is not None and checklist == self._built:
            return  # the same checklist (a reload that changed only pages): keep the rows and ticks
        self._built = checklist
        ticked = self.ticked()
        for widget in [*self.rows, *self._headings]:
            widget.hide()
            widget.setParent(None)
        self.rows, self._headings = [], []
        if checklist is None:
            return
        self._groups: list[tuple[QLabel, list[CheckRow]]] = []
        for group in checklist.groups:
            heading = make_label(group.heading, "GroupHeading")
            self._headings.append(heading)
            rows = []
            for item in group.items:
                row = CheckRow(item, self._theme)
                row.setChecked(item.id in ticked)
                row.toggled.connect(self._on_row_toggled)
                rows.append(row)
            self.rows += rows
            self._groups.append((heading, rows))
        self._arrange()

    def _arrange(self) -> None:
        """One column in portrait; in landscape, groups flow into two balanced columns."""
        groups = getattr(self, "_groups", [])
        widgets = [widget for heading, rows in groups for widget in (heading, *rows)]
        for column in self._columns:
            for widget in widgets:
                column.removeWidget(widget)
        two = not self._portrait
        total = sum(len(rows) + 1 for _, rows in groups)
        placed = 0
        for heading, rows in groups:
            column = self._columns[1 if two and placed >= total / 2 else 0]
            placed += len(rows) + 1
            for widget in (heading, *rows):
                column.insertWidget(column.count() - 1, widget)
                widget.show()
        self._column_hosts[1].setVisible(two)

    def _orientation_changed(self) -> None:
        self._arrange()

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        gap = theme.px("gap")
        self.outer.setSpacing(round(gap * 0.75))
        self._host_layout.setSpacing(gap * 2)
        for column in self._columns:
            column.setSpacing(round(gap * 0.6))
        for row in self.rows:
            row.apply_theme(theme)
        for button in (self.home_button, self.show_button):
            style_button_icon(button, theme)
        self._scrolled.setSpacing(round(gap * 0.75))
        self._flow_footer()
        self.fit_height()

    def _flow_footer(self) -> None:
        flow_buttons(self._footer, [self.home_button, self.show_button], self.room(), self._theme.px("gap"))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._flow_footer()
        self.fit_height()

    def ticked(self) -> set[str]:
        return {row.item.id for row in self.rows if row.isChecked()}

    def show_ticked(self, ticked: set[str]) -> None:
        """Show exactly ``ticked`` as ticked (e.g. after a reset), scrolled to the top."""
        for row in self.rows:
            row.blockSignals(True)
            row.setChecked(row.item.id in ticked)
            row.blockSignals(False)
            row.apply_theme(self._theme)
        self.items_scroll.verticalScrollBar().setValue(0)

    @Slot(bool)
    def _on_row_toggled(self, checked: bool) -> None:
        row = self.sender()
        if isinstance(row, CheckRow):
            self.item_toggled.emit(row.item.id, checked)
