"""Markdown -> safe HTML for the page view.

Raw HTML in a page is never interpreted: it is shown as the text it is. Links and
pictures are rewritten here, in one place:

* a link to another page (``05-blocks-pain-signals.md`` or ``blocks-pain-signals``)
  becomes ``page:<slug>``, which the kiosk follows inside itself;
* an outside web address is shown as text and never opened;
* any other link (``javascript:``, ``file:``, a page that does not exist) is dropped,
  keeping its words;
* a picture must be a file in the content folder; it becomes ``img:<n>`` and the page
  view may load only those files. Remote, ``data:``, ``file:`` and ``../`` pictures are
  dropped, keeping their alt text.

Each rewrite that staff should know about is reported as a :class:`LinkIssue`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from kiosk.content.model import Severity

PAGE_SCHEME = "page:"
IMAGE_SCHEME = "img:"
_WEB = re.compile(r"^(https?:|www\.)", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_PICTURE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class LinkIssue:
    target: str
    message: str
    severity: Severity
    missing_page: bool = False  # a link to a page that is not in the folder


@dataclass
class Rendered:
    html: str
    text: str
    images: dict[str, Path] = field(default_factory=dict)
    issues: list[LinkIssue] = field(default_factory=list)


# resolve_page(target) -> slug or None; resolve_picture(target) -> Path (raises ValueError with a reason)
PageResolver = Callable[[str], str | None]
PictureResolver = Callable[[str], Path]


class _SafeLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown, result: Rendered, pages: PageResolver,
                 pictures: PictureResolver) -> None:
        super().__init__(md)
        self.result = result
        self.pages = pages
        self.pictures = pictures

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            if element.tag == "a":
                self._link(element)
            elif element.tag == "img":
                self._picture(element)
        for element in root.iter():
            for name in list(element.attrib):
                if name not in {"href", "src", "alt", "class", "align", "width"}:
                    del element.attrib[name]

    def _issue(self, target: str, message: str, severity: Severity = Severity.ERROR,
               missing_page: bool = False) -> None:
        self.result.issues.append(LinkIssue(target, message, severity, missing_page))

    def _link(self, element: etree.Element) -> None:
        target = (element.get("href") or "").strip()
        element.attrib.clear()
        if _WEB.match(target):
            element.tag = "span"
            element.set("class", "outside")
            words = "".join(element.itertext()).strip()
            if words != target:
                element.tail = f" ({target})" + (element.tail or "")
            self._issue(target, "outside web address: it is shown as text and never opened",
                        Severity.WARNING)
            return
        page = None if _SCHEME.match(target) else self.pages(target.split("#", 1)[0])
        if page is not None:
            element.set("href", PAGE_SCHEME + page)
            return
        element.tag = "span"
        if _SCHEME.match(target):
            scheme = target.split(":", 1)[0].lower()
            self._issue(target, f"'{scheme}:' links are not allowed; the words are kept without a link")
        else:
            self._issue(target, f"the link to '{target}' goes to no page in this language, so its words "
                        "show without a link", missing_page=True)

    def _picture(self, element: etree.Element) -> None:
        target = (element.get("src") or "").strip()
        alt = element.get("alt") or ""
        try:
            if _SCHEME.match(target) or target.startswith("//"):
                raise ValueError("pictures must be files in the content folder; "
                                 "pictures from the web or other places are never loaded")
            if not target.lower().endswith(_PICTURE_SUFFIXES):
                raise ValueError("a picture must be an .svg, .png or .jpg file")
            path = self.pictures(target)
        except ValueError as reason:
            self._issue(target, f"picture '{target}' not shown: {reason}")
            element.tag = "span"
            element.attrib.clear()
            element.text = alt
            return
        if not alt:
            self._issue(target, f"picture '{target}' has no alt text (describe it in the [brackets])",
                        Severity.WARNING)
        key = f"{IMAGE_SCHEME}{len(self.result.images)}"
        self.result.images[key] = path
        element.attrib.clear()
        element.set("src", key)
        element.set("alt", alt)


class _SafeExtension(Extension):
    def __init__(self, result: Rendered, pages: PageResolver, pictures: PictureResolver) -> None:
        super().__init__()
        self.result = result
        self.pages = pages
        self.pictures = pictures

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        # Raw HTML becomes plain text: without these two, Markdown would pass it through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md, self.result, self.pages, self.pictures), "kiosk_safe", 1)


# Python-Markdown recurses once per level of nesting and matches '[' in quadratic time: a
# page with hundreds of nested lists or thousands of '[' would take minutes or crash the
# loader. No page a patient reads comes near these limits.
MAX_PREFIX = 100  # characters of indentation and quote or list marks before a line's words
MAX_BRACKETS = 1000  # '[' in one page (each link or picture has one)
_PREFIX = re.compile(r"(?:[ \t]|>|[*+-][ \t]|\d{1,9}[.)][ \t])*")  # indentation, quote and list marks


def _too_complex(source: str) -> LinkIssue | None:
    """Why Markdown should not be given ``source``, or None."""
    for line in source.split("\n"):
        prefix = _PREFIX.match(line)
        # (a long rule of dashes has no words after its marks, and is no nesting)
        if prefix and line[prefix.end():].strip() and len(prefix.group().expandtabs(4)) > MAX_PREFIX:
            return LinkIssue(line, f"this line is nested too deep (more than {MAX_PREFIX} spaces, '>' or "
                             "list marks before its words); use fewer levels of lists and quotes",
                             Severity.ERROR)
    if source.count("[") > MAX_BRACKETS:
        return LinkIssue("[", f"the page has more than {MAX_BRACKETS} '[' signs; a page has a few links or "
                         "pictures at most: split it or remove them", Severity.ERROR)
    return None


def render_markdown(source: str, pages: PageResolver, pictures: PictureResolver) -> Rendered:
    """Render ``source`` to HTML that is safe to show in the kiosk's page view. Never
    raises: what cannot be rendered is an issue (and the page's HTML is empty)."""
    result = Rendered(html="", text="")
    refused = _too_complex(source)
    if refused is not None:
        result.issues.append(refused)
        return result
    # Extensions as objects, not names: a name makes Markdown scan every installed
    # package's entry points first (30 ms of every start, more with many packages).
    md = markdown.Markdown(
        extensions=[TableExtension(), SaneListExtension(), _SafeExtension(result, pages, pictures)],
        output_format="html",
    )
    try:
        result.html = md.convert(source)
    except Exception as error:  # noqa: BLE001 - untrusted text in a third-party parser: a problem, never a crash
        result.html = ""
        result.issues.append(LinkIssue("", f"the page's Markdown cannot be read ({type(error).__name__}); "
                                       "simplify its lists, quotes and links", Severity.ERROR))
    result.text = html_to_text(result.html)
    return result


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|th|td|table|ul|ol)>|<br\s*/?>", re.IGNORECASE)
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&"}


def html_to_text(html: str) -> str:
    """Plain words of rendered HTML, one block per line (for reading level and read-aloud)."""
    text = _BLOCK_END.sub("\n", html)
    text = _TAG.sub("", text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
