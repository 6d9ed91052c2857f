"""The staff panel's usage charts as a person sees them: a bar of the right height and colour
for each count, every label there in full and none on another, the empty state."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage

from kiosk.report import PageFigures
from kiosk.ui.bar_chart import BarChart, DayBars, PageBars
from kiosk.ui.theme import Theme
from kiosk.ui.usage_chart import UsageCharts

TODAY = date(2026, 12, 2)
COUNTS = [0, 3, 5, 2, 0, 0, 7, 12, 9, 4, 6, 0, 1, 2, 8, 11, 14, 13, 6, 0, 0, 5, 9, 10, 7, 3, 0, 2, 4, 1]
DAYS = [(TODAY - timedelta(days=29 - n), count) for n, count in enumerate(COUNTS)]
LONG = "Ketamine infusions: what happens on the day, who will be with you, and how long it takes"
PAGES = [("What is CRPS?", PageFigures("crps", 42, 20, 3)), ("Signs and symptoms", PageFigures("signs", 30, 9, 4)),
         (LONG, PageFigures("day", 17, 2, 0)), ("Side effects", PageFigures("side", 9, 0, 0))]


def shown(qtbot, chart: BarChart, width: int) -> QImage:  # type: ignore[no-untyped-def]
    qtbot.addWidget(chart)
    chart.resize(width, chart.height())
    chart.show()
    return chart.grab().toImage()


def color_at(image: QImage, x: float, y: float) -> str:
    return QColor(image.pixel(round(x), round(y))).name().upper()


def assert_words_fit_apart(chart: BarChart) -> None:
    """Every word whole inside its place, inside the chart, and no two places overlapping."""
    metrics = QFontMetricsF(chart.font_())
    words = chart.drawing().words
    bounds = QRectF(chart.rect())
    for place, text, _, _ in words:
        assert metrics.horizontalAdvance(text) <= place.width() + 0.5, f"{text!r} is cut"
        assert bounds.contains(place.adjusted(1, 1, -1, -1)), f"{text!r} is outside the chart"
    ink = [QRectF(place.center().x() - metrics.horizontalAdvance(text) / 2, place.top(),
                  metrics.horizontalAdvance(text), place.height()) if "AlignHCenter" in repr(align)
           else place for place, text, _, align in words if "No " not in text]
    for n, first in enumerate(ink):
        for second in ink[n + 1:]:
            overlap = first.intersected(second)
            assert overlap.width() < 1 or overlap.height() < 1, (words[n][1], "overlaps another label")


@pytest.mark.parametrize(("width", "theme"), [(1810, Theme()), (728, Theme(scale=0.6)),
                                              (1810, Theme(name="high_contrast"))])
def test_each_day_has_a_bar_of_its_count_in_the_action_colour(qtbot, width: int, theme: Theme) -> None:  # type: ignore[no-untyped-def]
    chart = DayBars(theme)
    chart.show_days(DAYS)
    image = shown(qtbot, chart, width)
    bars = chart.drawing().bars
    assert [count for _, count in bars] == COUNTS
    unit = bars[16][0].height() / 14  # the busiest day
    action = theme.color("action").name().upper()
    for rect, count in bars:
        assert rect.height() == pytest.approx(count * unit, abs=0.01)
        if count:
            assert color_at(image, rect.center().x(), rect.center().y()) == action
        assert color_at(image, rect.center().x(), rect.bottom() - rect.height() - 3) != action
    assert bars[0][0].bottom() == pytest.approx(bars[16][0].bottom())
    texts = chart.drawing().texts()
    assert texts[:5] == ["0", "4", "8", "12", "16"]  # whole steps up the side
    assert "2" in texts and texts[-1] == "2"  # today, the last day, is always labelled
    assert_words_fit_apart(chart)


def test_day_labels_thin_out_on_a_narrow_screen_and_counts_stay_when_they_fit(qtbot) -> None:  # type: ignore[no-untyped-def]
    wide, narrow = DayBars(Theme()), DayBars(Theme(scale=0.6))
    for chart, width in ((wide, 1810), (narrow, 300)):
        chart.show_days(DAYS)
        shown(qtbot, chart, width)
        assert_words_fit_apart(chart)
    days = {str(day.day) for day, _ in DAYS}
    wide_days = [t for t in wide.drawing().words if t[1] in days and t[0].top() > wide.drawing().bars[0][0].bottom()]
    narrow_days = [t for t in narrow.drawing().words
                   if t[1] in days and t[0].top() > narrow.drawing().bars[0][0].bottom()]
    assert len(wide_days) == 30
    assert 2 <= len(narrow_days) <= 15  # every second day or fewer: as many as fit apart
    assert narrow_days[-1][1] == "2"  # today's
    steps = {round(second[0].center().x() - first[0].center().x()) for first, second in zip(narrow_days[:-2],
             narrow_days[1:-1], strict=True)}
    assert max(steps) - min(steps) <= 1  # evenly spread
    assert "14" in wide.drawing().texts()  # the busiest day's count over its bar


def test_an_empty_chart_says_so_and_draws_no_bar(qtbot) -> None:  # type: ignore[no-untyped-def]
    days, pages = DayBars(Theme()), PageBars(Theme())
    shown(qtbot, days, 1000)
    shown(qtbot, pages, 1000)
    assert not days.drawing().bars and "No visits counted yet" in days.drawing().texts()
    assert not pages.drawing().bars and "No page opened yet" in pages.drawing().texts()


@pytest.mark.parametrize(("width", "theme", "beside"), [(1810, Theme(), True), (728, Theme(scale=0.6), False),
                                                         (1810, Theme(name="high_contrast"), True)])
def test_each_page_has_a_bar_of_its_opens_and_its_label_in_full(qtbot, width: int, theme: Theme,  # type: ignore[no-untyped-def]
                                                                beside: bool) -> None:
    chart = PageBars(theme)
    chart.show_pages(PAGES)
    image = shown(qtbot, chart, width)
    drawing = chart.drawing()
    assert [count for _, count in drawing.bars] == [42, 30, 17, 9]
    unit = drawing.bars[0][0].width() / 42
    action = theme.color("action").name().upper()
    for rect, count in drawing.bars:
        assert rect.width() == pytest.approx(count * unit, abs=0.01)
        assert color_at(image, rect.left() + 2, rect.center().y()) == action
    texts = drawing.texts()
    for label in ("What is CRPS? \u2013 87% helpful (23 answers)", "Signs and symptoms \u2013 69% helpful (13 answers)",
                  "Side effects \u2013 no answers yet", "42", "30", "17", "9"):
        assert label in texts
    long = next(text for text in texts if text.startswith("Ketamine"))
    assert long.endswith("\u2026 \u2013 100% helpful (2 answers)")  # the title shortened, never the share
    kept = long.split("\u2026")[0]
    assert LONG.startswith(kept) and LONG[len(kept)] in " ,"  # after a whole word
    first = next(place for place, text, _, _ in drawing.words if text.startswith("What is CRPS"))
    assert (first.right() <= drawing.bars[0][0].left()) is beside  # beside its bar, or above it
    assert_words_fit_apart(chart)


def test_the_charts_take_no_touches_and_speak_their_figures(qtbot) -> None:  # type: ignore[no-untyped-def]
    charts = UsageCharts(Theme())
    qtbot.addWidget(charts)
    charts.show_figures(DAYS, [(title, figures) for title, figures in PAGES])
    from PySide6.QtCore import Qt
    for view in (charts.visits_view, charts.pages_view):
        assert view.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # a flick scrolls the panel
    assert charts.visits_view.accessibleName() == "Visits per day, last 30 days"
    assert charts.visits_view.accessibleDescription().startswith("144 visits from 3 Nov 2026 to 2 Dec 2026")
    assert charts.pages_view.accessibleDescription() == "98 page opens in all; 82% of 38 answers said helpful."
    charts.apply_theme(Theme(scale=1.5))
    assert charts.visits_view.height() == 540
