"""The clinic's own details (``clinic.yaml``) and the ``{placeholders}`` that use them.

Pure Python. ``clinic.yaml`` sits beside the language folders and holds values that do
not depend on the language (phone numbers) or that may differ per language (the
clinic's name, who to tell in person)::

    clinic_name: Riverside Pain Clinic
    clinic_phone: 555-0100
    after_hours_phone: 555-0199
    emergency_number: 911
    ask_in_person:
      en: the front desk
      es: el personal de recepción

Pages, interface words and the checklist name a detail as ``{clinic_phone}``. The
words around a detail live in each language's ``ui.yaml``: ``clinic_phone_set`` says
how it reads when the file has it (``{value}`` is the detail), ``clinic_phone_unset``
what is said instead when the file leaves it empty, so a sentence always reads well
("call your clinic", never "call ." or "call {clinic_phone}").
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable, Mapping
from dataclasses import replace

import yaml

from kiosk.content import safeyaml
from kiosk.content.model import Checklist, ChecklistGroup, ClinicDetails, Language, Question, Severity
from kiosk.content.render import html_to_text

CLINIC_FILE = "clinic.yaml"

# Every detail the file can hold, in the order the file lists them, with what it is for.
CLINIC_FIELDS: dict[str, str] = {
    "clinic_name": "the clinic's name",
    "clinic_phone": "the phone number patients call with questions",
    "after_hours_phone": "the number to call when the clinic is closed",
    "emergency_number": "the local emergency number",
    "ask_in_person": "who to tell in person while at the clinic",
}
# Details that are words, so each language may have its own.
WORD_FIELDS = frozenset({"clinic_name", "ask_in_person"})
MAX_VALUE_CHARACTERS = 80

Report = Callable[[int | None, str, Severity], None]

# A brace pair on one line: a placeholder, known or not.
_BRACED = re.compile(r"\{([^{}\n]{0,60})\}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SENTENCE_END = ".!?¿¡"
_BLOCK_START = re.compile(r"<(p|li|h[1-6]|td|th|br|blockquote)\b[^>]*>$", re.IGNORECASE)
_TRAILING_TAG = re.compile(r"<[^<>]*>$")
_LIST_MARK = re.compile(r"(^|\n)\s*(?:[-*+]|\d+[.)]|#+)?\s*$")


def set_key(name: str) -> str:
    """The ``ui.yaml`` key with the words used when ``name`` is filled in."""
    return f"{name}_set"


def unset_key(name: str) -> str:
    """The ``ui.yaml`` key with the words used when ``name`` is left empty."""
    return f"{name}_unset"


WORDING_KEYS = frozenset(key for name in CLINIC_FIELDS for key in (set_key(name), unset_key(name)))


def parse_clinic(text: str, report: Report) -> ClinicDetails:
    """Read the text of ``clinic.yaml``. Mistakes go to ``report(line, message, severity)``;
    a detail with a mistake is left out (as if it were empty)."""
    try:
        data = safeyaml.load(text)
    except yaml.YAMLError as error:
        report(safeyaml.error_line(error), f"not valid: {safeyaml.error_message(error)}", Severity.ERROR)
        return ClinicDetails(found=True)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        report(1, "must be lines like 'clinic_phone: 555-0100'", Severity.ERROR)
        return ClinicDetails(found=True)
    source = text.split("\n")
    values: dict[str, str | Mapping[str, str]] = {}
    lines: dict[str, int] = {}
    for key, value in data.items():
        line = _line_of(source, f"{key}:")
        if line is not None:
            lines[str(key)] = line
        if key not in CLINIC_FIELDS:
            report(line, f"unknown detail '{key}' is ignored (details the file can have: "
                   f"{', '.join(CLINIC_FIELDS)})", Severity.WARNING)
            continue
        if value is None or value == "":
            continue
        if isinstance(value, dict):
            per_language = _per_language(key, value, source, line, report)
            if per_language:
                values[key] = per_language
            continue
        checked = _checked_value(key, _scalar_text(value, source, line), line, report)
        if checked:
            values[key] = checked
    return ClinicDetails(values=values, lines=lines, found=True)


def _per_language(key: str, value: dict[object, object], source: list[str], line: int | None,
                  report: Report) -> dict[str, str]:
    if key not in WORD_FIELDS:
        report(line, f"'{key}' is the same in every language: write it after the colon, "
               "not one line per language", Severity.ERROR)
        return {}
    words: dict[str, str] = {}
    for code, text in value.items():
        code_line = _line_of(source, f"{code}:", line or 1)
        if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?", code):
            report(code_line, f"'{key}': '{code}' is not a language code such as 'en' or 'es'",
                   Severity.ERROR)
            continue
        if text is None or text == "":
            continue
        checked = _checked_value(f"{key} ({code})", _scalar_text(text, source, code_line), code_line, report)
        if checked:
            words[code] = checked
    return words


def _scalar_text(value: object, source: list[str], line: int | None) -> object:
    """A number such as 911 or 0112 is taken exactly as typed, not as YAML reads it."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and line is not None:
        typed = source[line - 1].split(":", 1)[1]
        typed = re.sub(r"\s+#.*$", "", typed).strip()
        if typed:
            return typed
    return value


def _checked_value(name: str, value: object, line: int | None, report: Report) -> str | None:
    if not isinstance(value, str):
        report(line, f"'{name}' must be plain words or a number on one line", Severity.ERROR)
        return None
    text = " ".join(value.split())
    if _CONTROL.search(value.replace("\n", " ").replace("\t", " ")):
        report(line, f"'{name}' contains invisible control characters; type it again", Severity.ERROR)
        return None
    if "{" in text or "}" in text:
        report(line, f"'{name}' must not contain curly brackets {{ }}", Severity.ERROR)
        return None
    if len(text) > MAX_VALUE_CHARACTERS:
        report(line, f"'{name}' is too long ({len(text)} characters; keep it under "
               f"{MAX_VALUE_CHARACTERS})", Severity.ERROR)
        return None
    return text


def _line_of(source: list[str], needle: str, start: int = 1) -> int | None:
    for number in range(max(start, 1), len(source) + 1):
        if source[number - 1].lstrip().startswith(needle):
            return number
    return None


# -- filling placeholders ----------------------------------------------------------------
def phrase(name: str, clinic: ClinicDetails, language: str, words: Mapping[str, str]) -> str:
    """How the detail ``name`` reads in a sentence of ``language``: the ``_set`` words
    around the value, or the ``_unset`` words when the clinic file leaves it empty."""
    value = clinic.value(name, language)
    if value is None:
        return words.get(unset_key(name), "").strip() or unset_key(name)
    form = words.get(set_key(name), "").strip()
    if "{value}" not in form:
        return value
    return form.replace("{value}", value)


def fill_text(template: str, clinic: ClinicDetails, language: str, words: Mapping[str, str]) -> str:
    """``template`` with every clinic placeholder replaced (other braces are left alone).
    A detail that starts a sentence starts with a capital letter."""

    def replace_one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in CLINIC_FIELDS:
            return match.group(0)
        words_for = phrase(name, clinic, language, words)
        if _starts_sentence(template[: match.start()]):
            words_for = words_for[:1].upper() + words_for[1:]
        return words_for

    return _BRACED.sub(replace_one, template)


def fill_html(html: str, clinic: ClinicDetails, language: str, words: Mapping[str, str]) -> str:
    """Like :func:`fill_text` on rendered HTML: the words are escaped, never markup."""

    def replace_one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in CLINIC_FIELDS:
            return match.group(0)
        words_for = phrase(name, clinic, language, words)
        if _starts_sentence_html(html[: match.start()]):
            words_for = words_for[:1].upper() + words_for[1:]
        return html_module.escape(words_for)

    return _BRACED.sub(replace_one, html)


def _starts_sentence(before: str) -> bool:
    stripped = before.rstrip()
    if not stripped or stripped[-1] in _SENTENCE_END:
        return True
    return bool(_LIST_MARK.search(before))


def _starts_sentence_html(before: str) -> bool:
    text = before.rstrip()
    while True:
        tag = _TRAILING_TAG.search(text)
        if tag is None:
            break
        if _BLOCK_START.search(tag.group(0)):
            return True
        text = text[: tag.start()].rstrip()
    return not text or text[-1] in _SENTENCE_END


def placeholders_in(text: str) -> list[tuple[str, int]]:
    """Every ``{name}`` in ``text`` with its 1-based line, known or not."""
    found = []
    for match in _BRACED.finditer(text):
        found.append((match.group(1), text.count("\n", 0, match.start()) + 1))
    return found


def fill_language(language: Language, clinic: ClinicDetails, fallback_words: Mapping[str, str]) -> Language:
    """``language`` with every clinic placeholder filled in: pages, interface words and
    checklist. ``fallback_words`` (English) supplies any wording the language lacks."""
    words = dict(fallback_words) | dict(language.strings)
    code = language.code

    def text(value: str) -> str:
        return fill_text(value, clinic, code, words)

    sections = tuple(
        replace(section, title=text(section.title), tile=text(section.tile),
                illustration_alt=text(section.illustration_alt),
                html=(filled := fill_html(section.html, clinic, code, words)),
                text=html_to_text(filled) if filled != section.html else section.text)
        for section in language.sections)
    strings = {key: value if key in WORDING_KEYS else text(value) for key, value in language.strings.items()}
    checklist = _fill_checklist(language.checklist, text)
    return replace(language, sections=sections, strings=strings, checklist=checklist)


def _fill_checklist(checklist: Checklist | None, text: Callable[[str], str]) -> Checklist | None:
    if checklist is None:
        return None
    groups = tuple(
        ChecklistGroup(group.id, text(group.heading),
                       tuple(replace(item, text=text(item.text)) for item in group.items))
        for group in checklist.groups)
    questions = tuple(Question(q.id, text(q.text), q.always) for q in checklist.questions)
    return Checklist(text(checklist.title), text(checklist.intro), text(checklist.disclaimer), groups,
                     questions)


def unfilled_warnings(clinic: ClinicDetails,
                      languages: Mapping[str, Language]) -> list[tuple[int | None, str]]:
    """(line, message) for each detail the clinic file leaves empty, saying what patients
    read instead, so staff know what to fill in."""
    english = languages.get("en") or next(iter(languages.values()), None)
    english_words = english.strings if english is not None else {}
    if not clinic.found:
        return [(None, f"there is no {CLINIC_FILE}, so patients read general words instead of your "
                       f"clinic's phone numbers; copy {CLINIC_FILE} from the kiosk's own content folder "
                       "and fill it in")]
    messages: list[tuple[int | None, str]] = []
    for name, what in CLINIC_FIELDS.items():
        line = clinic.lines.get(name)
        value = clinic.values.get(name)
        if value is None:
            instead = english_words.get(unset_key(name), "general words")
            where = "" if line else f" (add a line '{name}: ...')"
            messages.append((line, f"{name} ({what}) is empty{where}, so patients read "
                                   f"\"{instead}\" instead; write it after the colon"))
            continue
        if isinstance(value, Mapping):
            for code, language in languages.items():
                if code not in value:
                    instead = language.strings.get(unset_key(name), "general words")
                    messages.append((line, f"{name} has no words for {language.name} ({code}): those "
                                           f"patients read \"{instead}\" instead; add a line '{code}: ...'"))
    return messages
