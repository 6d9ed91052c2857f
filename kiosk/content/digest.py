"""The hashes the content cache keeps: BLAKE2b of files' bytes, of a folder's path.

From the standard library's own BLAKE2 (``_blake2``, what ``hashlib.blake2b`` is): importing
``hashlib`` first loads OpenSSL's libcrypto for its other hashes (~3 ms of CPU and ~1 MB of
memory at every start), which the start does not need.

Pure Python: no Qt.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without its own BLAKE2
    from hashlib import blake2b

DIGEST_BYTES = 16
CHUNK_BYTES = 1 << 18


def bytes_digest(data: bytes) -> str:
    """The hash of ``data``, as hex."""
    return blake2b(data, digest_size=DIGEST_BYTES).hexdigest()


def file_digest(handle: BinaryIO) -> str:
    """The hash of what is left to read of ``handle``, as hex (read in chunks)."""
    digest = blake2b(digest_size=DIGEST_BYTES)
    while chunk := handle.read(CHUNK_BYTES):
        digest.update(chunk)
    return digest.hexdigest()


def path_digest(path: Path) -> str:
    """A short name for ``path`` (the same path, the same name)."""
    return blake2b(str(path).encode("utf-8"), digest_size=8).hexdigest()
