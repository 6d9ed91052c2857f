"""Reading ``checklist.yaml``: the staff-editable symptom checklist of one language.

Every mistake is reported with its line, in plain words; a checklist with an error is
not used (the kiosk keeps its last good one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from kiosk.content import messages, safeyaml
from kiosk.content.model import Checklist, ChecklistGroup, ChecklistItem, Question, Severity

Report = Callable[[int | None, str, Severity], None]
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP_KEYS = ("title", "intro", "disclaimer", "questions", "groups")
_QUESTION_KEYS = ("id", "text", "always")
_GROUP_KEYS = ("id", "heading", "items")
_ITEM_KEYS = ("id", "text", "questions")


class _Reader:
    def __init__(self, text: str, report: Report) -> None:
        self.lines = text.split("\n")
        self.report = report
        self.errors = 0

    def line_of(self, needle: str, start: int = 1) -> int | None:
        for number in range(max(start, 1), len(self.lines) + 1):
            if needle in self.lines[number - 1]:
                return number
        return None

    def unknown_keys(self, data: dict[str, Any], known: tuple[str, ...], what: str, start: int) -> None:
        for key in data:
            if key not in known:
                self.report(self.line_of(f"{key}:", start), messages.unknown_key(key, known, what),
                            Severity.WARNING)

    def error(self, line: int | None, message: str) -> None:
        self.errors += 1
        self.report(line, message, Severity.ERROR)

    def text(self, data: dict[str, Any], key: str, where: str, line: int | None) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error(line, f"{where} has no '{key}' (it needs some text)")
            return ""
        return " ".join(value.split())

    def entry_id(
        self, data: dict[str, Any], where: str, seen: dict[str, int | None]
    ) -> tuple[str, int | None]:
        value = data.get("id")
        line = getattr(data, "line", None)
        if not isinstance(value, str) or not _ID.match(value):
            self.error(line, f"{where} needs an 'id' of small letters, numbers and dashes (not {value!r})")
            return "", line
        if value in seen:
            self.error(line, f"the id '{value}' is used twice (also on line {seen[value]})")
        seen.setdefault(value, line)
        return value, line


def parse_checklist(text: str, report: Report) -> Checklist | None:
    """Parse the text of ``checklist.yaml``; problems go to ``report(line, message, severity)``."""
    try:
        data = safeyaml.load_with_lines(text)
    except yaml.YAMLError as error:
        report(*messages.yaml_problem(text, error), Severity.ERROR)
        return None
    if not isinstance(data, dict):
        report(1, "must start with 'title:', 'intro:', 'questions:' and 'groups:'", Severity.ERROR)
        return None
    reader = _Reader(text, report)
    reader.unknown_keys(data, _TOP_KEYS, "checklist.yaml", 1)
    title = reader.text(data, "title", "the checklist", 1)
    intro = reader.text(data, "intro", "the checklist", 1)
    disclaimer = reader.text(data, "disclaimer", "the checklist", 1)
    questions = _questions(reader, data.get("questions"))
    known = {q.id for q in questions}
    groups = _groups(reader, data.get("groups"), known)
    used = {qid for group in groups for item in group.items for qid in item.questions}
    for question in questions:
        if not question.always and question.id not in used:
            report(reader.line_of(f"id: {question.id}", 1), f"no item suggests the question '{question.id}' "
                   "and it is not marked 'always: true', so it is never shown", Severity.WARNING)
    if reader.errors:
        return None
    return Checklist(title, intro, disclaimer, tuple(groups), tuple(questions))


def _questions(reader: _Reader, raw: Any) -> list[Question]:
    if not isinstance(raw, list) or not raw:
        reader.error(reader.line_of("questions:"),
                     "'questions:' must list the questions, each with an id and text")
        return []
    seen: dict[str, int | None] = {}
    questions = []
    for entry in raw:
        if not isinstance(entry, dict):
            reader.error(reader.line_of("questions:"), "each question needs 'id:' and 'text:' lines")
            continue
        qid, line = reader.entry_id(entry, "a question", seen)
        reader.unknown_keys(entry, _QUESTION_KEYS, "a question", line or 1)
        text = reader.text(entry, "text", f"the question '{qid}'", line)
        always = entry.get("always", False)
        if not isinstance(always, bool):
            reader.error(line, f"'always' of the question '{qid}' must be true or false")
            always = False
        if qid and text:
            questions.append(Question(qid, text, always, line))
    return questions


def _groups(reader: _Reader, raw: Any, known: set[str]) -> list[ChecklistGroup]:
    if not isinstance(raw, list) or not raw:
        reader.error(reader.line_of("groups:"), "'groups:' must list the groups of items")
        return []
    group_ids: dict[str, int | None] = {}
    item_ids: dict[str, int | None] = {}
    groups = []
    for entry in raw:
        if not isinstance(entry, dict):
            reader.error(reader.line_of("groups:"), "each group needs 'id:', 'heading:' and 'items:'")
            continue
        gid, line = reader.entry_id(entry, "a group", group_ids)
        reader.unknown_keys(entry, _GROUP_KEYS, "a group", line or 1)
        heading = reader.text(entry, "heading", f"the group '{gid}'", line)
        items = _items(reader, entry.get("items"), gid, line, known, item_ids)
        if gid and heading and items:
            groups.append(ChecklistGroup(gid, heading, tuple(items), line))
    return groups


def _items(reader: _Reader, raw: Any, group: str, group_line: int | None, known: set[str],
           seen: dict[str, int | None]) -> list[ChecklistItem]:
    if not isinstance(raw, list) or not raw:
        reader.error(group_line, f"the group '{group}' has no items")
        return []
    items = []
    for entry in raw:
        if not isinstance(entry, dict):
            reader.error(group_line, f"each item in '{group}' needs 'id:', 'text:' and 'questions:'")
            continue
        iid, line = reader.entry_id(entry, f"an item in '{group}'", seen)
        reader.unknown_keys(entry, _ITEM_KEYS, "an item", line or 1)
        text = reader.text(entry, "text", f"the item '{iid}'", line)
        suggested = entry.get("questions", [])
        if not isinstance(suggested, list) or not all(isinstance(q, str) for q in suggested):
            reader.error(line, f"'questions' of the item '{iid}' must be a list of question ids, like [a, b]")
            suggested = []
        for qid in suggested:
            if qid not in known:
                reader.error(reader.line_of("questions:", line or 1) or line,
                             f"the item '{iid}' suggests the question '{qid}', which is not in 'questions:'")
        if iid and text:
            items.append(ChecklistItem(iid, text, tuple(suggested), line))
    return items
