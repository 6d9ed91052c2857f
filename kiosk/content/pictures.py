"""Pictures are vetted before Qt ever sees them.

Qt's SVG renderer follows ``<image>`` to any file on the machine and expands ``<use>``
without limit; its image readers allocate whatever size a header claims. So a picture
from the content folder is read here (ordinary files only, see :mod:`kiosk.content.files`)
and refused, with the line of the SVG where it can, when it:

- is not an SVG, PNG or JPEG file, or its contents do not match its name;
- is an SVG that reaches outside itself (``<image>``, ``<script>``, ``<foreignObject>``,
  an ``href``/``xlink:href`` that is not ``#id`` in the same file, CSS ``url()`` of
  anything but ``#id``, ``@import``, a style sheet instruction), declares entities or a
  document type of its own, nests ``<use>`` more than 4 deep (or
  would draw more than 50,000 shapes), nests elements more than 64 deep, or declares an
  absurd size (:mod:`kiosk.content.svg`);
- is a PNG or JPEG wider or taller than :data:`MAX_SIDE` pixels (read from the header),
  or is cut short or broken (a PNG's chunks and compressed pixels are checked in full).

The UI shows only the bytes that were vetted (:func:`read_picture`), never a path, so a
file swapped after the check is vetted again. Bytes vetted in full once are not vetted
again: what vetting found is remembered by a hash of the bytes (BLAKE2, as the content
cache hashes files), in this process and, through the content cache, for the next start
(:func:`vetted_entries`, :func:`remember_vetted`): the same bytes give the same answer.

Pure Python: no Qt.
"""

from __future__ import annotations

import math
import os
import stat
import struct
import zlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.content.digest import bytes_digest  # the hash the content cache keeps of a file's bytes
from kiosk.content.files import FileRefused, file_mode, is_inside, not_regular_reason, read_regular

MAX_PICTURE_BYTES = 5_000_000
MAX_SIDE = 4096
PICTURE_TYPES = {".svg": "SVG", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
SUPPORTED = "SVG, PNG and JPEG (.svg, .png, .jpg)"

class PictureRefused(ValueError):
    """A picture the kiosk does not show; ``line`` is the SVG line, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message if self.line is None else f"{self.message} (line {self.line})"


@dataclass(frozen=True)
class PictureInfo:
    """What vetting found: the kind (``SVG``, ``PNG``, ``JPEG``) and the natural size."""

    kind: str
    width: float
    height: float


def picture_type(path: Path | str) -> str | None:
    """``SVG``, ``PNG`` or ``JPEG`` from the file name; None for any other kind of file."""
    return PICTURE_TYPES.get(Path(path).suffix.lower())


def read_picture(path: Path, thorough: bool = True) -> tuple[bytes, PictureInfo]:
    """The bytes of the picture at ``path`` and what they are, after vetting.
    Raises :class:`PictureRefused` saying why it cannot be shown. ``thorough=False``
    skips inflating a PNG's pixels (the check, which did that, already said it is whole);
    the type and the size from the header are always checked."""
    kind = picture_type(path)
    if kind is None:
        raise PictureRefused(f"the kiosk shows only {SUPPORTED} pictures")
    try:
        data = read_regular(path, MAX_PICTURE_BYTES)
    except FileRefused as error:
        raise PictureRefused(str(error)) from None
    key = (kind, bytes_digest(data))
    known = _VETTED.get(key)
    if known is not None:
        return data, known
    info = vet_picture_bytes(data, kind, thorough)
    if thorough:  # only a full vetting vouches for these bytes
        _VETTED[key] = info
    return data, info


# What vetting in full found, by (kind, hash of the bytes); read and written from the UI
# thread and the content loader's thread (a dict: each step is atomic, iteration is over a copy).
_VETTED: dict[tuple[str, str], PictureInfo] = {}


def vetted_entries(digests: Collection[str]) -> list[list[Any]]:
    """What vetting found for the bytes with these hashes, as plain data for the content
    cache: ``[kind, hash, width, height]`` each."""
    return [[kind, digest, info.width, info.height] for (kind, digest), info in sorted(_VETTED.copy().items())
            if digest in digests]


def remember_vetted(entries: Iterable[Any], digests: Collection[str]) -> int:
    """Take :func:`vetted_entries` back from the content cache, only for bytes with these
    hashes (the files the cache was checked against); anything malformed is left out.
    Returns how many were taken."""
    taken = 0
    for entry in entries:
        if not (isinstance(entry, list) and len(entry) == 4):
            continue
        kind, digest, width, height = entry
        if (kind in PICTURE_TYPES.values() and isinstance(digest, str) and digest in digests
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v > 0
                        for v in (width, height))):
            _VETTED[(kind, digest)] = PictureInfo(kind, float(width), float(height))
            taken += 1
    return taken


def forget_vetted() -> None:
    """Forget what was vetted (as a new process would; for the tests)."""
    _VETTED.clear()


def vet_picture(path: Path) -> PictureInfo:
    """Vet the picture at ``path``; raises :class:`PictureRefused`."""
    return read_picture(path)[1]


def vet_picture_bytes(data: bytes, kind: str, thorough: bool = True) -> PictureInfo:
    """Vet ``data`` as a picture of ``kind`` (``SVG``, ``PNG``, ``JPEG``)."""
    if not data.strip():
        raise PictureRefused("the picture file is empty")
    found = _sniff(data)
    if kind == "SVG":
        if found in ("PNG", "JPEG"):
            raise PictureRefused(f"the file is a {found} picture, not an SVG: rename it to match")
        from kiosk.content.svg import vet_svg  # here: svg.py builds on this module

        return vet_svg(data)
    if found != kind:
        what = f"a {found} picture" if found else "not a picture the kiosk can show"
        raise PictureRefused(f"the file is {what}, not a {kind} picture")
    return _vet_png(data, thorough) if kind == "PNG" else _vet_jpeg(data)


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    return None


def _too_big(width: float, height: float) -> PictureRefused:
    return PictureRefused(f"the picture is {width:.0f} x {height:.0f} pixels; the kiosk shows pictures "
                          f"up to {MAX_SIDE} pixels a side (make it smaller)")


# ---------------------------------------------------------------------------- PNG

_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_BIT_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def _vet_png(data: bytes, thorough: bool = True) -> PictureInfo:
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise PictureRefused("the PNG picture is broken (it has no header)")
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    if width == 0 or height == 0:
        raise PictureRefused("the PNG picture has no pixels")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise _too_big(width, height)
    if depth not in _BIT_DEPTHS.get(color, ()):
        raise PictureRefused("the PNG picture is broken (its colour type is not valid)")
    if thorough:
        _check_png_chunks(data, _png_data_size(width, height, _CHANNELS[color] * depth, interlace == 1))
    return PictureInfo("PNG", width, height)


def _png_data_size(width: int, height: int, bits: int, interlaced: bool) -> int:
    if not interlaced:
        return height * (1 + (width * bits + 7) // 8)
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        pass_width = (width - x0 + dx - 1) // dx if width > x0 else 0
        pass_height = (height - y0 + dy - 1) // dy if height > y0 else 0
        if pass_width and pass_height:
            total += pass_height * (1 + (pass_width * bits + 7) // 8)
    return total


def _check_png_chunks(data: bytes, expected: int) -> None:
    """Walk every chunk (checking its CRC) and inflate the pixels in small steps,
    counting them: a PNG that Qt would fail to draw, or draw cut short, is refused."""
    broken = "the PNG picture is broken or cut short; save it again"
    position = 8
    inflater = zlib.decompressobj()
    inflated = 0
    ended = False
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if len(body) != length or position + 12 + length > len(data):
            raise PictureRefused(broken)
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise PictureRefused(broken)
        position += 12 + length
        if kind == b"IDAT":
            try:
                inflated += _inflate(inflater, body, expected - inflated + 1)
            except zlib.error:
                raise PictureRefused(broken) from None
            if inflated > expected:
                raise PictureRefused(broken)
        elif kind == b"IEND":
            ended = True
            break
    if not ended or inflated != expected:
        raise PictureRefused(broken)


def _inflate(inflater: zlib._Decompress, chunk: bytes, room: int) -> int:
    """Inflate ``chunk`` without keeping the result; stop once more than ``room`` came out."""
    produced = 0
    pending = chunk
    while pending and produced <= room:
        produced += len(inflater.decompress(pending, 1 << 16))
        pending = inflater.unconsumed_tail
    return produced


# ---------------------------------------------------------------------------- JPEG

_SOF_MARKERS = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _vet_jpeg(data: bytes) -> PictureInfo:
    width, height = _jpeg_size(data)
    if width == 0 or height == 0:
        raise PictureRefused("the JPEG picture has no pixels (or gives its height later, which the "
                             "kiosk does not read)")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise _too_big(width, height)
    if b"\xff\xd9" not in data[-4096:]:
        raise PictureRefused(_JPEG_BROKEN)
    return PictureInfo("JPEG", width, height)


_JPEG_BROKEN = "the JPEG picture is broken or cut short; save it again"


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the frame header, walking the segments up to the pixels."""
    position = 2
    size: tuple[int, int] | None = None
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker == 0xFF or marker == 0x01 or 0xD0 <= marker <= 0xD7:  # fill bytes, no-length markers
            position += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        if length < 2 or position + 2 + length > len(data):
            break
        if marker in _SOF_MARKERS and length >= 7:
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            size = (width, height)
        if marker == 0xDA:  # start of scan: the pixels follow
            if size is not None:
                return size
            break
        position += 2 + length
    raise PictureRefused(_JPEG_BROKEN)


# ---------------------------------------------------------------------------- finding


class PictureFinder:
    """Finds the picture a page names: in its language folder, then the shared
    ``pictures/`` folder, then the program's own illustrations. Only paths inside those
    folders, only ordinary files, only vetted pictures; each is vetted once per load."""

    def __init__(self, root: Path, builtin: Path) -> None:
        self.root = root
        self.builtin = builtin
        self._vetted: dict[Path, PictureRefused | None] = {}

    def find(self, language_folder: Path, name: str) -> Path:
        """The picture's path; raises ValueError saying why it cannot be used."""
        if picture_type(name) is None:
            raise ValueError(f"the kiosk shows only {SUPPORTED} pictures")
        for base in (language_folder, self.root / "pictures", self.builtin):
            if base != self.builtin and not is_inside(self.root, base):
                continue  # a 'pictures' link to somewhere else: see linked_pictures_folder()
            try:
                candidate = paths.safe_join(base, name)
            except paths.UnsafePath as error:
                raise ValueError(str(error)) from None
            mode = file_mode(candidate)
            if mode is None:
                continue
            refused = self._vet(candidate, mode)
            if refused is not None:
                inside = is_inside(self.root, candidate)
                where = candidate.relative_to(self.root).as_posix() if inside else candidate.name
                at = f"{where}, line {refused.line}" if refused.line else where
                raise ValueError(f"{refused.message} ({at})")
            return candidate
        raise ValueError("no such file in the language folder, in 'pictures/' or among the "
                         "kiosk's own illustrations")

    def linked_pictures_folder(self) -> bool:
        """True when ``pictures`` is a link that leads outside the content folder."""
        folder = self.root / "pictures"
        return os.path.lexists(folder) and not is_inside(self.root, folder)

    def _vet(self, path: Path, mode: int) -> PictureRefused | None:
        if path not in self._vetted:
            refused: PictureRefused | None = None
            if not stat.S_ISREG(mode):
                refused = PictureRefused(not_regular_reason(mode))
            else:
                try:
                    vet_picture(path)
                except PictureRefused as error:
                    refused = error
            self._vetted[path] = refused
        return self._vetted[path]
