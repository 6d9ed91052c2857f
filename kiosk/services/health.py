"""How the kiosk reports to the machine it runs on, from the UI thread's event loop.

:class:`Heartbeat` tells systemd ``READY=1`` once the window's first frame is painted and
then ``WATCHDOG=1`` from a timer on the UI thread: if the event loop hangs, the pings stop
and systemd (``WatchdogSec=``) restarts the kiosk. :class:`MetricsPublisher` writes the
Prometheus text file every minute and whenever it is told something changed.
:class:`Health` puts both together for the running kiosk, from the content service's
state; :class:`TerminateHandler` makes ``systemctl stop`` a clean exit.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import signal
import socket
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier, QTimer, Signal, Slot

from kiosk import DISPLAY_NAME, __version__
from kiosk.config import Config
from kiosk.content.model import Severity
from kiosk.metrics import FILE_NAME, KioskHealth, content_version, write_metrics
from kiosk.services.content import ContentService
from kiosk.watchdog import SystemdNotifier

log = logging.getLogger(__name__)
TimerFactory = Callable[[QObject], Any]


class Heartbeat(QObject):
    """Signals:
        ready_sent(): READY=1 went out (after the first frame).
    """

    ready_sent = Signal()

    def __init__(self, notifier: SystemdNotifier, timer_factory: TimerFactory = QTimer,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.ready = False
        self._status = ""
        self._watched: QObject | None = None
        self._timer = timer_factory(self)
        seconds = notifier.watchdog_seconds
        # Half the period, as systemd advises: one late ping is not yet a restart.
        self.interval_ms = max(100, round(seconds * 500)) if seconds else 0
        self._timer.setInterval(self.interval_ms or 1000)
        self._timer.timeout.connect(self._on_timeout)

    def start(self, window: QObject, status: str = "", painted: bool = False) -> None:
        """Send READY=1 after ``window`` paints for the first time (at once when it has
        ``painted`` already), then ping."""
        self._status = status
        if not self.notifier.enabled:
            return
        if painted:
            self.ready = True
            QTimer.singleShot(0, self, self._send_ready)
            return
        self._watched = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._watched and event.type() == QEvent.Type.Paint and not self.ready:
            self.ready = True
            watched.removeEventFilter(self)
            # Posted, so it goes out once this paint has finished and the frame is on screen.
            QTimer.singleShot(0, self, self._send_ready)
        return False

    @Slot()
    def _send_ready(self) -> None:
        # Pings start with READY: a start-up that hangs is TimeoutStartSec's business.
        if self.interval_ms:
            self._timer.start()
        if self.notifier.ready(self._status):
            every = f" (watchdog every {self.interval_ms / 1000:.1f} s)" if self.interval_ms else ""
            log.info("told systemd the kiosk is ready%s", every)
        self.ready_sent.emit()

    @Slot()
    def _on_timeout(self) -> None:
        self.notifier.ping()

    @Slot()
    def stop(self) -> None:
        """A clean exit: stop pinging and say so."""
        self._timer.stop()
        if self.notifier.enabled:
            self.notifier.stopping()
        self.notifier.close()


class MetricsPublisher(QObject):
    """Writes ``crps_kiosk.prom`` into ``folder`` every ``interval_seconds`` and on
    :meth:`publish`. ``health`` says what to write; ``clock`` gives the time."""

    def __init__(self, folder: Path, health: Callable[[], KioskHealth], interval_seconds: int = 60,
                 clock: Callable[[], float] = time.time, timer_factory: TimerFactory = QTimer,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.health = health
        self.clock = clock
        self.last_error: str | None = None
        self._timer = timer_factory(self)
        self._timer.setInterval(interval_seconds * 1000)
        self._timer.timeout.connect(self.publish)

    def start(self) -> None:
        self.publish()
        self._timer.start()

    @Slot()
    def publish(self) -> bool:
        return self._write(self.health())

    def stop(self) -> None:
        """A clean exit: the file says the kiosk is no longer up."""
        self._timer.stop()
        health = self.health()
        self._write(dataclasses.replace(health, up=False))

    def _write(self, health: KioskHealth) -> bool:
        try:
            write_metrics(self.folder, health, self.clock())
        except OSError as error:
            message = f"cannot write the metrics file in {self.folder}: {error.strerror or error}"
            if message != self.last_error:  # once per kind of failure, not every minute
                log.error("%s", message)
            self.last_error = message
            return False
        if self.last_error is not None:
            log.info("the metrics file in %s is written again", self.folder)
        self.last_error = None
        return True


class TerminateHandler(QObject):
    """Ends the event loop cleanly on SIGTERM (``systemctl stop``) and SIGINT (Ctrl+C), so
    that the exit path runs (STOPPING=1, ``up 0``). Python runs signal handlers only when
    it gets control, and Qt's loop is in C++: a byte on a socket pair wakes the loop.
    Call :meth:`close` once the loop has ended."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__()
        self.app = app
        self._receiver, self._sender = socket.socketpair()
        for end in (self._receiver, self._sender):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._sender.fileno())
        self._notifier = QSocketNotifier(self._receiver.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wake)
        self._previous = {number: signal.signal(number, self._on_signal)
                          for number in (signal.SIGTERM, signal.SIGINT)}

    @Slot()
    def _on_wake(self) -> None:
        try:
            self._receiver.recv(64)
        except OSError:
            pass

    def _on_signal(self, number: int, _frame: object) -> None:
        log.info("%s received: closing", signal.Signals(number).name)
        self.app.exit(0)  # not quit(): that asks the windows first, and the locked kiosk says no

    def close(self) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._receiver.close()
        self._sender.close()


def quit_on_terminate(app: QCoreApplication) -> TerminateHandler | None:
    """A :class:`TerminateHandler` for ``app`` (None on Windows, which has no SIGTERM)."""
    if sys.platform == "win32":
        return None
    return TerminateHandler(app)


class Health:
    """What the running kiosk tells the machine: READY and the watchdog to systemd, its
    health to the metrics file (``metrics_dir``), from ``content``'s state."""

    def __init__(self, config: Config, content: ContentService, window: QObject,
                 started_at: float | None = None, environ: Mapping[str, str] | None = None,
                 clock: Callable[[], float] = time.time, timer_factory: TimerFactory = QTimer,
                 visits_yesterday: Callable[[], int | None] = lambda: None) -> None:
        self.content = content
        self.visits_yesterday = visits_yesterday  # the last whole day's visits (None: counting is off)
        self.window = window
        self.clock = clock
        self.started_at = clock() if started_at is None else started_at
        self.last_reload_at = clock()
        self.last_reload_ok = not content.status.fell_back
        self.heartbeat = Heartbeat(SystemdNotifier(environ), timer_factory, window)
        self.metrics: MetricsPublisher | None = None
        if config.metrics_dir is not None:
            self.metrics = MetricsPublisher(config.metrics_dir, self.health, clock=clock,
                                            timer_factory=timer_factory, parent=window)
        content.load_finished.connect(self._on_load_finished)

    def start(self, painted: bool = False) -> Health:
        """Start telling; ``painted``: the window's first frame is on screen already."""
        self.heartbeat.start(self.window, status=f"{DISPLAY_NAME} {__version__}", painted=painted)
        if self.metrics is not None:
            self.metrics.start()
            log.info("metrics every minute in %s", self.metrics.folder / FILE_NAME)
        return self

    def health(self) -> KioskHealth:
        status = self.content.status
        bundle = self.content.bundle
        today = datetime.date.fromtimestamp(self.clock())
        errors = sum(1 for p in status.problems if p.severity is Severity.ERROR)
        return KioskHealth(
            version=__version__, started_at=self.started_at, content_version=content_version(bundle),
            content_dir=str(status.folder), content_errors=errors,
            content_warnings=len(status.problems) - errors, content_fell_back=status.fell_back,
            pages=sum(len(language.sections) for language in bundle.languages.values()),
            last_reload_at=self.last_reload_at, last_reload_ok=self.last_reload_ok,
            pages_overdue=sum(1 for review in status.reviews if review.overdue_on(today)),
            visits_yesterday=self.visits_yesterday())

    def _on_load_finished(self, replaced: bool) -> None:
        self.last_reload_at = self.clock()
        self.last_reload_ok = replaced
        if self.metrics is not None:
            self.metrics.publish()

    def stop(self) -> None:
        """A clean exit: STOPPING=1 to systemd, ``up 0`` in the metrics file."""
        self.heartbeat.stop()
        if self.metrics is not None:
            self.metrics.stop()
