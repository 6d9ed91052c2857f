"""Telling systemd how the kiosk is: the ``sd_notify`` protocol, in plain Python.

Under a unit with ``Type=notify`` and ``WatchdogSec=``, systemd sets ``NOTIFY_SOCKET``
(a Unix datagram socket; a leading ``@`` means the abstract namespace) and
``WATCHDOG_USEC`` (with ``WATCHDOG_PID``). The kiosk sends ``READY=1`` once its first
frame is on screen, ``WATCHDOG=1`` from a timer on the UI thread (so a hung event loop
stops the pings and systemd restarts the kiosk), and ``STOPPING=1`` on a clean exit.
With no ``NOTIFY_SOCKET`` (a desktop, Windows, the tests) every call does nothing.

Pure module: no Qt here; :mod:`kiosk.ui.heartbeat` drives it from the event loop.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


def socket_address(value: str) -> str | None:
    """The address to send to, from ``NOTIFY_SOCKET``; None when it is unusable."""
    if value.startswith("@"):
        return "\0" + value[1:]  # abstract namespace (Linux)
    if value.startswith("/"):
        return value
    return None  # (vsock addresses are for virtual machines; not for a kiosk)


def watchdog_seconds(environ: Mapping[str, str] | None = None, pid: int | None = None,
                     parent: int | None = None) -> float | None:
    """systemd's watchdog period for this process (``WatchdogSec=``), or None when off.

    systemd names the unit's main process in ``WATCHDOG_PID``. In the kiosk's units that is
    the compositor or ``xinit`` that starts the kiosk (``cage -- crps-kiosk``), so the
    kiosk answers for the watchdog when it is that process or its direct child; any
    process further down (something the kiosk starts) does not."""
    env = os.environ if environ is None else environ
    text = env.get("WATCHDOG_USEC", "")
    owner = env.get("WATCHDOG_PID", "")
    ours = {str(os.getpid() if pid is None else pid), str(os.getppid() if parent is None else parent)}
    if owner and owner not in ours:
        return None  # meant for another process
    try:
        usec = int(text)
    except ValueError:
        return None
    return usec / 1_000_000 if usec > 0 else None


class SystemdNotifier:
    """Sends state lines to systemd; does nothing when the kiosk was not started by it."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        raw = env.get("NOTIFY_SOCKET", "")
        self.address = socket_address(raw) if raw else None
        if raw and self.address is None:
            log.warning("NOTIFY_SOCKET=%r is not a Unix socket path; not telling systemd anything", raw)
        self.watchdog_seconds = watchdog_seconds(env)
        self._socket: socket.socket | None = None
        self._failed = False

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def notify(self, state: str) -> bool:
        """Send one datagram such as ``"READY=1"``; True when it was sent."""
        if self.address is None:
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto(state.encode("utf-8"), self.address)
        except OSError as error:
            if not self._failed:  # say it once, not every few seconds
                log.error("cannot tell systemd %r: %s", state.split("=", 1)[0], error)
                self._failed = True
            return False
        self._failed = False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def ping(self) -> bool:
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
