"""The staff panel's charts of the anonymous usage counts: visits per day over the last 30
days (upright bars), and per page the visits that opened it with the share who found it
helpful (lying bars), each with a sentence under it that says the same in words. The
charts are the kiosk's own (kiosk/ui/bar_chart.py): no chart library is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.report import PageFigures
from kiosk.ui.bar_chart import DayBars, PageBars
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_label


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def visits_summary(visits: Sequence[tuple[date, int]]) -> str:
    """The visits chart in words (also what a screen reader says)."""
    if not visits:
        return ""
    total = sum(count for _, count in visits)
    busiest = max(visits, key=lambda item: item[1])
    text = f"{total} visits from {_day(visits[0][0])} to {_day(visits[-1][0])}"
    return text + (f"; the busiest day was {_day(busiest[0])} ({busiest[1]})." if total else ".")


class UsageCharts(QWidget):
    """Two charts and a sentence under each that says the same in words."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UsageCharts")
        self._theme = theme
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._layout = layout
        self.visits_title = make_label("Visits per day, last 30 days", "UsageHeading")
        self.visits_view = DayBars(theme)
        self.visits_text = make_label("", "ScreenIntro")
        self.pages_title = make_label("Pages: visits that opened each page, and the share who found it "
                                      "helpful", "UsageHeading")
        self.pages_view = PageBars(theme)
        self.pages_text = make_label("", "ScreenIntro")
        for widget in (self.visits_title, self.visits_view, self.visits_text, self.pages_title,
                       self.pages_view, self.pages_text):
            layout.addWidget(widget)
        self._visits: list[tuple[date, int]] = []
        self._pages: list[tuple[str, PageFigures]] = []
        self.apply_theme(theme)
        self.show_figures([], [])

    def show_figures(self, visits: Sequence[tuple[date, int]],
                     pages: Sequence[tuple[str, PageFigures]]) -> None:
        """``visits``: (day, count) for each of the last 30 days; ``pages``: (title, figures)."""
        self._visits = list(visits)
        self._pages = list(pages)
        self.visits_view.show_days(self._visits)
        self.visits_text.setText(visits_summary(self._visits) or "No visits counted yet.")
        if self._visits:
            first, last = self._visits[0][0], self._visits[-1][0]
            self.visits_title.setText(f"Visits per day, {_day(first)} to {_day(last)}")
        self.visits_view.setAccessibleDescription(self.visits_text.text())
        self.pages_view.show_pages(self._pages)
        opened = sum(figures.opens for _, figures in self._pages)
        answers = sum(figures.answers for _, figures in self._pages)
        yes = sum(figures.yes for _, figures in self._pages)
        share = f"; {round(100 * yes / answers)}% of {answers} answers said helpful" if answers else ""
        self.pages_text.setText(f"{opened} page opens in all{share}." if opened else "No page opened yet.")
        self.pages_view.setAccessibleDescription(self.pages_text.text())

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._layout.setSpacing(round(theme.px("gap") * 0.5))
        self.visits_view.set_theme(theme)
        self.pages_view.set_theme(theme)
