"""The kiosk's own bar charts, drawn with QPainter from their figures alone: no chart
library, nothing kept but the numbers and words, nothing animated. Colours and sizes come
from the theme, so high contrast works here too.

Each chart works out what it draws (:meth:`BarChart.drawing`: bars, lines and words, each
with its place) before painting it, so tests can check what a person would see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.report import PageFigures
from kiosk.ui.theme import FONT_FAMILY, Theme

# How many days apart the day labels may be, in order of preference: the last day (today)
# always has its label, and the labels are spread evenly back from it.
LABEL_EVERY = (1, 2, 3, 5, 7, 10, 15, 30)
# The fewest characters of a page's title its label keeps beside its bar (else the labels go
# above the bars, where they have the whole width).
BESIDE_TITLE = 24


def page_label(title: str, figures: PageFigures) -> str:
    """A page's row label: its title and what share of the answers said "helpful"."""
    return title + _share(figures)


def _share(figures: PageFigures) -> str:
    share = figures.helpful_share
    if share is None:
        return " \u2013 no answers yet"
    answers = "1 answer" if figures.answers == 1 else f"{figures.answers} answers"
    return f" \u2013 {round(share * 100)}% helpful ({answers})"


def _tidy(elided: str, whole: str) -> str:
    """An elided title cut after a whole word (when it keeps one), without the space or comma
    left before its ellipsis."""
    if not elided.endswith("\u2026"):
        return elided
    kept = elided[:-1]
    if len(kept) < len(whole) and not kept.endswith(" ") and whole[len(kept)] != " " and " " in kept.strip():
        kept = kept[:kept.rstrip().rfind(" ")]
    return kept.rstrip(" ,;:\u2013-") + "\u2026"


def axis_top(largest: int) -> int:
    """The top of a count axis: four whole steps, with room above the largest bar."""
    return max(4, -(-(largest + 1) // 4) * 4)


@dataclass
class Drawing:
    """What one chart shows, in widget coordinates. Colours are theme colour names."""

    bars: list[tuple[QRectF, int]] = field(default_factory=list)  # each bar and its count
    # place, text, colour, alignment
    words: list[tuple[QRectF, str, str, Qt.AlignmentFlag]] = field(default_factory=list)
    axes: list[QLineF] = field(default_factory=list)
    grid: list[QLineF] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [text for _, text, _, _ in self.words]


class BarChart(QWidget):
    """A chart drawn from its figures at paint time. A finger flick on it scrolls the panel
    it sits in (it takes no touches)."""

    def __init__(self, theme: Theme, name: str) -> None:
        super().__init__()
        self._theme = theme
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._fit()

    def font_(self) -> QFont:
        font = QFont(FONT_FAMILY)
        font.setPixelSize(self._theme.px("text_small"))
        return font

    def _margin(self) -> float:
        return max(6.0, round(self._theme.px("gap") * 0.5))

    def _fit(self) -> None:
        self.setFixedHeight(self.needed_height(self.width()))
        self.update()

    def needed_height(self, width: int) -> int:
        raise NotImplementedError

    def drawing(self) -> Drawing:
        raise NotImplementedError

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        theme = self._theme
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.color("surface"))
        drawing = self.drawing()
        painter.setPen(QPen(theme.color("line"), 1, Qt.PenStyle.DotLine))
        painter.drawLines(drawing.grid)
        painter.setPen(QPen(theme.color("line"), 2))
        painter.drawLines(drawing.axes)
        for rect, _ in drawing.bars:
            painter.fillRect(rect, theme.color("action"))
        painter.setFont(self.font_())
        for rect, text, colour, align in drawing.words:
            painter.setPen(theme.color(colour))
            painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()


class DayBars(BarChart):
    """Visits per day: one upright bar per day, the count over each bar when it fits, the
    day of the month under every day or every few days (as many as fit without touching)."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme, "Visits per day, last 30 days")
        self._days: list[tuple[date, int]] = []
        self._fit()

    def show_days(self, days: Sequence[tuple[date, int]]) -> None:
        self._days = list(days)
        self._fit()

    def needed_height(self, width: int) -> int:
        return round(360 * self._theme.scale * min(self._theme.text_scale, 1.3))

    def drawing(self) -> Drawing:
        metrics = QFontMetricsF(self.font_())
        line = metrics.height()
        margin = self._margin()
        counts = [count for _, count in self._days]
        top = axis_top(max(counts, default=0))
        drawing = Drawing()
        label_width = metrics.horizontalAdvance(str(top))
        left = margin + label_width + margin * 0.5
        plot = QRectF(left, margin + line, max(1.0, self.width() - left - margin),
                      max(1.0, self.height() - 2 * margin - 2 * line - margin * 0.25))
        for step in range(5):  # 0 to top in four whole steps
            value = top * step // 4
            y = plot.bottom() - plot.height() * value / top
            if step:
                drawing.grid.append(QLineF(plot.left(), y, plot.right(), y))
            drawing.words.append((QRectF(margin * 0.5, y - line / 2, label_width, line), str(value), "ink",
                                  Qt.AlignmentFlag.AlignRight))
        drawing.axes += [QLineF(plot.bottomLeft(), plot.topLeft()),
                         QLineF(plot.bottomLeft(), plot.bottomRight())]
        if not counts:
            drawing.words.append((plot, "No visits counted yet", "ink_soft", Qt.AlignmentFlag.AlignCenter))
            return drawing
        column = plot.width() / len(counts)
        widest = metrics.horizontalAdvance(str(max(counts)))
        show_counts = widest <= column * 0.95
        for n, count in enumerate(counts):
            height = plot.height() * count / top
            bar = QRectF(plot.left() + column * (n + 0.2), plot.bottom() - height, column * 0.6, height)
            drawing.bars.append((bar, count))
            if count and show_counts:
                drawing.words.append((QRectF(bar.center().x() - column / 2, bar.top() - line, column, line),
                                      str(count), "ink", Qt.AlignmentFlag.AlignHCenter))
        day_width = metrics.horizontalAdvance("28") + margin
        every = next((k for k in LABEL_EVERY if k * column >= day_width), len(counts))
        for n, (day, _) in enumerate(self._days):
            if (len(counts) - 1 - n) % every:
                continue
            x = plot.left() + column * (n + 0.5)
            drawing.axes.append(QLineF(x, plot.bottom(), x, plot.bottom() + margin * 0.25))
            width = metrics.horizontalAdvance(str(day.day)) + 2
            left_edge = min(max(0.0, x - width / 2), self.width() - width)  # kept inside the chart
            drawing.words.append((QRectF(left_edge, plot.bottom() + margin * 0.25, width, line),
                                  str(day.day), "ink", Qt.AlignmentFlag.AlignHCenter))
        return drawing


class PageBars(BarChart):
    """Per page a lying bar of the visits that opened it, its count at the bar's end. The
    page's label (title and helpful share) stands to the left of its bar when every label
    fits in under half the width, else above its bar; a title too long even for that ends
    in an ellipsis (the share is never cut)."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme, "Page opens and helpful share, last 30 days")
        self._pages: list[tuple[str, PageFigures]] = []
        self._fit()

    def show_pages(self, pages: Sequence[tuple[str, PageFigures]]) -> None:
        self._pages = list(pages)
        self._fit()

    def _row(self) -> float:
        return round(self._theme.px("text_small") * 1.9)

    def _beside(self, width: float) -> bool:
        """Whether the labels stand beside their bars: when each fits in under half the width
        with at least the first words of its title (a longer title ends in an ellipsis)."""
        metrics = QFontMetricsF(self.font_())
        shortest = [title if len(title) <= BESIDE_TITLE else title[:BESIDE_TITLE] + "\u2026"
                    for title, _ in self._pages]
        needed = [metrics.horizontalAdvance(short + _share(figures))
                  for short, (_, figures) in zip(shortest, self._pages, strict=True)]
        return max(needed, default=0.0) <= self._label_room(width)

    def _label_room(self, width: float) -> float:
        return (width - 2 * self._margin()) * 0.45

    def needed_height(self, width: int) -> int:
        line = QFontMetricsF(self.font_()).height()
        margin = self._margin()
        rows = max(3, len(self._pages))
        each = self._row() if self._beside(width) else line + self._row() * 0.6 + margin * 0.5
        return round(rows * each + line + 3 * margin)

    def _labels(self, width: float) -> list[str]:
        """Each page's label, its title shortened with an ellipsis where the line is too short."""
        metrics = QFontMetricsF(self.font_())
        labels = []
        for title, figures in self._pages:
            share = _share(figures)
            room = width - metrics.horizontalAdvance(share)
            if metrics.horizontalAdvance(title + share) <= width:
                labels.append(title + share)
            elif room >= metrics.horizontalAdvance("Wwwwww\u2026"):
                short = metrics.elidedText(title, Qt.TextElideMode.ElideRight, room)
                labels.append(_tidy(short, title) + share)
            else:
                whole = title + share
                labels.append(_tidy(metrics.elidedText(whole, Qt.TextElideMode.ElideRight, width), whole))
        return labels

    def drawing(self) -> Drawing:
        metrics = QFontMetricsF(self.font_())
        line = metrics.height()
        margin = self._margin()
        counts = [figures.opens for _, figures in self._pages]
        top = axis_top(max(counts, default=0))
        drawing = Drawing()
        inner = self.width() - 2 * margin
        beside = self._beside(self.width())
        labels = self._labels(self._label_room(self.width()) if beside else inner - margin * 0.5)
        widest = max((metrics.horizontalAdvance(text) for text in labels), default=0.0)
        label_width = widest if beside else 0.0
        left = margin + label_width + (margin if beside else 0)
        right_room = metrics.horizontalAdvance(str(top)) / 2
        plot = QRectF(left, margin, max(1.0, self.width() - left - margin - right_room),
                      max(1.0, self.height() - 3 * margin - line))
        for step in range(5):
            value = top * step // 4
            x = plot.left() + plot.width() * value / top
            if step:
                drawing.grid.append(QLineF(x, plot.top(), x, plot.bottom()))
            width = metrics.horizontalAdvance(str(value)) + 2
            place = QRectF(min(x - width / 2, self.width() - width), plot.bottom() + margin / 2, width, line)
            drawing.words.append((place, str(value), "ink", Qt.AlignmentFlag.AlignHCenter))
        drawing.axes += [QLineF(plot.bottomLeft(), plot.topLeft()),
                         QLineF(plot.bottomLeft(), plot.bottomRight())]
        if not counts:
            drawing.words.append((plot, "No page opened yet", "ink_soft", Qt.AlignmentFlag.AlignCenter))
            return drawing
        row = plot.height() / len(counts)
        thickness = self._row() * 0.6
        for n, (count, label) in enumerate(zip(counts, labels, strict=True)):
            length = plot.width() * count / top
            if beside:
                middle = plot.top() + row * (n + 0.5)
                drawing.words.append((QRectF(margin, middle - line / 2, label_width, line), label, "ink",
                                      Qt.AlignmentFlag.AlignRight))
                bar = QRectF(plot.left(), middle - thickness / 2, length, thickness)
            else:
                start = plot.top() + row * n + margin * 0.25
                place = QRectF(plot.left() + margin * 0.5, start, inner - margin * 0.5, line)
                drawing.words.append((place, label, "ink", Qt.AlignmentFlag.AlignLeft))
                bar = QRectF(plot.left(), start + line, length, thickness)
            drawing.bars.append((bar, count))
            text = str(count)
            width = metrics.horizontalAdvance(text) + margin
            if bar.right() + width <= plot.right() + right_room:
                place = QRectF(bar.right() + margin * 0.3, bar.top(), width, bar.height())
                drawing.words.append((place, text, "ink", Qt.AlignmentFlag.AlignLeft))
            else:  # no room after the bar: inside its end, in the colour that reads on it
                place = QRectF(bar.right() - width, bar.top(), width - margin * 0.3, bar.height())
                drawing.words.append((place, text, "on_action", Qt.AlignmentFlag.AlignRight))
        return drawing
