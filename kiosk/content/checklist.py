"""Checklist rules: ticked items -> the questions to take to the doctor. Pure Python.

Questions come in the order the checklist lists them, each once, however many ticked
items suggest it; questions marked ``always`` come even when nothing is ticked. Nothing
here counts symptoms or draws a conclusion from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kiosk.content.model import Checklist, Question


def suggested_questions(checklist: Checklist, ticked: Iterable[str]) -> list[Question]:
    """The questions for the ticked item ids (unknown ids are ignored)."""
    wanted: set[str] = set()
    ticked_ids = set(ticked)
    for item in checklist.items:
        if item.id in ticked_ids:
            wanted.update(item.questions)
    return [q for q in checklist.questions if q.always or q.id in wanted]


def questions_as_text(title: str, questions: Iterable[Question], notes: Sequence[str] = ()) -> str:
    """The list as plain text, numbered, then each note (the checklist's disclaimer, what
    to do if you feel unwell) as its own paragraph: what the QR code carries."""
    lines = [title, ""]
    lines += [f"{number}. {question.text}" for number, question in enumerate(questions, start=1)]
    for note in notes:
        if note.strip():
            lines += ["", " ".join(note.split())]
    return "\n".join(lines)
