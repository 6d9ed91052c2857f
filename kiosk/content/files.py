"""Reading a file named by the content folder, safely: regular files only, never blocking.

A named pipe (FIFO), a device such as ``/dev/zero``, a socket or a folder saved where a
content file belongs would freeze whoever opens it (a FIFO blocks ``open`` until a
writer comes; ``/dev/zero`` never ends). So every content file, picture and font is
read through :func:`read_regular`: it checks ``stat`` before opening, opens without
blocking, checks again on the open file (the name may have been swapped meanwhile),
and never reads more than a limit.

Pure Python: no Qt.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 1_000_000

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class FileRefused(OSError):
    """A content file that is not read; ``str()`` says why, in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def describe_kind(mode: int) -> str:
    """What a non-regular file is, in words staff know."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not an ordinary file"


def not_regular_reason(mode: int) -> str:
    return (f"it is {describe_kind(mode)}, not an ordinary file; the kiosk opens only ordinary "
            "files (save it again as a normal file)")


def is_regular(path: Path) -> bool:
    """True for an ordinary file (following links); False for anything else or nothing."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def file_mode(path: Path) -> int | None:
    """The file's mode (following links), or None when there is nothing to look at."""
    try:
        return os.stat(path).st_mode
    except (OSError, ValueError):
        return None


def is_inside(root: Path, path: Path) -> bool:
    """True when ``path``, links followed, lies in the (resolved) folder ``root``."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, ValueError, RuntimeError):
        return False


def read_regular(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the ordinary file at ``path``, at most ``limit`` of them.

    Raises :class:`FileRefused` (a kind of :class:`OSError`) with a plain message for a
    file that is missing, not ordinary, too big or unreadable. Never blocks on a pipe or
    a device: they are refused before they are opened, and the open itself does not wait."""
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise FileRefused("the file does not exist") from None
    except (OSError, ValueError) as error:
        raise FileRefused(f"the file cannot be read ({_why(error)})") from None
    if not stat.S_ISREG(before.st_mode):
        raise FileRefused(not_regular_reason(before.st_mode))
    if before.st_size > limit:
        raise FileRefused(_too_big(before.st_size, limit))
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise FileRefused(f"the file cannot be read ({_why(error)})") from None
    try:
        after = os.fstat(descriptor)
        if not stat.S_ISREG(after.st_mode):
            raise FileRefused(not_regular_reason(after.st_mode))
        if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
            raise FileRefused("the file was replaced while it was being read; it is read again "
                              "at the next check")
        return _read_limited(descriptor, limit)
    except BlockingIOError:
        raise FileRefused("the file is not ready to be read (it may still be being saved)") from None
    except FileRefused:
        raise
    except OSError as error:
        raise FileRefused(f"the file cannot be read ({_why(error)})") from None
    finally:
        os.close(descriptor)


def _read_limited(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise FileRefused(_too_big(size, limit))


def _too_big(size: int, limit: int) -> str:
    return f"the file is too big ({size // 1000} KB; the limit is {limit // 1000} KB)"


def _why(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
