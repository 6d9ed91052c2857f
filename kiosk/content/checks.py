"""Extra checks for staff (``kiosk check``): things that are allowed but worth fixing.

Pure Python. Reading level uses Flesch-Kincaid (``textstat``) on English pages.
"""

from __future__ import annotations

import re

from kiosk.content.clinic import CLINIC_FILE, unfilled_warnings
from kiosk.content.model import ContentBundle, ContentProblem, Severity

MAX_GRADE = 8.0
MAX_WORDS = 600
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s)]+[^\s).,;:!?]", re.IGNORECASE)


def reading_grade(text: str) -> float | None:
    """Flesch-Kincaid grade of ``text``, or None when textstat is not installed."""
    try:
        import textstat
    except ImportError:
        return None
    return float(textstat.flesch_kincaid_grade(re.sub(r"\s+", " ", text)))


def staff_warnings(bundle: ContentBundle) -> list[ContentProblem]:
    """Warnings beyond the loader's own: clinic details left empty, reading level
    (English) and very long pages."""
    problems: list[ContentProblem] = []
    if bundle.languages:
        problems += [ContentProblem(CLINIC_FILE, line, message, Severity.WARNING)
                     for line, message in unfilled_warnings(bundle.clinic, bundle.languages)]
    already = {(p.file, p.message) for p in bundle.problems}
    for language in bundle.languages.values():
        for section in language.sections:
            file = f"{language.code}/{section.file_name}"
            for address in sorted(set(_WEB_ADDRESS.findall(section.text))):
                if not any(f == file and "outside web address" in m for f, m in already):
                    problems.append(ContentProblem(file, None, f"outside web address {address}: it is shown "
                                                   "as text and never opened", Severity.WARNING))
            words = len(section.text.split())
            if words > MAX_WORDS:
                problems.append(ContentProblem(file, None, f"the page is long ({words} words; keep it under "
                                               f"{MAX_WORDS}, or split it into two pages)", Severity.WARNING))
            if language.code == "en":
                grade = reading_grade(section.text)
                if grade is not None and grade > MAX_GRADE:
                    problems.append(ContentProblem(
                        file, None, f"reads at grade {grade:.1f}; aim for grade {MAX_GRADE:.0f} or lower "
                        "(shorter sentences, everyday words)", Severity.WARNING))
    return problems
