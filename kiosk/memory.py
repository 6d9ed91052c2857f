"""Giving memory back to the system.

The C library keeps memory the program has freed (pages read, pictures drawn, a visit's
screens) for its own reuse; on glibc ``malloc_trim(0)`` hands it back. The kiosk calls
:func:`return_freed_memory` when a visit ends, so that what one visitor needed does not
stay with the process all day. Elsewhere (Windows, musl) it does nothing.

glibc also raises its "large block" threshold each time a large block is freed (up to
32 MB), after which pictures, page layouts and screen-sized layers come from the heap and,
once freed, stay there, scattered between blocks still in use (measured: steady PSS 121 to
123 MB after every screen against 106 with the threshold fixed). :func:`keep_heap_small`,
called once at start, fixes it at 2 MB: larger blocks are mapped on their own and returned
to the system the moment they are freed. (At glibc's starting value, 128 KB, the memory
was the same within 1 MB, but every page change mapped its ~1.3 MB picture afresh:
50,000 page faults against 28,000 over 96 page changes, ~0.7 ms more system time each.)

Freed memory also stays with the process between visits: a screen change lets go of the
screen left's pictures, layouts and style caches, and the deferred deletions free widgets,
and glibc keeps all of it scattered through the heap (measured: 4 MB of steady RSS after
every screen, 6 MB at the peak). :func:`trim_heap` hands the whole free pages back; the
window calls it after each screen change, once the new screen is painted (0.02 to 0.7 ms,
measured; ~100 more page faults per change as the next screens take the pages back).

PySide6's import hook reads the source of every module imported after it (to see whether
the module uses its "features"), and Python's ``linecache`` keeps those lines: ~3 MB of
text in 80,000 objects once every screen has been made. :func:`forget_source_lines` lets
them go (a traceback reads its lines again when it needs them).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import linecache
import logging
import sys
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # mallopt's parameter number (glibc's malloc.h)
LARGE_BLOCK = 2 << 20  # blocks this large or larger are mapped on their own


@functools.cache
def _glibc_function(name: str, argtypes: tuple[Any, ...], restype: Any) -> Callable[..., int] | None:
    """A function of the C library the program runs on, looked up once; None when it is not
    glibc. The library is opened by its name on glibc: ``ctypes.util.find_library`` would ask
    ``ldconfig`` in a child process, at every start."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = getattr(ctypes.CDLL("libc.so.6"), name)
    except (OSError, AttributeError):  # not glibc (musl names its C library otherwise)
        return None
    function.argtypes, function.restype = list(argtypes), restype
    return function


def keep_heap_small() -> bool:
    """Have glibc map every block of 2 MB or more on its own, so that it goes back to the
    system when freed (the threshold no longer rises); True when it could (glibc)."""
    mallopt = _glibc_function("mallopt", (ctypes.c_int, ctypes.c_int), ctypes.c_int)
    if mallopt is None:
        return False
    if mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK) != 1:
        log.info("the C library did not take a fixed large-block threshold")
        return False
    return True


def forget_source_lines() -> None:
    """Let go of the source lines kept of the modules imported so far (see above)."""
    linecache.clearcache()


def trim_heap() -> bool:
    """Ask the C library to return the free pages of its heap to the system (no garbage
    collection: cheap enough for every screen change); True when it could (glibc)."""
    trim = _glibc_function("malloc_trim", (ctypes.c_size_t,), ctypes.c_int)
    if trim is None:
        return False
    trim(0)
    return True


def return_freed_memory() -> bool:
    """Collect Python's garbage, then ask the C library to return free memory to the
    system; True when it could (glibc)."""
    forget_source_lines()
    gc.collect()
    return trim_heap()
