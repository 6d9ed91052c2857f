"""Pictures on screen: vetted bytes only, rasterised once per size they are shown at.

Qt never gets a picture's path (it would open whatever is there, a named pipe included,
and follow an SVG's ``<image>``); it gets the bytes that :mod:`kiosk.content.pictures`
read (ordinary files only, without blocking) and vetted. Nothing keeps a picture at its
full size: each one is decoded straight to the size it is shown at (JPEGs are even
decoded scaled), and home tiles that show the same picture at the same size share one
image. A process-wide :class:`PictureStore` holds the recent ones, within a byte budget,
and lets go of those that neither the screen shown nor the one just left has drawn
(:meth:`PictureStore.release_unshown`, when the window changes screen or size): a widget
showing a picture keeps its own image (:class:`kiosk.ui.widgets.Picture`), so the home
tiles and the page just left are not drawn again when they come back.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QRectF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

from kiosk.content.model import ContentBundle, ContentProblem, Severity
from kiosk.content.pictures import PictureInfo, PictureRefused, read_picture

log = logging.getLogger(__name__)

K = TypeVar("K")
V = TypeVar("V")
Stamp = tuple[int, int, int]  # (inode, size, modified ns): a replaced file has a new stamp
Key = tuple[Path, Stamp, int, int]  # a file version at a size in pixels


def file_stamp(path: Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


class PictureStore(QObject):
    """Vetted picture bytes per file version and rasterised images per shown size, each
    kept within a byte budget (least recently used first out).

    Drawing a picture at a new size happens on a worker thread, never on the UI thread
    (decoding a 4096-pixel PNG takes a good part of a second): :meth:`image` gives None
    until it is ready, then :attr:`ready` asks the pictures to paint again.

    Signals:
        ready(): a picture was drawn at a new size; widgets showing pictures repaint.
    """

    ready = Signal()
    _drawn = Signal(object)  # from the worker thread: (key, image or None)

    def __init__(self, source_budget: int = 32 << 20, image_budget: int = 96 << 20) -> None:
        super().__init__()
        self._sources: OrderedDict[tuple[Path, Stamp], tuple[bytes, PictureInfo] | None] = OrderedDict()
        self._images: OrderedDict[tuple[Path, Stamp, int, int], QImage] = OrderedDict()
        self._failed: set[tuple[Path, Stamp, int, int]] = set()
        self._used: dict[Key, int] = {}  # the screen (generation) each image was last drawn on
        self._generation = 0
        self._pending: set[tuple[Path, Stamp, int, int]] = set()
        self._jobs: queue.Queue[tuple[Key, bytes, PictureInfo] | None] = queue.Queue()
        self._done: queue.Queue[tuple[tuple[Path, Stamp, int, int], QImage | None]] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._source_budget = source_budget
        self._image_budget = image_budget
        self._drawn.connect(self._on_drawn)
        self.decoded = 0  # how many images were made (the tests count them)
        # Bytes of pictures no screen shows that may stay for a later visit (most recently
        # drawn first); beyond them a page seen earlier draws its picture again when shown.
        self.unshown_budget = 0

    def info(self, path: Path) -> PictureInfo | None:
        """What the picture is (kind, natural size), or None when it cannot be shown."""
        stamp = file_stamp(path)
        if stamp is None:
            return None
        source = self._source(path, stamp)
        return source[1] if source is not None else None

    def image(self, path: Path, size: QSize) -> QImage | None:
        """The picture drawn at exactly ``size`` pixels; None while it is being drawn (in
        the background; :attr:`ready` follows) or when it cannot be shown."""
        stamp = file_stamp(path)
        if stamp is None or size.isEmpty():
            return None
        key = (path, stamp, size.width(), size.height())
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
            self._used[key] = self._generation
            return image
        if key in self._pending or key in self._failed:
            return None
        source = self._source(path, stamp)
        if source is None:
            return None
        self._pending.add(key)
        self._jobs.put((key, *source))
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._draw_jobs, name="pictures", daemon=True)
            self._worker.start()
        return None

    def image_now(self, path: Path, size: QSize) -> QImage | None:
        """Like :meth:`image`, but drawn at once on this thread (for a page body's pictures,
        which the text layout needs when it asks)."""
        stamp = file_stamp(path)
        if stamp is None or size.isEmpty():
            return None
        key = (path, stamp, size.width(), size.height())
        if key not in self._images:
            source = self._source(path, stamp)
            image = rasterise(source[0], source[1], size) if source is not None else None
            if image is None:
                return None
            self._keep(key, image)
        self._used[key] = self._generation
        return self._images[key]

    def drawing(self) -> bool:
        """Whether pictures are being drawn in the background now."""
        return bool(self._pending)

    def wait_idle(self, timeout_s: float = 30.0) -> None:
        """Wait for the pictures being drawn and take them in (for screenshots and tests)."""
        deadline = time.monotonic() + timeout_s
        while self._pending and time.monotonic() < deadline:
            try:
                key, image = self._done.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            self._take(key, image)
        QCoreApplication.processEvents()

    def shutdown(self) -> None:
        """Let the worker finish (at exit: a Qt image must not outlive the application)."""
        worker = self._worker
        if worker is not None and worker.is_alive():
            self._jobs.put(None)
            worker.join(10)

    def _draw_jobs(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=2)
            except queue.Empty:
                return
            if job is None:
                return
            key, data, info = job
            self._done.put((key, rasterise(data, info, QSize(key[2], key[3]))))
            del job, data  # nothing of Qt's stays on this thread between jobs
            if not self._jobs.empty():
                continue  # the pictures asked for together are shown together: one repaint, not one each
            try:
                self._drawn.emit(None)
            except RuntimeError:  # the store went away with the application
                return

    @Slot(object)
    def _on_drawn(self, _: object) -> None:
        while True:
            try:
                key, image = self._done.get_nowait()
            except queue.Empty:
                break
            self._take(key, image)

    def _take(self, key: tuple[Path, Stamp, int, int], image: QImage | None) -> None:
        if key not in self._pending:
            return
        self._pending.discard(key)
        if image is None:
            self._failed.add(key)
        else:
            self._keep(key, image)
        self.ready.emit()

    def _keep(self, key: tuple[Path, Stamp, int, int], image: QImage) -> None:
        self.decoded += 1
        self._images[key] = image
        self._used[key] = self._generation
        self._trim(self._images, self._image_budget, lambda item: item.sizeInBytes())
        self._used = {kept: self._used.get(kept, self._generation) for kept in self._images}

    def release_unshown(self) -> int:
        """The window changed screen (or size): let go of every image drawn neither for the
        screen left nor since (pictures of other pages, of other sizes). Images that a
        widget on screen still holds stay with it. Returns the bytes let go."""
        self._generation += 1
        keep_from = self._generation - 1
        unshown = [key for key in self._images if self._used.get(key, keep_from) < keep_from]
        spare = sum(self._images[key].sizeInBytes() for key in unshown) - self.unshown_budget
        released = 0
        for key in unshown:  # least recently drawn first
            if spare <= 0:
                break
            size = self._images.pop(key).sizeInBytes()
            self._used.pop(key, None)
            spare -= size
            released += size
        return released

    def cached_bytes(self) -> int:
        """Bytes the rasterised images take (for the tests and benchmarks)."""
        return sum(image.sizeInBytes() for image in self._images.values())

    def clear(self) -> None:
        self.wait_idle()
        self._sources.clear()
        self._images.clear()
        self._used.clear()
        self._failed.clear()

    def _source(self, path: Path, stamp: Stamp) -> tuple[bytes, PictureInfo] | None:
        key = (path, stamp)
        if key in self._sources:
            self._sources.move_to_end(key)
            return self._sources[key]
        try:  # the check vetted it in full; here the header and an SVG's whole text are checked again
            source: tuple[bytes, PictureInfo] | None = read_picture(path, thorough=False)
        except PictureRefused as refused:
            log.warning("picture %s is not shown: %s", path.name, refused)
            source = None
        self._sources[key] = source
        self._trim(self._sources, self._source_budget, lambda item: len(item[0]) if item else 0)
        return source

    @staticmethod
    def _trim(cache: OrderedDict[K, V], budget: int, size_of: Callable[[V], int]) -> None:
        total = sum(size_of(value) for value in cache.values())
        while len(cache) > 1 and total > budget:
            _, value = cache.popitem(last=False)
            total -= size_of(value)


def rasterise(data: bytes, info: PictureInfo, size: QSize) -> QImage | None:
    """Vetted ``data`` drawn at ``size`` (the caller keeps the picture's shape)."""
    if info.kind == "SVG":
        renderer = QSvgRenderer(QByteArray(data))
        if not renderer.isValid():
            return None
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        return image
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, b"png" if info.kind == "PNG" else b"jpeg")
    reader.setAutoTransform(True)
    reader.setScaledSize(size)
    image = reader.read()
    if image.isNull():
        log.info("a %s picture could not be drawn: %s", info.kind, reader.errorString())
        return None
    if image.size() != size:  # an odd decoder that ignores the scaled size
        image = image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image


_STORE: PictureStore | None = None


def picture_store() -> PictureStore:
    """The process's one store (pictures are shared by every screen)."""
    global _STORE
    if _STORE is None:
        _STORE = PictureStore()
        atexit.register(_STORE.shutdown)
    return _STORE


def undrawable_pictures(bundle: ContentBundle) -> list[ContentProblem]:
    """A problem for each picture in ``bundle`` that passed vetting but that Qt cannot draw
    (for ``kiosk check``: a picture that would be blank on screen is an error, not silence)."""
    if QGuiApplication.instance() is None:
        from kiosk.app import ensure_application

        ensure_application()
    problems: list[ContentProblem] = []
    seen: dict[Path, bool] = {}
    for code, language in bundle.languages.items():
        for section in language.sections:
            pictures = [section.illustration] if section.illustration else []
            for path in [*pictures, *section.images.values()]:
                if path not in seen:
                    seen[path] = _drawable(path)
                if not seen[path]:
                    why = ("it uses SVG features the kiosk cannot draw" if path.suffix.lower() == ".svg"
                           else "its pixels are damaged")
                    problems.append(ContentProblem(f"{code}/{section.file_name}", None,
                                                   f"picture '{path.name}' cannot be drawn: {why}; save "
                                                   "it again", Severity.ERROR))
    return problems


def _drawable(path: Path) -> bool:
    try:
        data, info = read_picture(path)
    except PictureRefused:
        return True  # already an error of the loader
    side = 96
    ratio = info.width / info.height if info.height else 1.0
    if ratio >= 1:
        size = QSize(side, max(1, round(side / ratio)))
    else:
        size = QSize(max(1, round(side * ratio)), side)
    return rasterise(data, info, size) is not None
