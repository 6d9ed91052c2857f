"""The picture beside a page's text: its illustration, or the interactive analogy the
page's front matter names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.content.model import Language, Section
from kiosk.ui.analogies import ANALOGY_WIDGETS, AnalogyWidget
from kiosk.ui.analogies.base import least_height
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Picture


class PicturePanel(QWidget):
    """The illustration, or an analogy in its place.

    Each analogy widget is made the first time a page needs it and reused; only the one
    on screen runs its animation.
    """

    def __init__(self, language: Language, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PicturePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._language = language
        self._theme = theme
        self._reduce_motion = False
        self._analogies: dict[str, AnalogyWidget] = {}
        self.analogy: AnalogyWidget | None = None
        self._layout = QVBoxLayout(self)
        self.picture = Picture()
        self.picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._layout.addWidget(self.picture, 1)

    def show_section(self, section: Section) -> None:
        """Show ``section``'s analogy, else its illustration; the panel hides when it has neither."""
        self.picture.set_picture(section.illustration, section.illustration_alt)
        self._show_analogy(section.analogy)
        self.picture.setVisible(self.analogy is None)
        self.setVisible(self.analogy is not None or self.picture.has_picture())

    def prefetch(self, section: Section) -> None:
        """Have ``section``'s illustration drawn in the background at the size it will show
        at (the size shown now: only when an illustration, not an analogy, is shown now
        and would be then), so that a tap on "Next" shows the picture with its page."""
        if self.analogy is None and not self.picture.isHidden() and section.analogy not in ANALOGY_WIDGETS:
            self.picture.prefetch(section.illustration)

    def set_language(self, language: Language) -> None:
        self._language = language
        for analogy in self._analogies.values():
            analogy.set_language(language)

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        pad = theme.px("gap")
        self._layout.setContentsMargins(pad, pad, pad, pad)
        for analogy in self._analogies.values():
            analogy.apply_theme(theme)

    def fit_width(self, width: int) -> None:
        """Narrow the padding when the panel is ``width`` pixels wide and its analogy's widest
        button would not fit inside the usual padding (never sideways scrolling)."""
        pad = self._theme.px("gap")
        if self.analogy is not None:
            pad = max(4, min(pad, (width - self.analogy.minimumSizeHint().width()) // 2))
        if self._layout.contentsMargins().left() != pad:
            self._layout.setContentsMargins(pad, pad, pad, pad)

    def least_height(self, width: int) -> int:
        """The height the analogy's words, button and a small picture need at ``width`` pixels."""
        if self.analogy is None:
            return 0
        pad = self._layout.contentsMargins()
        return least_height(self.analogy, width - pad.left() - pad.right()) + pad.top() + pad.bottom()

    def set_reduce_motion(self, reduce: bool) -> None:
        """Stop the analogies' motion: their changes then show the end state at once."""
        self._reduce_motion = reduce
        for analogy in self._analogies.values():
            analogy.set_reduce_motion(reduce)

    def prepare(self, kind: str) -> bool:
        """Make the analogy ``kind`` now, hidden, so that the first page showing it does not
        wait for it (done while the kiosk is idle; see kiosk/ui/screens.py). False when it
        was already made or there is no such analogy."""
        if kind not in ANALOGY_WIDGETS or kind in self._analogies:
            return False
        self._make_analogy(kind).prepare()
        return True

    def _make_analogy(self, kind: str) -> AnalogyWidget:
        widget = ANALOGY_WIDGETS[kind](self._language, self._theme)
        widget.set_reduce_motion(self._reduce_motion)
        widget.hide()
        self._layout.addWidget(widget, 1)
        widget.ensurePolished()
        self._analogies[kind] = widget
        return widget

    def _show_analogy(self, kind: str | None) -> None:
        widget = None
        if kind in ANALOGY_WIDGETS:
            widget = self._analogies.get(kind)
            if widget is None:
                widget = self._make_analogy(kind)
        for other in self._analogies.values():
            if other is not widget:
                other.hide()
        if widget is not None:
            widget.show()
        self.analogy = widget
