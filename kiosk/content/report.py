"""What ``kiosk check`` prints: each problem with what it does, then one summary.

Pure Python. Every line says whether the problem stops an update, so that staff
never have to guess: "error, stops the update" (the default language or the folder
as a whole), "error, holds back Français" (that language only), "draft, fix before
it goes live", "warning, does not stop the update".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.content.messages import plural
from kiosk.content.model import DEFAULT_LANGUAGE, ContentBundle, ContentProblem, Severity


@dataclass(frozen=True)
class CheckReport:
    lines: tuple[str, ...]
    ready: bool  # every offered language (and the folder) has no errors


def effect(bundle: ContentBundle, problem: ContentProblem) -> str:
    """What the problem does to an update, in a few words."""
    code = bundle.language_of(problem)
    if code is not None and code in bundle.drafts:
        return "draft, fix before it goes live"
    if problem.severity is Severity.WARNING:
        return "warning, does not stop the update"
    if code is None or code == DEFAULT_LANGUAGE:
        return "error, stops the update"
    return f"error, holds back {bundle.languages[code].name} only"


def describe(bundle: ContentBundle, problem: ContentProblem) -> str:
    """``file:line: what it does: message``."""
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    return f"{where}: {effect(bundle, problem)}: {problem.message}"


def _names(bundle: ContentBundle, codes: Iterable[str]) -> str:
    languages = {**bundle.languages, **bundle.drafts}
    return ", ".join(f"{languages[code].name} ({code})" for code in codes)


def check_report(bundle: ContentBundle, problems: Iterable[ContentProblem], folder: str) -> CheckReport:
    """The lines ``kiosk check`` prints for ``bundle`` and ``problems`` (the bundle's own
    plus any extra warnings), and whether the folder is ready to go live."""
    listed = list(problems)
    lines = [describe(bundle, problem) for problem in listed]
    live = [p for p in listed if bundle.language_of(p) not in bundle.drafts]
    errors = sum(1 for p in live if p.severity is Severity.ERROR)
    warnings = len(live) - errors
    pages = sum(len(language.sections) for language in bundle.languages.values())
    offered = _names(bundle, bundle.languages) or "none"
    blocked = bundle.blocked
    if not bundle.usable:
        verdict = ("NOT ready: the kiosk keeps showing its last good content (every language) until the "
                   f"{'error is' if errors == 1 else 'errors are'} fixed")
    elif blocked:
        ready = [code for code in bundle.languages if code not in blocked]
        verdict = (f"{_names(bundle, ready)} ready to use; NOT ready: {_names(bundle, blocked)}: patients "
                   "keep seeing its last good version (or do not see it, if it never had one) until the "
                   "errors are fixed")
    else:
        verdict = "ready to use"
    count = plural(len(bundle.languages), "language")
    summary = (f"{folder}: {plural(pages, 'page')} in {count} ({offered}); "
               f"{plural(errors, 'error')}, {plural(warnings, 'warning')}; {verdict}.")
    for code, language in bundle.drafts.items():
        todo = sum(1 for p in listed if bundle.language_of(p) == code)
        summary += (f" {language.name} ({code}) is a draft: staff can preview it, patients are never offered "
                    f"it ({plural(todo, 'thing')} to fix before it goes live).")
    lines.append(summary)
    return CheckReport(tuple(lines), ready=bundle.usable and not blocked)
