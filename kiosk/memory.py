"""Giving memory back to the system.

The C library keeps memory the program has freed (pages read, pictures drawn, a visit's
screens) for its own reuse; on glibc ``malloc_trim(0)`` hands it back. The kiosk calls
:func:`return_freed_memory` when a visit ends, so that what one visitor needed does not
stay with the process all day. Elsewhere (Windows, musl) it does nothing.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)

_trim: Callable[[int], int] | None = None
_looked = False


def _malloc_trim() -> Callable[[int], int] | None:
    global _trim, _looked
    if not _looked:
        _looked = True
        if sys.platform.startswith("linux"):
            import ctypes  # here: the first frame needs none of it
            import ctypes.util

            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                trim = libc.malloc_trim
                trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
                _trim = trim
            except (OSError, AttributeError):  # not glibc
                _trim = None
    return _trim


def return_freed_memory() -> bool:
    """Collect Python's garbage, then ask the C library to return free memory to the
    system; True when it could (glibc)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
