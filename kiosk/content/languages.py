"""Languages kept in step with the default one, drafts, and which languages go live.

Pure Python. Every language is compared with the default language (English): a page,
a checklist item or question that one has and the other lacks, a page or checklist
that was copied and never translated, a missing or repeated ``language_name``. Each
finding is a :class:`ContentProblem` with the file (and line) to change.

**How an update goes live, language by language.** A folder is loaded whole; then:

* errors in the default language, or in no one language (the folder itself), stop the
  whole update: every language leans on the default one (its words fill any gap), so
  the kiosk keeps showing all of its last good content;
* errors in any other language hold back that language only: the kiosk keeps that
  language's last good version (or leaves it out, if it never had one) and puts the
  new words of every other language on screen;
* a draft language (a file named ``DRAFT.txt`` in its folder) is never offered to
  patients, never holds back anything, and staff can preview it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from kiosk.content.messages import plural
from kiosk.content.model import (
    DEFAULT_LANGUAGE,
    Checklist,
    ChecklistGroup,
    ChecklistItem,
    ContentBundle,
    ContentProblem,
    Language,
    Question,
    Severity,
)
from kiosk.content.strings import UI_STRINGS

_Entry = Question | ChecklistItem | ChecklistGroup

DRAFT_FLAGS = ("draft.txt", "draft")
DRAFT_HOW = "put a file named DRAFT.txt in the folder"
_MIN_WORDS_TO_COMPARE = 3
_MOSTLY = 0.8  # this share of a file's words the same as the default's: not translated yet


def is_draft(folder: Path) -> bool:
    """True when staff marked the language folder as a draft (``DRAFT.txt``, any case)."""
    try:
        return any(child.name.lower() in DRAFT_FLAGS for child in folder.iterdir())
    except OSError:
        return False


def compare_languages(languages: Mapping[str, Language]) -> list[ContentProblem]:
    """Compare every language (drafts too) with the default one."""
    default = languages.get(DEFAULT_LANGUAGE)
    if default is None:
        return []
    problems: list[ContentProblem] = []
    names: dict[str, str] = {}
    for code, language in languages.items():
        _language_name(problems, language, names)
        if code == DEFAULT_LANGUAGE:
            continue
        problems += _pages(default, language)
        if language.checklist is not None and default.checklist is not None:
            problems += _checklist(default, language, default.checklist, language.checklist)
        problems += _interface_words(default, language)
    return problems


def _problem(file: str, line: int | None, message: str,
             severity: Severity = Severity.ERROR) -> ContentProblem:
    return ContentProblem(file, line, message, severity)


def _language_name(problems: list[ContentProblem], language: Language, seen: dict[str, str]) -> None:
    file = f"{language.code}/ui.yaml"
    line = language.string_lines.get("language_name")
    if language.code != DEFAULT_LANGUAGE and "language_name" not in language.own_strings:
        problems.append(_problem(file, None, "'language_name' is missing, so this language's button would "
                                 f"read '{language.name}'. Add a line like  language_name: Français  (the "
                                 "language's own name)"))
        return
    other = seen.get(language.name.casefold())
    if other is not None:
        problems.append(_problem(file, line, f"'language_name' is '{language.name}', the same as the {other} "
                                 "folder's, so patients could not tell the two buttons apart. Type this "
                                 "language's own name"))
    seen.setdefault(language.name.casefold(), language.code)


def _pages(default: Language, language: Language) -> list[ContentProblem]:
    problems = []
    code, base = language.code, default.code
    for name in default.page_files:
        if name not in language.page_files:
            problems.append(_problem(f"{code}/{name}", None, f"this page is missing: {base}/{name} has "
                                     f"no {language.name} version. Copy it into the '{code}' folder and "
                                     f"translate it (or remove it from '{base}')"))
    for name in language.page_files:
        if name not in default.page_files:
            problems.append(_problem(f"{code}/{name}", None, f"this page is not in {base}/: only "
                                     f"{language.name} patients see it. If it was renamed in '{base}', give "
                                     "it the same file name here", Severity.WARNING))
    theirs = {section.file_name: section for section in default.sections}
    for section in language.sections:
        original = theirs.get(section.file_name)
        if original is not None and _same_words(section.text, original.text):
            problems.append(_problem(f"{code}/{section.file_name}", 2, f"this page has the same words as "
                                     f"{base}/{section.file_name}: it is not translated yet (translate it, "
                                     f"or mark the language as a draft: {DRAFT_HOW})"))
    return problems


def _same_words(one: str, other: str) -> bool:
    return len(one.split()) >= _MIN_WORDS_TO_COMPARE and " ".join(one.split()) == " ".join(other.split())


def _checklist(default: Language, language: Language, base: Checklist,
               own: Checklist) -> list[ContentProblem]:
    file = f"{language.code}/checklist.yaml"
    problems = []
    kinds: tuple[tuple[str, Sequence[_Entry], Sequence[_Entry]], ...] = (
        ("question", base.questions, own.questions), ("item", base.items, own.items),
        ("group", base.groups, own.groups))
    for kind, theirs, ours in kinds:
        mine = {entry.id: entry for entry in ours}
        others = {entry.id: entry for entry in theirs}
        for entry in theirs:
            if entry.id not in mine:
                where = f" (line {entry.line})" if entry.line else ""
                problems.append(_problem(file, None, f"the {kind} '{entry.id}' is in "
                                         f"{default.code}/checklist.yaml{where} but not here, so "
                                         f"{language.name} patients never see it. Add it here too, with the "
                                         "same id"))
        for entry in ours:
            if entry.id not in others:
                problems.append(_problem(file, entry.line, f"the {kind} '{entry.id}' is not in "
                                         f"{default.code}/checklist.yaml: give it the same id as there, or "
                                         f"add it to {default.code} too", Severity.WARNING))
    same: list[Question | ChecklistItem] = [entry for entry in _texts(own)
            if _same_words(entry.text, _text_of(base, entry.id))]
    whole = [own.title, own.intro, own.disclaimer] == [base.title, base.intro, base.disclaimer]
    comparable = [entry for entry in _texts(own) if len(entry.text.split()) >= _MIN_WORDS_TO_COMPARE]
    if same and whole and len(same) >= _MOSTLY * len(comparable):
        problems.append(_problem(file, 1, "the checklist has (almost) the same words as "
                                 f"{default.code}/checklist.yaml: it is not translated yet (translate it, "
                                 f"or mark the language as a draft: {DRAFT_HOW})"))
    elif same:
        ids = _some([f"'{entry.id}' (line {entry.line})" if entry.line else f"'{entry.id}'"
                     for entry in sorted(same, key=lambda entry: entry.line or 0)])
        problems.append(_problem(file, same[0].line, f"{plural(len(same), 'line')} still "
                                 f"{'has' if len(same) == 1 else 'have'} the same words as in "
                                 f"{default.code}: {ids}", Severity.WARNING))
    return problems


def _texts(checklist: Checklist) -> list[Question | ChecklistItem]:
    return [*checklist.questions, *checklist.items]


def _text_of(checklist: Checklist, entry_id: str) -> str:
    for entry in _texts(checklist):
        if entry.id == entry_id:
            return entry.text
    return ""


def _interface_words(default: Language, language: Language) -> list[ContentProblem]:
    file = f"{language.code}/ui.yaml"
    problems = []
    missing = [key for key in UI_STRINGS if key not in language.own_strings]
    if missing and (language.own_strings or language.string_lines):
        words = ("1 line is not translated yet and shows" if len(missing) == 1
                 else f"{len(missing)} lines are not translated yet and show")
        problems.append(_problem(file, None, f"{words} in English: " + ", ".join(missing), Severity.WARNING))
    return problems + _same_interface_words(default, language)


def _same_interface_words(default: Language, language: Language) -> list[ContentProblem]:
    own = [key for key in language.own_strings if key != "language_name"]
    same = [key for key in own if _same_words(language.strings[key], default.strings.get(key, ""))]
    if not same:
        return []
    file = f"{language.code}/ui.yaml"
    comparable = [key for key in own if len(default.strings.get(key, "").split()) >= _MIN_WORDS_TO_COMPARE]
    if len(same) >= _MOSTLY * len(comparable):
        return [_problem(file, 1, "most of the interface words are the same as in "
                         f"{default.code}/ui.yaml: they are not translated yet (translate them, or mark the "
                         f"language as a draft: {DRAFT_HOW})")]
    first = min(language.string_lines.get(key, 0) for key in same) or None
    return [_problem(file, first, f"{plural(len(same), 'line')} still {'has' if len(same) == 1 else 'have'} "
                     f"the same words as in {default.code}: "
                     f"{_some(sorted(same, key=lambda key: language.string_lines.get(key, 0)))}",
                     Severity.WARNING)]


def _some(names: list[str], shown: int = 6) -> str:
    """The first few names, and how many more."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def live_bundle(new: ContentBundle, last_good: ContentBundle | None) -> ContentBundle:
    """What goes on screen after loading ``new`` (whose :attr:`~ContentBundle.usable` is
    true): its languages without errors, and for each language it holds back, that
    language's version in ``last_good`` (if there was one)."""
    blocked = set(new.blocked)
    if not blocked:
        return new
    languages = {}
    for code, language in new.languages.items():
        if code not in blocked:
            languages[code] = language
        elif last_good is not None and code in last_good.languages:
            languages[code] = last_good.languages[code]
    return replace(new, languages=languages)


def held_back(new: ContentBundle, last_good: ContentBundle | None) -> dict[str, str]:
    """For each language ``new`` holds back: what patients see instead, in words."""
    notes = {}
    for code in new.blocked:
        name = new.languages[code].name
        errors = plural(len(new.errors_of(code)), "error")
        if last_good is not None and code in last_good.languages:
            notes[code] = f"{name} ({code}) has {errors}: patients see its last good version"
        else:
            notes[code] = f"{name} ({code}) has {errors}: it is not offered to patients until they are fixed"
    return notes
