"""The content service: the one place that decides which content the kiosk shows.

It loads the content folder at start-up, keeps the last good content when a load has
errors, reloads on request, and (when asked) watches and polls the folder, loading it
again off the UI thread. Whenever new content is good it says so with
:attr:`ContentService.content_changed`; the window only reacts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from kiosk import paths
from kiosk.content.cache import load_content_cached
from kiosk.content.governance import FileReview, Governed, HeldBack, govern, summary
from kiosk.content.languages import held_back, live_bundle
from kiosk.content.model import ContentBundle, ContentProblem
from kiosk.services.watcher import LOAD_TIMEOUT_S, ContentWatcher, gave_up

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContentStatus:
    """Where the content on screen came from, and what was wrong with the folder."""

    folder: Path
    problems: tuple[ContentProblem, ...] = ()
    fell_back: bool = False
    loaded_at: datetime = field(default_factory=datetime.now)
    held_back: Mapping[str, str] = field(default_factory=dict)  # language code -> what patients see
    drafts: tuple[str, ...] = ()  # draft languages (staff only)
    unapproved: tuple[HeldBack, ...] = ()  # pages kept from patients for want of sign-off
    sign_off: str = ""  # "sign-off: 3 approved, 1 changed since approved, ..."
    reviews: tuple[FileReview, ...] = ()  # the sign-off of every page and checklist on screen


Governor = Callable[[ContentBundle], Governed]
"""Makes a loaded bundle ready for patients (kiosk.content.governance.govern with the settings)."""


def governor(review_months: int = 12, require_approval: bool = False,
             today: Callable[[], date] = date.today) -> Governor:
    """Each page told who checked it; with ``require_approval``, only approved pages."""
    return lambda bundle: govern(bundle, today(), review_months, require_approval)


class ContentService(QObject):
    """Owns the content bundle on screen.

    "Last good" means: a bundle whose default language and folder have no errors replaces
    what is shown (a language with errors of its own keeps its last good version, see
    :func:`kiosk.content.languages.live_bundle`); a bundle with such errors never does:
    the content already shown stays, or, at start-up when there is none yet, the content
    bundled with the program. Either way the folder's problems
    are kept in :attr:`status` for the staff panel.

    Signals:
        content_changed(ContentBundle): new, error-free content to show.
        load_finished(bool): a load finished; True when it replaced the content.
    """

    content_changed = Signal(object)
    load_finished = Signal(bool)

    def __init__(self, folder: Path, bundle: ContentBundle | None = None,
                 parent: QObject | None = None, *, governed_by: Governor | None = None,
                 cache_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.cache_dir = cache_dir  # where the start-up load keeps the checked content; None: nowhere
        self._govern = governed_by or governor()
        self._bundle = bundle if bundle is None else self._govern(bundle).bundle
        self.status = ContentStatus(folder, bundle.problems if bundle is not None else ())
        self.watcher: ContentWatcher | None = None

    @property
    def bundle(self) -> ContentBundle:
        """The content on screen (load it first with :meth:`load_startup`)."""
        if self._bundle is None:
            raise RuntimeError("no content has been loaded yet")
        return self._bundle

    def load_startup(self, timeout_s: float = LOAD_TIMEOUT_S) -> ContentBundle:
        """Load the folder now, before the window shows. A load that takes longer than
        ``timeout_s`` (a network share that stopped answering) is given up: the bundled
        content is shown and the problem is kept for the staff panel. When every file is as
        it was last time, the checked content comes from the content cache (no YAML or
        Markdown is even imported then); otherwise it is read and checked in full."""
        loaded: list[ContentBundle] = []

        def load() -> None:
            try:
                loaded.append(load_content_cached(self.folder, self.cache_dir))
            except Exception:  # noqa: BLE001 - the loader should never raise; if it does, log and carry on
                log.exception("loading %s failed", self.folder)
                loaded.append(ContentBundle(self.folder, {}, (ContentProblem(
                    self.folder.name, None, "the content folder could not be read (see the log)"),)))

        worker = threading.Thread(target=load, name="content-startup", daemon=True)
        worker.start()
        worker.join(timeout_s)
        if not loaded:
            log.error("loading %s took longer than %.0f s at start-up; given up", self.folder, timeout_s)
        self.offer(loaded[0] if loaded else gave_up(self.folder, timeout_s))
        return self.bundle

    @Slot(object)
    def offer(self, bundle: ContentBundle) -> bool:
        """Show ``bundle`` if it has no errors, else keep the last good content; True when
        it replaced the content."""
        for problem in bundle.problems:
            log.warning("content: %s", problem)
        if bundle.usable:
            # A language with errors of its own is held back alone: it keeps its last good
            # version (or is left out); every other language's new words go live.
            held = held_back(bundle, self._bundle)
            for note in held.values():
                log.error("content: %s", note)
            governed = self._governed(live_bundle(bundle, self._bundle))
            self._bundle = governed.bundle
            self.status = ContentStatus(self.folder, bundle.problems, held_back=held,
                                        drafts=tuple(bundle.drafts), unapproved=governed.held_back,
                                        sign_off=summary(governed.reviews), reviews=governed.reviews)
            log.info("content loaded from %s", self.folder)
            self.content_changed.emit(self._bundle)
        elif self._bundle is None:
            log.error("content in %s has %d errors; showing the bundled content instead",
                      self.folder, len(bundle.errors))
            governed = self._governed(bundled_content(self.cache_dir))
            self._bundle = governed.bundle
            self.status = ContentStatus(self.folder, bundle.problems, fell_back=True,
                                        unapproved=governed.held_back, sign_off=summary(governed.reviews),
                                        reviews=governed.reviews)
        else:
            log.error("content in %s has %d errors; keeping what is on screen", self.folder,
                      len(bundle.errors))
            self.status = ContentStatus(self.folder, bundle.problems, fell_back=True,
                                        loaded_at=self.status.loaded_at, held_back=self.status.held_back,
                                        drafts=self.status.drafts, unapproved=self.status.unapproved,
                                        sign_off=self.status.sign_off, reviews=self.status.reviews)
        self.load_finished.emit(bundle.usable)
        return bundle.usable

    def _governed(self, bundle: ContentBundle) -> Governed:
        """The bundle as patients may see it, with what it holds back (logged)."""
        governed = self._govern(bundle)
        for held in governed.held_back:
            log.warning("held back from patients: %s (%s)", held.path, held.reason)
        return governed

    def watch(self, debounce_ms: int = 1000, poll_seconds: int = 0) -> None:
        """Load the folder again (in the background) whenever it changes; also look for
        changes every ``poll_seconds`` (0 = only change notices)."""
        if self.watcher is None:
            self.watcher = ContentWatcher(self.folder, debounce_ms, self, poll_seconds=poll_seconds)
            self.watcher.content_loaded.connect(self.offer)

    def reload(self) -> None:
        """Load the folder again now (staff's "Reload content"): in the background when
        the folder is watched, so the screen never freezes."""
        if self.watcher is not None:
            self.watcher.load_now()
        else:
            from kiosk.content.loader import load_content

            self.offer(load_content(self.folder))


def bundled_content(cache_dir: Path | None = None) -> ContentBundle:
    """The content that comes with the program: the last resort at start-up."""
    fallback = load_content_cached(paths.bundled_content_dir(), cache_dir)
    if not fallback.usable:
        # Show what the bundled content has rather than nothing at all.
        if not any(language.sections for language in fallback.languages.values()):
            raise RuntimeError("the bundled content has no pages: "
                               + "; ".join(str(p) for p in fallback.errors[:3]))
        log.error("the bundled content has problems too: %s", "; ".join(map(str, fallback.errors)))
    return fallback
