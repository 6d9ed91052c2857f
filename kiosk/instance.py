"""One kiosk at a time: a lock on a file in the kiosk's state folder.

The operating system holds the lock for the process (``fcntl.flock`` on Linux and macOS,
``msvcrt.locking`` on Windows) and lets go of it when the process ends in any way,
a crash or a kill included, so a kiosk that died never keeps the next one out (a file
that merely exists, like a pid file, would). The file holds the process id only so the
message can name the kiosk that is running.

Pure Python: no Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

LOCK_NAME = "kiosk.lock"


class AlreadyRunning(RuntimeError):
    """Another kiosk holds the lock; the message is one line for IT."""


class InstanceLock:
    """Hold with :meth:`acquire`; :meth:`release` (or the process ending) lets go."""

    def __init__(self, folder: Path, name: str = LOCK_NAME) -> None:
        self.path = folder / name
        self._descriptor: int | None = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`AlreadyRunning` (or :class:`OSError` when the
        state folder cannot be written)."""
        if self._descriptor is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            _lock(descriptor)
        except OSError:
            other = _read_pid(descriptor)
            os.close(descriptor)
            who = f" (process {other})" if other else ""
            raise AlreadyRunning(f"another kiosk is already running{who}; only one runs at a time "
                                 f"(it holds {self.path})") from None
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        self._descriptor = descriptor

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        try:
            os.ftruncate(descriptor, 0)
            _unlock(descriptor)
        except OSError:
            pass
        finally:
            os.close(descriptor)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def run_alone(folder: Path, run: Callable[[], int]) -> int:
    """``run()`` while holding the lock in ``folder``; when another kiosk holds it, say so
    in one line and return 1 without running. A state folder that cannot be written is
    said too, and the kiosk runs anyway (better a kiosk than none)."""
    lock = InstanceLock(folder)
    try:
        lock.acquire()
    except AlreadyRunning as error:
        print(f"kiosk not started: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"cannot take the one-kiosk lock {lock.path} ({error.strerror}); starting anyway",
              file=sys.stderr)
    try:
        return run()
    finally:
        lock.release()


def _read_pid(descriptor: int) -> str:
    try:
        text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    except (OSError, AttributeError):
        return ""
    return text if text.isdigit() else ""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows
    import msvcrt

    _LOCKED_BYTE = 1 << 20  # past the process id, which stays readable

    def _lock(descriptor: int) -> None:
        os.lseek(descriptor, _LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, _LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
