"""Pictures are vetted before Qt ever sees them.

Qt's SVG renderer follows ``<image>`` to any file on the machine and expands ``<use>``
without limit; its image readers allocate whatever size a header claims. So a picture
from the content folder is read here (ordinary files only, see :mod:`kiosk.content.files`)
and refused, with the line of the SVG where it can, when it:

- is not an SVG, PNG or JPEG file, or its contents do not match its name;
- is an SVG that reaches outside itself (``<image>``, ``<script>``, ``<foreignObject>``,
  an ``href``/``xlink:href`` that is not ``#id`` in the same file, CSS ``url()`` of
  anything but ``#id``, ``@import``, a style sheet instruction), declares entities or a
  document type of its own, nests ``<use>`` more than :data:`MAX_USE_DEPTH` deep (or
  would draw more than :data:`MAX_DRAWN_ELEMENTS` shapes), nests elements more than
  :data:`MAX_ELEMENT_DEPTH` deep, or declares an absurd size;
- is a PNG or JPEG wider or taller than :data:`MAX_SIDE` pixels (read from the header),
  or is cut short or broken (a PNG's chunks and compressed pixels are checked in full).

The UI shows only the bytes that were vetted (:func:`read_picture`), never a path, so a
file swapped after the check is vetted again.

Pure Python: no Qt.
"""

from __future__ import annotations

import math
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from kiosk.content.files import FileRefused, read_regular

MAX_PICTURE_BYTES = 5_000_000
MAX_SIDE = 4096
MAX_SVG_SIDE = 16384
MAX_SVG_NUMBER = 1_000_000.0
MAX_USE_DEPTH = 4
MAX_ELEMENT_DEPTH = 64
MAX_ELEMENTS = 20_000
MAX_DRAWN_ELEMENTS = 50_000
PICTURE_TYPES = {".svg": "SVG", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
SUPPORTED = "SVG, PNG and JPEG (.svg, .png, .jpg)"

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Elements that load or run something from outside the picture; Qt ignores some of them
# today, but a picture that has them is not what the kiosk's illustrations look like.
_REFUSED_ELEMENTS = {
    "image": "<image> shows another file",
    "feimage": "<feImage> shows another file",
    "script": "<script> is a program, not a picture",
    "foreignobject": "<foreignObject> embeds something that is not SVG",
    "animation": "<animation> shows another file",
    "video": "<video> plays another file",
    "audio": "<audio> plays another file",
    "iframe": "<iframe> shows another page",
    "font-face-uri": "<font-face-uri> loads another file",
}
_URL = re.compile(r"url\s*\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-z%]*)\s*$", re.IGNORECASE)


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


def read_picture(path: Path) -> tuple[bytes, PictureInfo]:
    """The bytes of the picture at ``path`` and what they are, after vetting.
    Raises :class:`PictureRefused` saying why it cannot be shown."""
    kind = picture_type(path)
    if kind is None:
        raise PictureRefused(f"the kiosk shows only {SUPPORTED} pictures")
    try:
        data = read_regular(path, MAX_PICTURE_BYTES)
    except FileRefused as error:
        raise PictureRefused(str(error)) from None
    return data, vet_picture_bytes(data, kind)


def vet_picture(path: Path) -> PictureInfo:
    """Vet the picture at ``path``; raises :class:`PictureRefused`."""
    return read_picture(path)[1]


def vet_picture_bytes(data: bytes, kind: str) -> PictureInfo:
    """Vet ``data`` as a picture of ``kind`` (``SVG``, ``PNG``, ``JPEG``)."""
    if not data.strip():
        raise PictureRefused("the picture file is empty")
    found = _sniff(data)
    if kind == "SVG":
        if found in ("PNG", "JPEG"):
            raise PictureRefused(f"the file is a {found} picture, not an SVG: rename it to match")
        return _vet_svg(data)
    if found != kind:
        what = f"a {found} picture" if found else "not a picture the kiosk can show"
        raise PictureRefused(f"the file is {what}, not a {kind} picture")
    return _vet_png(data) if kind == "PNG" else _vet_jpeg(data)


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


def _vet_png(data: bytes) -> PictureInfo:
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise PictureRefused("the PNG picture is broken (it has no header)")
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    if width == 0 or height == 0:
        raise PictureRefused("the PNG picture has no pixels")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise _too_big(width, height)
    if depth not in _BIT_DEPTHS.get(color, ()):
        raise PictureRefused("the PNG picture is broken (its colour type is not valid)")
    expected = _png_data_size(width, height, _CHANNELS[color] * depth, interlace == 1)
    _check_png_chunks(data, expected)
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


# ---------------------------------------------------------------------------- SVG


@dataclass
class _Node:
    tag: str
    parent: int | None
    children: list[int] = field(default_factory=list)
    use: str | None = None  # the id a <use> draws


class _SvgVetter:
    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        parser = self.parser
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.entity
        parser.UnparsedEntityDeclHandler = self.entity
        parser.ExternalEntityRefHandler = self.external_entity
        parser.NotationDeclHandler = self.entity
        parser.ProcessingInstructionHandler = self.instruction
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        self.nodes: list[_Node] = []
        self.stack: list[int] = []
        self.ids: dict[str, int] = {}
        self.in_style = 0
        self.width: float | None = None
        self.height: float | None = None
        self.view_box: tuple[float, float] | None = None

    def refuse(self, message: str) -> PictureRefused:
        return PictureRefused(message, self.parser.CurrentLineNumber)

    def doctype(self, name: str, system_id: str | None, public_id: str | None, internal: int) -> None:
        if internal:
            raise self.refuse("the SVG picture declares entities or a document type of its own "
                              "(<!DOCTYPE ... [ ]>); save it again as plain SVG")

    def entity(self, *args: object) -> None:
        raise self.refuse("the SVG picture declares entities (<!ENTITY>); save it again as plain SVG")

    def external_entity(self, *args: object) -> int:
        raise self.refuse("the SVG picture refers to an outside entity; save it again as plain SVG")

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            raise self.refuse("the SVG picture loads a style sheet from another file")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        tag = local.lower()
        if len(self.stack) >= MAX_ELEMENT_DEPTH:
            raise self.refuse(f"the SVG picture nests shapes more than {MAX_ELEMENT_DEPTH} levels deep")
        if len(self.nodes) >= MAX_ELEMENTS:
            raise self.refuse(f"the SVG picture has more than {MAX_ELEMENTS} parts")
        if not self.nodes and (tag != "svg" or namespace not in ("", SVG_NAMESPACE)):
            raise self.refuse("the file is not an SVG picture (it does not start with <svg>)")
        if tag in _REFUSED_ELEMENTS:
            raise self.refuse(f"the SVG picture is refused: {_REFUSED_ELEMENTS[tag]}")
        node = _Node(tag, self.stack[-1] if self.stack else None)
        for key, value in attributes.items():
            self.attribute(node, key.rpartition(" ")[2].lower(), value)
        index = len(self.nodes)
        self.nodes.append(node)
        if node.parent is not None:
            self.nodes[node.parent].children.append(index)
        element_id = attributes.get("id")
        if element_id:
            self.ids.setdefault(element_id, index)
        self.stack.append(index)
        if tag == "style":
            self.in_style += 1
        if index == 0:
            self.root_size(attributes)

    def attribute(self, node: _Node, key: str, value: str) -> None:
        if key == "href":
            target = value.strip()
            if not target.startswith("#") or len(target) < 2:
                raise self.refuse(f"the SVG picture links to something outside itself ({_short(target)}); "
                                  "only '#name' links inside the picture are allowed")
            if node.tag == "use":
                node.use = target[1:]
        elif key == "base":
            raise self.refuse("the SVG picture sets an outside base address (xml:base)")
        self.check_css(value)
        if key in ("width", "height", "x", "y", "r", "rx", "ry", "stroke-width", "font-size"):
            number = _number(value)
            if number is not None and (not math.isfinite(number) or abs(number) > MAX_SVG_NUMBER):
                raise self.refuse(f"the SVG picture gives an absurd {key} ({_short(value)})")

    def check_css(self, text: str) -> None:
        lowered = text.lower()
        if "@import" in lowered:
            raise self.refuse("the SVG picture imports a style sheet from another file")
        if "url" in lowered:
            for match in _URL.finditer(text):
                target = match.group(2).strip()
                if not target.startswith("#"):
                    raise self.refuse(f"the SVG picture uses url({_short(target)}), which is outside "
                                      "itself; only url(#name) is allowed")
            if re.search(r"url\s*\(", lowered) and not _URL.search(text):
                raise self.refuse("the SVG picture has a url( that is not closed")

    def end(self, name: str) -> None:
        index = self.stack.pop()
        if self.nodes[index].tag == "style":
            self.in_style -= 1

    def characters(self, text: str) -> None:
        if self.in_style:
            self.check_css(text)

    def root_size(self, attributes: dict[str, str]) -> None:
        for key in ("width", "height"):
            value = attributes.get(key)
            number = _number(value) if value else None
            if number is None:
                continue
            if number > MAX_SVG_SIDE:
                raise self.refuse(f"the SVG picture says it is {_short(value or '')} {key}; the kiosk "
                                  f"shows pictures up to {MAX_SVG_SIDE} a side")
            if number <= 0:
                raise self.refuse(f"the SVG picture has no {key}")
            setattr(self, key, number)
        box = attributes.get("viewBox")
        if box:
            parts = [_number(part) for part in re.split(r"[\s,]+", box.strip())]
            if len(parts) != 4 or any(p is None or not math.isfinite(p) or abs(p) > MAX_SVG_NUMBER
                                      for p in parts):
                raise self.refuse(f"the SVG picture has a viewBox the kiosk cannot use ({_short(box)})")
            width, height = parts[2] or 0.0, parts[3] or 0.0
            if width <= 0 or height <= 0:
                raise self.refuse("the SVG picture's viewBox has no size")
            self.view_box = (width, height)

    def check_uses(self) -> None:
        """Refuse ``<use>`` that points nowhere, at itself, or nests too deep or too wide."""
        depth: dict[int, int] = {}
        drawn: dict[int, int] = {}
        visiting: set[int] = set()

        def walk(index: int) -> tuple[int, int]:
            if index in depth:
                return depth[index], drawn[index]
            if index in visiting:
                raise PictureRefused("the SVG picture has a <use> that draws itself")
            visiting.add(index)
            node = self.nodes[index]
            deepest, count = 0, 1
            for child in node.children:
                child_depth, child_count = walk(child)
                deepest, count = max(deepest, child_depth), count + child_count
            if node.use is not None:
                target = self.ids.get(node.use)
                if target is not None:
                    target_depth, target_count = walk(target)
                    deepest, count = max(deepest, target_depth + 1), count + target_count
            visiting.discard(index)
            if deepest > MAX_USE_DEPTH:
                raise PictureRefused(f"the SVG picture nests <use> more than {MAX_USE_DEPTH} deep")
            if count > MAX_DRAWN_ELEMENTS:
                raise PictureRefused(f"the SVG picture would draw more than {MAX_DRAWN_ELEMENTS} shapes "
                                     "(too many <use> copies)")
            depth[index], drawn[index] = deepest, count
            return deepest, count

        if self.nodes:
            walk(0)


def _vet_svg(data: bytes) -> PictureInfo:
    vetter = _SvgVetter()
    try:
        vetter.parser.Parse(data, True)
    except expat.ExpatError as error:
        raise PictureRefused(f"the SVG picture is broken ({expat.ErrorString(error.code)})",
                             error.lineno) from None
    except RecursionError:
        raise PictureRefused("the SVG picture is nested too deep") from None
    if not vetter.nodes:
        raise PictureRefused("the file is not an SVG picture")
    vetter.check_uses()
    width, height = vetter.width, vetter.height
    if vetter.view_box is not None:
        box_width, box_height = vetter.view_box
        if width is None and height is None:
            width, height = box_width, box_height
        elif width is None:
            width = (height or box_height) * box_width / box_height
        elif height is None:
            height = width * box_height / box_width
    return PictureInfo("SVG", width or 100.0, height or 100.0)


def _number(value: str) -> float | None:
    match = _NUMBER.match(value)
    if match is None:
        return None
    try:
        return float(match.group(1))
    except ValueError:
        return None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
