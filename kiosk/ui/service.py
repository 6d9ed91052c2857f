"""How the kiosk reports to the machine it runs on, from the UI thread's event loop.

:class:`Heartbeat` tells systemd ``READY=1`` once the window's first frame is painted and
then ``WATCHDOG=1`` from a timer on the UI thread: if the event loop hangs, the pings stop
and systemd (``WatchdogSec=``) restarts the kiosk. :class:`MetricsPublisher` writes the
Prometheus text file every minute and whenever it is told something changed.
"""

from __future__ import annotations

import dataclasses
import logging
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from kiosk.metrics import KioskHealth, write_metrics
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
        self._watched: QWidget | None = None
        self._timer = timer_factory(self)
        seconds = notifier.watchdog_seconds
        # Half the period, as systemd advises: one late ping is not yet a restart.
        self.interval_ms = max(100, round(seconds * 500)) if seconds else 0
        self._timer.setInterval(self.interval_ms or 1000)
        self._timer.timeout.connect(self._on_timeout)

    def start(self, window: QWidget, status: str = "") -> None:
        """Send READY=1 after ``window`` paints for the first time; ping from now on."""
        self._status = status
        if not self.notifier.enabled:
            return
        self._watched = window
        window.installEventFilter(self)
        if self.interval_ms:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._watched and event.type() == QEvent.Type.Paint and not self.ready:
            self.ready = True
            watched.removeEventFilter(self)
            # Posted, so it goes out once this paint has finished and the frame is on screen.
            QTimer.singleShot(0, self, self._send_ready)
        return False

    @Slot()
    def _send_ready(self) -> None:
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
