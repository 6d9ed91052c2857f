"""SVG pictures, vetted with the standard library's expat parser before Qt sees them.

Entities and document types of their own are refused (expat never fetches anything), and
so is anything that reaches outside the picture or that would take ages to draw. See
:mod:`kiosk.content.pictures` for the list. Pure Python: no Qt.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from xml.parsers import expat

from kiosk.content.pictures import PictureInfo, PictureRefused

MAX_SVG_SIDE = 16384
MAX_SVG_NUMBER = 1_000_000.0
MAX_USE_DEPTH = 4
MAX_ELEMENT_DEPTH = 64
MAX_ELEMENTS = 20_000
MAX_DRAWN_ELEMENTS = 50_000

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


@dataclass
class _Node:
    tag: str
    parent: int | None
    children: list[int] = field(default_factory=list)
    use: str | None = None  # the id a <use> draws
    line: int | None = None


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
        node = _Node(tag, self.stack[-1] if self.stack else None, line=self.parser.CurrentLineNumber)
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
                raise PictureRefused("the SVG picture has a <use> that draws itself", self.nodes[index].line)
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
                raise PictureRefused(f"the SVG picture nests <use> more than {MAX_USE_DEPTH} deep", node.line)
            if count > MAX_DRAWN_ELEMENTS:
                raise PictureRefused(f"the SVG picture would draw more than {MAX_DRAWN_ELEMENTS} shapes "
                                     "(too many <use> copies)", node.line)
            depth[index], drawn[index] = deepest, count
            return deepest, count

        if self.nodes:
            walk(0)


def vet_svg(data: bytes) -> PictureInfo:
    """Vet ``data`` as an SVG picture; raises :class:`PictureRefused` (with the line)."""
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
