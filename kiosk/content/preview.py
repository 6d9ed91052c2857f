"""The staff preview of a content folder: its own words, drafts and problems included.

Pure Python. A preview never shows the bundled content in place of the folder's: it
offers every language (drafts and languages with errors too, each marked), and a
page with an error is drawn as far as it goes with a note that says what is wrong
(or, when it could not be read at all, as a page that lists its problems).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from kiosk.content.model import ContentBundle, ContentProblem, Language, Section, Severity
from kiosk.content.report import effect

PROBLEM_MARK = "Problem: "
_PAGE_FILE = re.compile(r"^(\d{1,4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


def preview_bundle(bundle: ContentBundle) -> ContentBundle:
    """``bundle`` as staff should see it: every language offered, problems marked."""
    languages: dict[str, Language] = {}
    for code, language in {**bundle.languages, **bundle.drafts}.items():
        name = language.name
        if language.draft:
            name += " (draft)"
        elif code in bundle.blocked:
            name += " (!)"
        languages[code] = replace(language, name=name, sections=_marked(bundle, language))
    return replace(bundle, languages=languages, drafts={})


def _marked(bundle: ContentBundle, language: Language) -> tuple[Section, ...]:
    by_file: dict[str, list[ContentProblem]] = {}
    for problem in bundle.problems:
        head, _, name = problem.file.partition("/")
        if head == language.code and problem.severity is Severity.ERROR and name.endswith(".md"):
            by_file.setdefault(name, []).append(problem)
    sections = []
    for section in language.sections:
        problems = by_file.pop(section.file_name, [])
        if problems:
            section = replace(section, title=PROBLEM_MARK + section.title, tile=PROBLEM_MARK + section.tile,
                              html=_note(bundle, problems) + section.html)
        sections.append(section)
    for name, problems in by_file.items():
        match = _PAGE_FILE.match(name)
        if match is None or not (bundle.root / language.code / name).is_file():
            continue  # a page that is missing, not broken: nothing to draw
        order, slug = int(match.group(1)), match.group(2)
        sections.append(Section(slug=slug, file_name=name, order=order, title=PROBLEM_MARK + name,
                                tile=PROBLEM_MARK + name, html=_note(bundle, problems),
                                text=" ".join(p.message for p in problems)))
    return tuple(sorted(sections, key=lambda s: (s.order, s.slug)))


def _note(bundle: ContentBundle, problems: list[ContentProblem]) -> str:
    items = "".join(f"<li>{html.escape(_where(p) + effect(bundle, p))}: {html.escape(p.message)}</li>"
                    for p in problems)
    return ("<p><b>Staff preview: this page has a problem. Patients do not see this version until it is "
            f"fixed.</b></p><ul>{items}</ul><hr/>")


def _where(problem: ContentProblem) -> str:
    return f"{problem.file}:{problem.line}: " if problem.line else f"{problem.file}: "
