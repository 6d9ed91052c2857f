"""One content file, read safely, and one page file parsed: its settings block (YAML front
matter), its fields and its Markdown body. The loader (:mod:`kiosk.content.loader`) walks
the folder and calls these for each file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk.content import approvals, messages, provenance, safeyaml
from kiosk.content.clinic import placeholders_in
from kiosk.content.files import MAX_FILE_BYTES, FileRefused, is_inside, read_regular
from kiosk.content.model import ANALOGIES, ContentProblem, Section, Severity
from kiosk.content.render import render_markdown
from kiosk.content.strings import CLINIC_PLACEHOLDERS

PAGE_FIELDS = {
    "title": "the page title (required)",
    "tile": "the short label on the home-screen tile",
    "illustration": "the picture shown beside the text",
    "alt": "a sentence that describes the picture",
    "analogy": f"an interactive picture: {' or '.join(ANALOGIES)}",
    **provenance.REVIEW_FIELDS,
}


@dataclass
class Collector:
    root: Path
    problems: list[ContentProblem] = field(default_factory=list)

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name

    def add(self, path: Path, line: int | None, message: str,
            severity: Severity = Severity.ERROR) -> None:
        self.problems.append(ContentProblem(self.rel(path), line, message, severity))

    def reporter(self, path: Path) -> approvals.Report:
        return lambda line, message, severity: self.add(path, line, message, severity)


def read_text(collector: Collector, path: Path) -> str | None:
    """The file's text, or None with a problem recorded. Only an ordinary file inside the
    folder is opened, without blocking (a named pipe or a device is refused unopened)."""
    if not is_inside(collector.root, path):
        collector.add(path, None, "not read: it is a link that leads outside the content folder")
        return None
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except FileRefused as error:
        collector.add(path, None, str(error))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        collector.add(path, line, "the file is not saved as UTF-8 text; save it again as "
                      "'UTF-8' in your editor")
        return None
    if not text.strip():
        collector.add(path, None, "the file is empty")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(collector: Collector, path: Path, text: str) -> tuple[str, str, int] | None:
    """(front matter, body, first body line) or None with a problem recorded."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        collector.add(path, 1, f"{messages.SETTINGS_BLOCK} is missing: the first line must be three "
                      "dashes (---), then the title and other settings, then another line of three dashes")
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    line, message = messages.unclosed_settings_block(lines)
    collector.add(path, line, message)
    return None


@dataclass(frozen=True)
class PageFile:
    path: Path
    order: int
    slug: str


def load_page(collector: Collector, page: PageFile, page_targets: dict[str, str],
               resolve_picture: Any) -> Section | None:
    path, order, slug = page.path, page.order, page.slug
    text = read_text(collector, path)
    if text is None:
        return None
    split = split_front_matter(collector, path, text)
    if split is None:
        return None
    front_text, body, body_line = split
    try:
        front = safeyaml.load(front_text) if front_text.strip() else {}
    except yaml.YAMLError as error:
        line, message = messages.yaml_problem(front_text, error, first_line=2)
        collector.add(path, line, f"{message} (in {messages.SETTINGS_BLOCK})")
        return None
    if not isinstance(front, dict):
        collector.add(path, 2, f"{messages.SETTINGS_BLOCK} must be lines like 'title: What is CRPS?'")
        return None
    fields = _check_fields(collector, path, provenance.without_review_fields(front), text)
    if fields is None:
        return None
    if not body.strip():
        collector.add(path, body_line, "the page has no text under its fields")
        return None
    _check_placeholders(collector, path, body, body_line)
    rendered = render_markdown(body, page_targets.get, resolve_picture)
    for issue in rendered.issues:
        message = (messages.missing_page(collector.root, path, issue.target, page_targets)
                   if issue.missing_page else issue.message)
        collector.add(path, line_of(body, issue.target, body_line), message, issue.severity)
    illustration = None
    if fields.get("illustration"):
        try:
            illustration = resolve_picture(fields["illustration"])
        except ValueError as reason:
            collector.add(path, line_of(text, fields["illustration"], 1),
                          f"picture '{fields['illustration']}' cannot be shown: {reason}")
    else:
        collector.add(path, 2, "the page has no picture (add 'illustration: name.svg')", Severity.WARNING)
    if illustration is not None and not fields.get("alt"):
        collector.add(path, 2, "the picture has no description (add 'alt: ...')", Severity.WARNING)
    return Section(
        slug=slug,
        file_name=path.name,
        order=order,
        title=fields["title"],
        tile=fields.get("tile") or fields["title"],
        html=rendered.html,
        text=rendered.text,
        illustration=illustration,
        illustration_alt=fields.get("alt", ""),
        analogy=fields.get("analogy"),
        images=dict(rendered.images),
        **provenance.page_fields(front, text, collector.reporter(path)),
    )


def _check_placeholders(collector: Collector, path: Path, body: str, body_line: int) -> None:
    """Only the clinic's details may be named in curly brackets in a page."""
    for name, line in placeholders_in(body):
        if name not in CLINIC_PLACEHOLDERS:
            known = ", ".join("{" + n + "}" for n in sorted(CLINIC_PLACEHOLDERS))
            hint = messages.did_you_mean(name, CLINIC_PLACEHOLDERS, quote="{")
            collector.add(path, body_line + line - 1, f"'{{{name}}}' is not a name the kiosk fills in"
                          f"{'.' + hint if hint else ''} (names a page can use: {known})")


def _check_fields(
    collector: Collector, path: Path, front: dict[Any, Any], text: str
) -> dict[str, str] | None:
    fields: dict[str, str] = {}
    for key, value in front.items():
        line = line_of(text, f"{key}:", 1)
        if key not in PAGE_FIELDS:
            collector.add(path, line, messages.unknown_key(key, PAGE_FIELDS, "a page"), Severity.WARNING)
            continue
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            collector.add(path, line, f"'{key}' must be plain text")
            return None
        fields[key] = str(value).strip()
    if not fields.get("title"):
        collector.add(path, 2, f"the page has no title (add 'title: ...' to {messages.SETTINGS_BLOCK})")
        return None
    analogy = fields.get("analogy")
    if analogy and analogy not in ANALOGIES:
        collector.add(path, line_of(text, "analogy:", 1),
                      f"unknown analogy '{analogy}' (choose {' or '.join(ANALOGIES)})")
        return None
    return fields


def line_of(text: str, needle: str, first_line: int) -> int | None:
    for number, line in enumerate(text.split("\n"), start=first_line):
        if needle in line:
            return number
    return None
