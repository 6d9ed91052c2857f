"""The staff panel's charts of the anonymous usage counts (Qt Charts): visits per day over
the last 30 days, and per page the visits that opened it with the share who found it
helpful. Colours and sizes come from the theme, so high contrast works here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QBrush, QFont, QHideEvent, QPainter, QPen, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.report import PageFigures
from kiosk.ui.theme import FONT_FAMILY, Theme
from kiosk.ui.widgets import make_label


def page_label(title: str, figures: PageFigures) -> str:
    """A page's row label: its title and what share of the answers said "helpful"."""
    share = figures.helpful_share
    if share is None:
        return f"{title} \u2013 no answers yet"
    answers = "1 answer" if figures.answers == 1 else f"{figures.answers} answers"
    return f"{title} \u2013 {round(share * 100)}% helpful ({answers})"


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
        self.visits_view = self._view("Visits per day, last 30 days")
        self.visits_text = make_label("", "ScreenIntro")
        self.pages_title = make_label("Pages: visits that opened each page, and the share who found it "
                                      "helpful", "UsageHeading")
        self.pages_view = self._view("Page opens and helpful share, last 30 days")
        self.pages_text = make_label("", "ScreenIntro")
        for widget in (self.visits_title, self.visits_view, self.visits_text, self.pages_title,
                       self.pages_view, self.pages_text):
            layout.addWidget(widget)
        self._visits: list[tuple[date, int]] = []
        self._pages: list[tuple[str, PageFigures]] = []
        self._stale = False  # drawn again when next shown
        self.apply_theme(theme)

    @staticmethod
    def _view(name: str) -> QChartView:
        view = QChartView()
        view.setAccessibleName(name)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # A finger flick on a chart scrolls the panel it sits in.
        view.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return view

    def show_figures(self, visits: Sequence[tuple[date, int]],
                     pages: Sequence[tuple[str, PageFigures]]) -> None:
        """``visits``: (day, count) for each of the last 30 days; ``pages``: (title, figures)."""
        self._visits = list(visits)
        self._pages = list(pages)
        self._draw()

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._layout.setSpacing(round(theme.px("gap") * 0.5))
        self._draw()

    # -- drawing ------------------------------------------------------------------
    def _font(self) -> QFont:
        font = QFont(FONT_FAMILY)
        font.setPixelSize(self._theme.px("text_small"))
        return font

    def _chart(self) -> QChart:
        theme = self._theme
        chart = QChart()
        chart.setBackgroundBrush(QBrush(theme.color("surface")))
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(8, 8, 24, 8))
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        return chart

    def _style_axis(self, axis: QBarCategoryAxis | QValueAxis) -> None:
        theme = self._theme
        axis.setLabelsFont(self._font())
        axis.setLabelsColor(theme.color("ink"))
        axis.setLinePen(QPen(theme.color("line"), 2))
        axis.setGridLinePen(QPen(theme.color("line"), 1, Qt.PenStyle.DotLine))

    def _bars(self, values: Sequence[int]) -> QBarSet:
        bars = QBarSet("")
        bars.append([float(value) for value in values])
        bars.setColor(self._theme.color("action"))
        bars.setBorderColor(self._theme.color("action"))
        bars.setLabelColor(self._theme.color("ink"))
        bars.setLabelFont(self._font())
        return bars

    def _value_axis(self, top: int) -> QValueAxis:
        axis = QValueAxis()
        axis.setRange(0, max(4, -(-(top + 1) // 4) * 4))  # four whole steps, room for a label
        axis.setLabelFormat("%d")
        axis.setTickCount(5)
        self._style_axis(axis)
        return axis

    def _draw(self) -> None:
        self._draw_visits()
        self._draw_pages()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._draw()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        """Off screen the charts are let go (~3 MB of Qt Charts' objects); drawn again when
        the panel is next shown, from the figures it was given."""
        super().hideEvent(event)
        if not event.spontaneous():
            for view in (self.visits_view, self.pages_view):
                self._replace(view, QChart(), view.height())
            self._stale = True

    def _draw_visits(self) -> None:
        if not self.isVisible():
            self._stale = True
            return
        chart = self._chart()
        series = QBarSeries()
        series.append(self._bars([count for _, count in self._visits]))
        chart.addSeries(series)
        days = QBarCategoryAxis()
        # Every day has a bar; every fifth day is labelled with its date (labels must differ,
        # so the days between are different runs of zero-width spaces, which take no room).
        days.append([str(day.day) if n % 5 == 0 or n == len(self._visits) - 1 else "\u200b" * (n + 1)
                     for n, (day, _) in enumerate(self._visits)] or [" "])
        self._style_axis(days)
        days.setGridLineVisible(False)
        # A date label wider than its day's column is cut to "...": on a narrow screen the day
        # labels get a smaller font (the sentence under the chart says the same in full).
        width = self.visits_view.width() if self.visits_view.width() > 100 else 1920
        column = (width - 140) / max(1, len(self._visits))
        font = self._font()
        font.setPixelSize(max(12, min(font.pixelSize(), int(column / 2))))
        days.setLabelsFont(font)
        chart.addAxis(days, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(days)
        counts = self._value_axis(max((count for _, count in self._visits), default=0))
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(counts)
        height = round(360 * self._theme.scale * min(self._theme.text_scale, 1.3))
        self._replace(self.visits_view, chart, height)
        self.visits_text.setText(visits_summary(self._visits) or "No visits counted yet.")
        if self._visits:
            first, last = self._visits[0][0], self._visits[-1][0]
            self.visits_title.setText(f"Visits per day, {_day(first)} to {_day(last)}")
        self.visits_view.setAccessibleDescription(self.visits_text.text())

    def _draw_pages(self) -> None:
        if not self.isVisible():
            self._stale = True
            return
        chart = self._chart()
        series = QHorizontalBarSeries()
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        rows = list(reversed(self._pages))  # the first page at the top
        series.append(self._bars([figures.opens for _, figures in rows]))
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([page_label(title, figures) for title, figures in rows] or [" "])
        self._style_axis(names)
        names.setGridLineVisible(False)
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        opens = self._value_axis(max((figures.opens for _, figures in rows), default=0))
        chart.addAxis(opens, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(opens)
        row_height = round(self._theme.px("text_small") * 1.9)
        self._replace(self.pages_view, chart, max(3, len(rows)) * row_height + round(120 * self._theme.scale))
        opened = sum(figures.opens for _, figures in self._pages)
        answers = sum(figures.answers for _, figures in self._pages)
        yes = sum(figures.yes for _, figures in self._pages)
        share = f"; {round(100 * yes / answers)}% of {answers} answers said helpful" if answers else ""
        self.pages_text.setText(f"{opened} page opens in all{share}." if opened else "No page opened yet.")
        self.pages_view.setAccessibleDescription(self.pages_text.text())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._draw_visits()

    @staticmethod
    def _replace(view: QChartView, chart: QChart, height: int) -> None:
        old = view.chart()
        view.setChart(chart)
        view.setFixedHeight(height)
        if old is not None and old is not chart:
            old.deleteLater()
