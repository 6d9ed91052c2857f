"""Content folder -> :class:`ContentBundle` plus every :class:`ContentProblem` found.

The loader never raises on bad content and never reads a file outside the content
folder (or the program's own built-in pictures). A folder looks like::

    content/
      pictures/               pictures any language may use (optional)
      en/
        01-what-is-crps.md    one page: YAML front matter + Markdown
        ui.yaml               the interface strings
      es/ ...
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from kiosk import paths
from kiosk.content import messages, safeyaml
from kiosk.content.checklist_file import parse_checklist
from kiosk.content.clinic import CLINIC_FILE, WORDING_KEYS, fill_language, parse_clinic, placeholders_in
from kiosk.content.files import (
    MAX_FILE_BYTES,
    FileRefused,
    file_mode,
    is_inside,
    is_regular,
    not_regular_reason,
    read_regular,
)
from kiosk.content.languages import compare_languages, is_draft
from kiosk.content.model import (
    ANALOGIES,
    Checklist,
    ClinicDetails,
    ContentBundle,
    ContentProblem,
    Language,
    Section,
    Severity,
)
from kiosk.content.pictures import PictureFinder
from kiosk.content.render import render_markdown
from kiosk.content.strings import CLINIC_PLACEHOLDERS, UI_PLACEHOLDERS, UI_STRINGS

PAGE_FILE = re.compile(r"^(\d{1,4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
LANGUAGE_DIR = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")
FALLBACK_LANGUAGE = "en"
PAGE_FIELDS = {
    "title": "the page title (required)",
    "tile": "the short label on the home-screen tile",
    "illustration": "the picture shown beside the text",
    "alt": "a sentence that describes the picture",
    "analogy": f"an interactive picture: {' or '.join(ANALOGIES)}",
}


@dataclass
class _Collector:
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


def load_content(root: Path, builtin_pictures: Path | None = None) -> ContentBundle:
    """Load every language in ``root``. Problems are returned, never raised."""
    if builtin_pictures is None:
        builtin_pictures = paths.illustrations_dir()
    root = Path(root)
    collector = _Collector(root.resolve() if root.exists() else root)
    if not root.is_dir():
        collector.add(root, None, "the content folder does not exist or is not a folder")
        return ContentBundle(root, {}, tuple(collector.problems))
    root = root.resolve()
    finder = PictureFinder(root, builtin_pictures)
    languages: dict[str, Language] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name == "pictures" or folder.name.startswith("."):
            continue
        if not LANGUAGE_DIR.match(folder.name):
            collector.add(folder, None, "folder ignored: a language folder is named with a language "
                          "code such as 'en' or 'es'", Severity.WARNING)
            continue
        if not is_inside(root, folder):
            collector.add(folder, None, "folder ignored: it leads outside the content folder")
            continue
        language = _load_language(collector, folder, finder)
        if language is not None:
            languages[language.code] = language
    if finder.linked_pictures_folder():
        collector.add(root / "pictures", None, "the 'pictures' folder is a link that leads outside the "
                      "content folder; its pictures are not used (put the pictures themselves in the folder)")
    _check_languages(collector, root, languages)
    clinic = _load_clinic(collector, root)
    english_words = languages[FALLBACK_LANGUAGE].strings if FALLBACK_LANGUAGE in languages else {}
    languages = {code: fill_language(language, clinic, english_words) for code, language in languages.items()}
    ordered = dict(sorted(languages.items(), key=lambda item: (item[0] != FALLBACK_LANGUAGE, item[0])))
    _fill_fallback_strings(ordered)
    collector.problems.extend(compare_languages(ordered))
    offered = {code: language for code, language in ordered.items() if not language.draft}
    drafts = {code: language for code, language in ordered.items() if language.draft}
    return ContentBundle(root, offered, tuple(collector.problems), clinic=clinic, drafts=drafts)


def _load_clinic(collector: _Collector, root: Path) -> ClinicDetails:
    """The clinic's details; a folder without ``clinic.yaml`` simply has none set."""
    path = root / CLINIC_FILE
    if not path.exists():
        return ClinicDetails()
    # an empty file is allowed; anything but an ordinary file is refused (unopened) by _read_text
    text = _read_text(collector, path) if not is_regular(path) or path.stat().st_size else ""
    if text is None:
        return ClinicDetails(found=True)

    def report(line: int | None, message: str, severity: Severity) -> None:
        collector.add(path, line, message, severity)

    return parse_clinic(text, report)


def _read_text(collector: _Collector, path: Path) -> str | None:
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


def _load_language(collector: _Collector, folder: Path, pictures: PictureFinder) -> Language | None:
    code = folder.name
    strings, string_lines = _load_strings(collector, folder)
    candidates = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".md")
    named: list[tuple[int, str, Path]] = []
    for path in candidates:
        mode = file_mode(path)
        if mode is None or stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            collector.add(path, None, f"page not read: {not_regular_reason(mode)}")
            continue
        match = PAGE_FILE.match(path.name)
        if match is None:
            collector.add(path, None, "page ignored: a page's file name starts with a number and a "
                          "dash and uses only small letters, numbers and dashes, like "
                          "'03-side-effects.md'", Severity.WARNING)
            continue
        named.append((int(match.group(1)), match.group(2), path))
    named.sort()
    slugs: dict[str, Path] = {}
    for _, slug, path in named:
        if slug in slugs:
            collector.add(path, None, f"two pages have the same name after the number "
                          f"('{slugs[slug].name}' and '{path.name}')")
        slugs.setdefault(slug, path)
    page_targets = {path.name: slug for _, slug, path in named} | {slug: slug for slug in slugs}

    def resolve_picture(name: str) -> Path:
        return pictures.find(folder, name)

    sections = []
    for order, slug, path in named:
        if slugs[slug] != path:
            continue
        section = _load_page(collector, _Page(path, order, slug), page_targets, resolve_picture)
        if section is not None:
            sections.append(section)
    if not named:
        collector.add(folder, None, "this language folder has no pages")
    name = strings.get("language_name", code)
    checklist = _load_checklist(collector, folder)
    return Language(code=code, name=name, sections=tuple(sections), strings=strings, checklist=checklist,
                    draft=code != FALLBACK_LANGUAGE and is_draft(folder), own_strings=frozenset(strings),
                    page_files=tuple(path.name for _, _, path in named),
                    string_lines=string_lines)


def _load_checklist(collector: _Collector, folder: Path) -> Checklist | None:
    path = folder / "checklist.yaml"
    if not path.exists():
        if folder.name == FALLBACK_LANGUAGE:
            collector.add(path, None, "the symptom checklist file (checklist.yaml) is missing")
        else:
            collector.add(path, None, "the symptom checklist file (checklist.yaml) is missing; the "
                          "English checklist is shown", Severity.WARNING)
        return None
    text = _read_text(collector, path)
    if text is None:
        return None

    def report(line: int | None, message: str, severity: Severity) -> None:
        collector.add(path, line, message, severity)

    return parse_checklist(text, report)


def _split_front_matter(collector: _Collector, path: Path, text: str) -> tuple[str, str, int] | None:
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
class _Page:
    path: Path
    order: int
    slug: str


def _load_page(collector: _Collector, page: _Page, page_targets: dict[str, str],
               resolve_picture: Any) -> Section | None:
    path, order, slug = page.path, page.order, page.slug
    text = _read_text(collector, path)
    if text is None:
        return None
    split = _split_front_matter(collector, path, text)
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
    fields = _check_fields(collector, path, front, text)
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
        collector.add(path, _line_of(body, issue.target, body_line), message, issue.severity)
    illustration = None
    if fields.get("illustration"):
        try:
            illustration = resolve_picture(fields["illustration"])
        except ValueError as reason:
            collector.add(path, _line_of(text, fields["illustration"], 1),
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
    )


def _check_placeholders(collector: _Collector, path: Path, body: str, body_line: int) -> None:
    """Only the clinic's details may be named in curly brackets in a page."""
    for name, line in placeholders_in(body):
        if name not in CLINIC_PLACEHOLDERS:
            known = ", ".join("{" + n + "}" for n in sorted(CLINIC_PLACEHOLDERS))
            hint = messages.did_you_mean(name, CLINIC_PLACEHOLDERS, quote="{")
            collector.add(path, body_line + line - 1, f"'{{{name}}}' is not a name the kiosk fills in"
                          f"{'.' + hint if hint else ''} (names a page can use: {known})")


def _check_fields(
    collector: _Collector, path: Path, front: dict[Any, Any], text: str
) -> dict[str, str] | None:
    fields: dict[str, str] = {}
    for key, value in front.items():
        line = _line_of(text, f"{key}:", 1)
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
        collector.add(path, _line_of(text, "analogy:", 1),
                      f"unknown analogy '{analogy}' (choose {' or '.join(ANALOGIES)})")
        return None
    return fields


def _line_of(text: str, needle: str, first_line: int) -> int | None:
    for number, line in enumerate(text.split("\n"), start=first_line):
        if needle in line:
            return number
    return None


def _load_strings(collector: _Collector, folder: Path) -> tuple[dict[str, str], dict[str, int]]:
    """The interface words of one language, and the line each is on."""
    path = folder / "ui.yaml"
    if not path.exists():
        if folder.name == FALLBACK_LANGUAGE:
            collector.add(path, None, "the interface words file (ui.yaml) is missing")
        else:
            collector.add(path, None, "the interface words file (ui.yaml) is missing; the buttons "
                          "show English words", Severity.WARNING)
        return {}, {}
    text = _read_text(collector, path)
    if text is None:
        return {}, {}
    try:
        data = safeyaml.load(text)
    except yaml.YAMLError as error:
        collector.add(path, *messages.yaml_problem(text, error))
        return {}, {}
    if not isinstance(data, dict):
        collector.add(path, 1, "must be lines like 'back_to_topics: Back to topics'")
        return {}, {}
    strings: dict[str, str] = {}
    lines: dict[str, int] = {}
    for key, value in data.items():
        line = messages.key_line(text, key)
        if key not in UI_STRINGS:
            collector.add(path, line, messages.unknown_key(key, UI_STRINGS, "ui.yaml"), Severity.WARNING)
        elif not isinstance(value, str) or not value.strip():
            collector.add(path, line, f"'{key}' must be some text")
        else:
            strings[str(key)] = value.strip()
            if line is not None:
                lines[str(key)] = line
    return strings, lines


def _check_languages(collector: _Collector, root: Path, languages: dict[str, Language]) -> None:
    english = languages.get(FALLBACK_LANGUAGE)
    if english is None:
        collector.add(root / FALLBACK_LANGUAGE, None, "there is no 'en' (English) folder: every "
                      "other language falls back to it")
        return
    for key in UI_STRINGS if english.strings else ():  # none: ui.yaml itself has a problem, listed
        if key not in english.strings:
            collector.add(root / "en" / "ui.yaml", None, f"'{key}' is missing ({UI_STRINGS[key]})")
    for language in languages.values():
        for key, value in language.strings.items():
            allowed = UI_PLACEHOLDERS.get(key, frozenset())
            if key not in WORDING_KEYS:
                allowed |= CLINIC_PLACEHOLDERS
            for message in messages.placeholder_problems(key, value, allowed):
                collector.add(root / language.code / "ui.yaml", language.string_lines.get(key), message)


def _fill_fallback_strings(languages: dict[str, Language]) -> None:
    english = languages.get(FALLBACK_LANGUAGE)
    if english is None:
        return
    for code, language in list(languages.items()):
        if language is english:
            continue
        merged = dict(english.strings) | dict(language.strings)
        languages[code] = replace(language, name=language.strings.get("language_name", code), strings=merged,
                                  checklist=language.checklist or english.checklist)
