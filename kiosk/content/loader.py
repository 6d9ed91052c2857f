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
from dataclasses import replace
from pathlib import Path

import yaml

from kiosk import paths
from kiosk.content import approvals, messages, safeyaml
from kiosk.content.checklist_file import parse_checklist
from kiosk.content.clinic import CLINIC_FILE, WORDING_KEYS, fill_language, parse_clinic
from kiosk.content.files import (
    file_mode,
    is_inside,
    is_regular,
    not_regular_reason,
)
from kiosk.content.languages import compare_languages, is_draft
from kiosk.content.model import (
    Checklist,
    ClinicDetails,
    ContentBundle,
    Language,
    Severity,
)
from kiosk.content.page_file import Collector, PageFile, load_page, read_text
from kiosk.content.pictures import PictureFinder
from kiosk.content.strings import CLINIC_PLACEHOLDERS, UI_PLACEHOLDERS, UI_STRINGS, complete_english

PAGE_FILE = re.compile(r"^(\d{1,4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
LANGUAGE_DIR = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")
FALLBACK_LANGUAGE = "en"


def load_content(root: Path, builtin_pictures: Path | None = None) -> ContentBundle:
    """Load every language in ``root``. Problems are returned, never raised."""
    if builtin_pictures is None:
        builtin_pictures = paths.illustrations_dir()
    root = Path(root)
    collector = Collector(root.resolve() if root.exists() else root)
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


def _load_clinic(collector: Collector, root: Path) -> ClinicDetails:
    """The clinic's details; a folder without ``clinic.yaml`` simply has none set."""
    path = root / CLINIC_FILE
    if not path.exists():
        return ClinicDetails()
    # an empty file is allowed; anything but an ordinary file is refused (unopened) by read_text
    text = read_text(collector, path) if not is_regular(path) or path.stat().st_size else ""
    if text is None:
        return ClinicDetails(found=True)
    return parse_clinic(text, collector.reporter(path))


def _load_language(collector: Collector, folder: Path, pictures: PictureFinder) -> Language | None:
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
        section = load_page(collector, PageFile(path, order, slug), page_targets, resolve_picture)
        if section is not None:
            sections.append(section)
    if not named:
        collector.add(folder, None, "this language folder has no pages")
    name = strings.get("language_name", code)
    checklist = _load_checklist(collector, folder)
    signed = approvals.read_folder_approvals(collector.root, folder,
                                             collector.reporter(folder / approvals.FILE_NAME))
    return Language(code=code, name=name, sections=tuple(sections), strings=strings, checklist=checklist,
                    draft=code != FALLBACK_LANGUAGE and is_draft(folder), own_strings=frozenset(strings),
                    page_files=tuple(path.name for _, _, path in named), string_lines=string_lines,
                    checklist_hash=approvals.checklist_hash(checklist), approvals=signed)


def _load_checklist(collector: Collector, folder: Path) -> Checklist | None:
    path = folder / "checklist.yaml"
    if not path.exists():
        if folder.name == FALLBACK_LANGUAGE:
            collector.add(path, None, "the symptom checklist file (checklist.yaml) is missing")
        else:
            collector.add(path, None, "the symptom checklist file (checklist.yaml) is missing; the "
                          "English checklist is shown", Severity.WARNING)
        return None
    text = read_text(collector, path)
    if text is None:
        return None
    return parse_checklist(text, collector.reporter(path))


def _load_strings(collector: Collector, folder: Path) -> tuple[dict[str, str], dict[str, int]]:
    """The interface words of one language, and the line each is on."""
    path = folder / "ui.yaml"
    if not path.exists():
        if folder.name == FALLBACK_LANGUAGE:
            collector.add(path, None, "the interface words file (ui.yaml) is missing")
        else:
            collector.add(path, None, "the interface words file (ui.yaml) is missing; the buttons "
                          "show English words", Severity.WARNING)
        return {}, {}
    text = read_text(collector, path)
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


def _check_languages(collector: Collector, root: Path, languages: dict[str, Language]) -> None:
    english = languages.get(FALLBACK_LANGUAGE)
    if english is None:
        collector.add(root / FALLBACK_LANGUAGE, None, "there is no 'en' (English) folder: every "
                      "other language falls back to it")
        return
    # none: ui.yaml itself has a problem, listed
    for message, severity in complete_english(english.strings) if english.strings else ():
        collector.add(root / "en" / "ui.yaml", None, message, severity)
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
