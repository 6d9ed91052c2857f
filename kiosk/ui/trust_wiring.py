"""Trusted information wired into the window: the sources screen and the About note, the
"Was this page helpful?" answers, the staff panel's sign-off and charts, and the
anonymous daily counts of what visitors do.

The window makes the two screens on first use, like its others (kiosk/ui/screens.py);
:class:`TrustWiring` listens to the window's own signals, wires itself to each screen when
that screen is made, and never changes how the other screens work.
What is counted, and when, is :class:`kiosk.usage.UsageCounter`'s business: each thing at
most once per visit, never a checklist tick, never the order of one visit's steps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from kiosk.session import PAGE_PREFIX, ScreenName

if TYPE_CHECKING:
    from kiosk import report
    from kiosk.ui.trust import AboutScreen, SourcesScreen
    from kiosk.ui.window import KioskWindow
    from kiosk.usage import UsageCounter


class TrustWiring(QObject):
    """Connects the trusted-information parts to ``window`` and counts with ``usage``
    (a counter with no store counts nothing). ``usage`` may be what opens the counter: it
    is then opened when first needed (:meth:`open_usage`; the kiosk opens it just after
    its first frame, which needs neither SQLite nor the counts)."""

    def __init__(self, window: KioskWindow, usage: UsageCounter | Callable[[], UsageCounter],
                 today: type[date] = date) -> None:
        super().__init__(window)
        self.window = window
        self._opened: list[UsageCounter] = [] if callable(usage) else [usage]
        self._open = usage if callable(usage) else None
        self._today = today
        window.home.about_requested.connect(self.show_about)
        window.screen_changed.connect(self._on_screen_changed)
        window.session_reset.connect(self._end_visit)
        window.access_bar.language_chosen.connect(self._on_language_chosen)
        window.access_bar.text_size_changed.connect(self._on_text_size_changed)
        window.access_bar.contrast_toggled.connect(self._on_contrast_toggled)
        window.content.content_changed.connect(self._on_content_changed)
        # The other screens are made after the first frame (kiosk/ui/screens.py): each is
        # wired when it is made, so that counting never makes a screen early.
        window.screen_set.screen_made.connect(self._on_screen_made)
        for name in ("page", "attract", "questions", "sources", "about"):
            made = window.screen_set.made(name)
            if made is not None:
                self._on_screen_made(name, made)
        opened = self._opened  # (the counter outlives this object's last moments)

        def close_counter() -> None:
            for counter in opened:
                counter.close()

        window.destroyed.connect(close_counter)

    @property
    def usage(self) -> UsageCounter:
        """The anonymous daily counter (opened now if it was not yet)."""
        if not self._opened and self._open is not None:
            self._opened.append(self._open())
        return self._opened[0]

    @Slot()
    def open_usage(self) -> None:
        """Open the counter now, if it was not yet (the database, and its line in the log)."""
        self.usage  # noqa: B018 - opens it

    @Slot()
    def _end_visit(self) -> None:
        if self._opened:  # a counter never opened has no visit to end
            self._opened[0].end_visit()

    @Slot(str)
    def _on_language_chosen(self, code: str) -> None:
        self.usage.language_chosen(code)

    @property
    def sources(self) -> SourcesScreen:
        """Where the page being read gets its information (made on first use)."""
        return self.window.screen_set.get("sources")  # type: ignore[return-value]

    @property
    def about(self) -> AboutScreen:
        """The "About this kiosk" note (made on first use)."""
        return self.window.screen_set.get("about")  # type: ignore[return-value]

    @Slot(str, object)
    def _on_screen_made(self, name: str, screen: object) -> None:
        window, usage = self.window, self.usage
        if name == "page":
            page = window.page
            page.trust.sources_requested.connect(self.show_sources)
            page.trust.helpful_answered.connect(self._on_helpful_answered)
            page.tools.read_button.clicked.connect(usage.read_aloud)
        elif name == "attract":
            window.attract.touched.connect(usage.visit_started)  # after the window's own reset
            window.attract.language_touched.connect(usage.language_chosen)
        elif name == "questions":
            window.questions.print_control.finished.connect(self._on_print_finished)
        elif name == "sources":
            self.sources.back_requested.connect(self._on_back_to_page)
        elif name == "about":
            self.about.set_counting(usage.enabled)
            self.about.home_requested.connect(window.show_home)

    # -- navigation -------------------------------------------------------------------
    @Slot()
    def show_sources(self) -> None:
        """Where the page being read gets its information."""
        section = self.window.page.section
        if section is None:
            return
        self.sources.show_sources(section)
        self.window.session.open_sources()
        self.window._show(self.sources)

    @Slot()
    def show_about(self) -> None:
        self.window.session.open_about()
        self.window._show(self.about)

    @Slot()
    def _on_back_to_page(self) -> None:
        section = self.sources.section
        if section is None:
            self.window.show_home()
        else:
            self.window.show_section(section.slug)

    @Slot(object)
    def _on_content_changed(self, bundle: object) -> None:
        del bundle
        if self.window.session.screen == ScreenName.SOURCES:
            self._on_back_to_page()  # the page (if it is still there) with its new words

    # -- what visitors do -------------------------------------------------------------
    @Slot(str)
    def _on_screen_changed(self, screen: str) -> None:
        window = self.window
        if screen.startswith(PAGE_PREFIX):
            slug = screen[len(PAGE_PREFIX):]
            window.page.trust.show_answer(window.session.helpful.get(slug))
            self.usage.page_opened(slug)
        elif screen == ScreenName.QUESTIONS:
            self.usage.questions_shown()
            qr = window.questions.qr.pixmap()
            if qr is not None and not qr.isNull():
                self.usage.qr_shown()
        elif screen == ScreenName.STAFF:
            self._show_staff_figures()

    @Slot(bool)
    def _on_helpful_answered(self, yes: bool) -> None:
        page = self.window.page
        section = page.section
        if section is None:
            return
        if self.window.session.answer_helpful(section.slug, yes):
            self.usage.helpful(section.slug, yes)
        page.trust.show_answer(self.window.session.helpful[section.slug])

    @Slot(int)
    def _on_text_size_changed(self, steps: int) -> None:
        if steps > 0:
            self.usage.larger_text()

    @Slot(bool)
    def _on_contrast_toggled(self, on: bool) -> None:
        if on:
            self.usage.high_contrast()

    @Slot(bool)
    def _on_print_finished(self, printed: bool) -> None:
        if printed:
            self.usage.printed()

    # -- staff ------------------------------------------------------------------------
    def _show_staff_figures(self) -> None:
        """The sign-off and the last 30 days' counts in the staff panel."""
        from kiosk import report  # with the staff panel, not before the first frame
        from kiosk.usage import Measure, UsageError

        window = self.window
        today = self._today.today()
        rows: list[report.Row] = []
        store = self.usage.store
        if store is not None:
            try:
                rows = store.rows(today.fromordinal(today.toordinal() - 29), today)
            except UsageError:
                rows = []
        english = window.bundle.language("en")
        titles = {section.slug: section.title for section in english.sections}
        pages = [(titles.get(figures.page, figures.page), figures)
                 for figures in report.page_figures(rows, titles)]
        window.staff_panel.show_trust(window.content.status, report.daily(rows, Measure.VISITS, today), pages,
                                      self.usage.enabled)
