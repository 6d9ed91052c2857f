"""Live reload: watch the content folder and load it again, off the UI thread.

Editors often save by writing a new file and renaming it over the old one, which
drops the file from a :class:`QFileSystemWatcher`; every load re-arms the watcher on
the folder and all of its files. Changes are debounced: the load starts a short while
after the last change.

A watcher cannot see changes that another computer makes on a network share (SMB,
NFS), so the folder is also polled now and then: a worker thread compares every file's
size and modification time with what the last load saw.

A load or a poll that takes too long (a network share that stopped answering) is given
up after ``load_timeout_s``: a problem says so, the content on screen stays, and the
watcher carries on; whatever the abandoned thread finds later is ignored.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from kiosk.content.model import ContentBundle, ContentProblem

log = logging.getLogger(__name__)
WATCHED_SUFFIXES = (".md", ".yaml", ".yml", ".svg", ".png", ".jpg", ".jpeg")
LOAD_TIMEOUT_S = 60.0
MAX_ABANDONED = 3  # threads stuck on a dead share: no more are started beyond these


def gave_up(folder: Path, seconds: float) -> ContentBundle:
    """What a load that took too long gives: no content, one problem that says so."""
    return ContentBundle(folder, {}, (ContentProblem(
        folder.name, None, f"reading the content folder took longer than {seconds:.0f} seconds and was "
        "given up (is the folder on a network share that stopped answering?); the kiosk keeps its "
        "content and tries again at the next change"),))


class ContentWatcher(QObject):
    """Signals:
        content_loaded(object): a load finished (a :class:`ContentBundle`, good or not).
    """

    content_loaded = Signal(object)
    _finished = Signal(object)  # from the worker thread; delivered on the UI thread
    _polled = Signal(object)  # from the poll thread: the folder's signature

    def __init__(self, folder: Path, debounce_ms: int = 1000, parent: QObject | None = None, *,
                 poll_seconds: int = 0, load_timeout_s: float = LOAD_TIMEOUT_S) -> None:
        super().__init__(parent)
        self.folder = folder
        self.load_timeout_s = load_timeout_s
        self._generation = 0  # which load (or poll) is current; a late answer from another is ignored
        self._abandoned: list[threading.Thread] = []
        self._thread: threading.Thread | None = None
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(round(load_timeout_s * 1000))
        self._deadline.timeout.connect(self._on_deadline)
        self._signature: tuple[tuple[str, int, int], ...] | None = None
        self._polling = False
        self._poll = QTimer(self)
        self._poll.setInterval(max(1, poll_seconds) * 1000)
        self._poll.timeout.connect(self._on_poll_timeout)
        self._polled.connect(self._on_polled)
        if poll_seconds > 0:
            self._poll.start()
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_changed)
        self._watcher.fileChanged.connect(self._on_changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.load_now)
        self._loading = False
        self._again = False
        self._finished.connect(self._on_finished)
        self.arm()

    def arm(self, paths: list[str] | None = None) -> None:
        """Watch the folder, its subfolders and every file in them (again). ``paths`` is
        :meth:`paths_to_watch` when a worker thread has already listed them.

        Only what changed is touched: a file an editor replaced by renaming is no longer
        watched (Qt drops it when its old file goes), so it is added again like a new one;
        re-adding a thousand unchanged files would hold up the screen for no reason."""
        if paths is None:
            paths = self.paths_to_watch()
        watched = set(self._watcher.files() + self._watcher.directories())
        wanted = set(paths)
        if watched - wanted:
            self._watcher.removePaths(sorted(watched - wanted))
        if wanted - watched:
            self._watcher.addPaths(sorted(wanted - watched))

    def paths_to_watch(self) -> list[str]:
        """The folder, its subfolders and content files; or, while the folder is missing,
        its parent (to notice the folder appearing). Safe to call from any thread."""
        if not self.folder.is_dir():
            parent = self.folder.parent
            return [str(parent)] if parent.is_dir() else []
        paths = [str(self.folder)]
        try:
            for path in self.folder.rglob("*"):
                if path.is_dir() or path.suffix.lower() in WATCHED_SUFFIXES:
                    paths.append(str(path))
        except OSError as error:
            log.warning("cannot watch every file in %s: %s", self.folder, error)
        return paths

    @property
    def watched(self) -> list[str]:
        return self._watcher.files() + self._watcher.directories()

    @Slot(str)
    def _on_changed(self, path: str) -> None:
        del path
        self._debounce.start()

    @Slot()
    def load_now(self) -> None:
        """Load the folder in a worker thread; ``content_loaded`` arrives on the UI thread."""
        if self._loading:
            self._again = True
            return
        self._abandoned = [thread for thread in self._abandoned if thread.is_alive()]
        if len(self._abandoned) >= MAX_ABANDONED:
            log.error("%d earlier loads of %s never finished; not starting another",
                      len(self._abandoned), self.folder)
            return
        self._loading = True
        self._polling = False  # a load answers what a poll in flight would have (its answer is ignored)
        self._generation += 1
        generation = self._generation
        self._thread = threading.Thread(target=self._load, args=(generation,), name="content-reload",
                                        daemon=True)
        self._thread.start()
        self._deadline.start()

    @Slot()
    def _on_deadline(self) -> None:
        """The load took too long: give it up, say so, and keep watching."""
        if not self._loading and not self._polling:
            return
        log.error("loading %s took longer than %.0f s; given up", self.folder, self.load_timeout_s)
        if self._thread is not None:
            self._abandoned.append(self._thread)
        self._generation += 1  # the abandoned thread's answer, if it ever comes, is ignored
        was_loading = self._loading
        self._loading = self._polling = False
        if was_loading:
            self.content_loaded.emit(gave_up(self.folder, self.load_timeout_s))
        if self._again:
            self._again = False
            self._debounce.start()

    def _load(self, generation: int) -> None:
        try:
            from kiosk.content.loader import load_content  # not needed before the first frame

            bundle = load_content(self.folder)
        except Exception:  # noqa: BLE001 - the loader should never raise; if it does, log and carry on
            log.exception("loading %s failed", self.folder)
            bundle = ContentBundle(self.folder, {}, ())
        # Listing the files to watch again is done here too, off the UI thread.
        paths = self.paths_to_watch()
        try:
            self._finished.emit((generation, bundle, paths, signature(paths)))
        except RuntimeError:  # the kiosk closed while this load was running
            log.info("a content load finished after the window closed")

    @Slot()
    def _on_poll_timeout(self) -> None:
        if self._loading or self._polling:
            return
        self._abandoned = [thread for thread in self._abandoned if thread.is_alive()]
        if len(self._abandoned) >= MAX_ABANDONED:
            return
        self._polling = True
        self._generation += 1
        self._thread = threading.Thread(target=self._poll_folder, args=(self._generation,),
                                        name="content-poll", daemon=True)
        self._thread.start()
        self._deadline.start()

    def _poll_folder(self, generation: int) -> None:
        try:
            self._polled.emit((generation, signature(self.paths_to_watch())))
        except RuntimeError:  # the kiosk closed meanwhile
            pass

    @Slot(object)
    def _on_polled(self, polled: tuple[int, tuple[tuple[str, int, int], ...]]) -> None:
        generation, seen = polled
        if generation != self._generation or not self._polling:
            return  # a poll that was given up
        self._deadline.stop()
        self._polling = False
        if self._signature is None:
            self._signature = seen
        elif seen != self._signature and not self._loading:
            log.info("the content folder changed (seen by polling); loading it again")
            self._debounce.start()

    @Slot(object)
    def _on_finished(
        self, loaded: tuple[int, ContentBundle, list[str], tuple[tuple[str, int, int], ...]]
    ) -> None:
        generation, bundle, paths, seen = loaded
        if generation != self._generation or not self._loading:
            log.info("a content load that was given up finished after all; its result is ignored")
            return
        self._deadline.stop()
        self._loading = False
        self._signature = seen
        self.arm(paths)
        self.content_loaded.emit(bundle)
        if self._again:
            self._again = False
            self._debounce.start()


def signature(paths: list[str]) -> tuple[tuple[str, int, int], ...]:
    """Each path's modification time and size: cheap to compare, changes with any edit."""
    seen = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        seen.append((path, info.st_mtime_ns, info.st_size))
    return tuple(sorted(seen))
