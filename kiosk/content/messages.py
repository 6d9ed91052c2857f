"""Problems in content files, said in words a member of staff can act on.

Pure Python. Each function turns what a parser or a check found into one plain
sentence that names the line to change and what to type there, because the people
who edit the content folder are nurses and educators, not programmers: "line 59
starts with a tab: use spaces", never "found a tab character that violates
indentation".
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.model import DEFAULT_LANGUAGE

# How deep a settings block or YAML file may nest (kiosk/content/safeyaml.py refuses more).
# Here, not there: safeyaml imports PyYAML, which a start from the content cache never needs.
YAML_MAX_DEPTH = 20

if TYPE_CHECKING:  # PyYAML is imported when a file is read (never at a start from the cache)
    import yaml

# What the guide calls the lines between the two "---" lines at the top of a page.
SETTINGS_BLOCK = "the settings block at the top of the page"
_KEY_LINE = re.compile(r"^(\s*)(-\s+)?([A-Za-z_][\w-]*)\s*:(\s|$)")
_SETTING_LINE = re.compile(r"^\s*[A-Za-z_][\w-]*\s*:|^\s+\S|^\s*#|^\s*$")


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 error``, ``2 errors``; ``many`` for irregular words (``1 is``/``2 are``)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice that looks most like ``word`` (a typo, a translated name), or None."""
    import difflib  # here: only a problem asks, and a start from the content cache has none

    options = list(dict.fromkeys(choices))
    found = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    if found:
        return found[0]
    lowered = {option.lower(): option for option in options}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[found[0]] if found else None


def did_you_mean(word: str, choices: Iterable[str], quote: str = "'") -> str:
    """`` Did you mean 'title'?`` (with a leading space), or an empty string."""
    best = closest(word, choices)
    if best is None or best == word:
        return ""
    return f" Did you mean {quote}{best}{quote}?" if quote != "{" else f" Did you mean {{{best}}}?"


def unknown_key(key: object, known: Iterable[str], what: str) -> str:
    """An unknown ``key:`` in a file: what is ignored and, if it looks like a typo, the right name."""
    names = list(known)
    hint = did_you_mean(str(key), names)
    listed = ", ".join(names) if len(names) <= 8 else ""
    tail = f" The names {what} can have: {listed}." if listed and not hint else ""
    return f"'{key}' is not a name the kiosk knows, so this line is ignored.{hint}{tail}"


# --- YAML layout mistakes -------------------------------------------------------------

def yaml_problem(text: str, error: yaml.YAMLError, first_line: int = 1) -> tuple[int | None, str]:
    """(line in the file, plain words) for a YAML ``error`` in ``text``, whose first line
    is line ``first_line`` of the file (2 for a page's settings block)."""
    lines = text.split("\n")
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    mark = getattr(error, "problem_mark", None)
    opened = getattr(error, "context_mark", None)
    at = int(mark.line) if mark is not None else None  # 0-based line in ``text``
    column = int(mark.column) if mark is not None else 0

    def file_line(index: int) -> int:
        return index + first_line

    tab = _tab_line(lines, at)
    if tab is not None and (at is None or abs(tab - at) <= 1 or "tab" in problem or "token" in problem):
        return file_line(tab), _tab_message(lines[tab], file_line(tab))
    if at is not None and "mapping values are not allowed" in problem:
        return file_line(at), _colon_or_indent(lines, at, column, file_line)
    if at is not None and any(words in problem for words in (
            "did not find expected key", "expected '-' indicator", "expected <block end>",
            "expected <document start>", "did not find expected <document start>")):
        return file_line(at), _misaligned(lines, at, file_line)
    if opened is not None and ("flow sequence" in context or "flow mapping" in context):
        sign, end = ("[", "]") if "sequence" in context else ("{", "}")
        number = file_line(int(opened.line))
        return number, (f"line {number}: the {sign} that starts a list here is never closed. Add {end} at "
                        f"the end of the list, like [first, second]; if the words should show a {sign}, put "
                        "them in double quotes")
    if opened is not None and "quoted scalar" in context:
        number = file_line(int(opened.line))
        quote = lines[int(opened.line)][int(opened.column)] if int(opened.line) < len(lines) else '"'
        return number, (f"line {number}: the quote mark ({quote}) that starts the words here has no closing "
                        f"quote mark. Add {quote} at the end of the words")
    if at is not None and "cannot start any token" in problem:
        sign = lines[at][column] if at < len(lines) and column < len(lines[at]) else ""
        number = file_line(at)
        return number, (f"line {number}: a line cannot start its words with '{sign}'. Put the words after "
                        f"the colon in double quotes, like name: \"{sign}...\"")
    found = file_line(at) if at is not None else None
    where = f"line {found}" if found is not None else "this file"
    detail = _own_words(problem, context)
    return found, (f"{where} cannot be read ({detail}). Each line is 'name: words', list lines start "
                    "with '- ', and lines are lined up with spaces (never tabs)")


def _own_words(problem: str, context: str) -> str:
    if "maximum nesting depth" in problem:
        return f"nested more than {YAML_MAX_DEPTH} levels deep"
    return ", ".join(part for part in (context, problem) if part) or "the layout is not valid"


def _tab_line(lines: list[str], at: int | None) -> int | None:
    """The line with a tab nearest the error (a tab in the leading spaces first)."""
    leading = [i for i, line in enumerate(lines) if "\t" in line[: len(line) - len(line.lstrip())]]
    anywhere = [i for i, line in enumerate(lines) if "\t" in line]
    for candidates in (leading, anywhere):
        if candidates:
            if at is None:
                return candidates[0]
            return min(candidates, key=lambda i: (abs(i - at), i < at))
    return None


def _tab_message(line: str, number: int) -> str:
    start = "starts with a tab" if line[:1] == "\t" or line.lstrip(" ")[:1] == "\t" else "has a tab in it"
    return (f"line {number} {start} (the Tab key makes a wide gap). These files use spaces only: delete "
            "the tab and type spaces, so the line starts under the line it belongs with")


def _colon_or_indent(lines: list[str], at: int, column: int, file_line: Callable[[int], int]) -> str:
    line = lines[at]
    number = file_line(at)
    key = _KEY_LINE.match(line)
    if key is not None and column > key.end(3):
        name = key.group(3)
        value = line[key.end():].strip()
        quoted = ('"' + value + '"') if '"' not in value else ("'" + value.replace("'", "''") + "'")
        thing = ("this title has a colon (:) in it" if name == "title"
                 else f"the words after '{name}:' have a colon (:) in them")
        marks = "double quotes" if '"' not in value else "single quotes"
        return (f"line {number}: {thing}. Put the whole "
                f"{'title' if name == 'title' else 'text'} in {marks}, like this: "
                f"{key.group(2) or ''}{name}: {quoted}")
    return _misaligned(lines, at, file_line)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _misaligned(lines: list[str], at: int, file_line: Callable[[int], int]) -> str:
    """The bad line is not lined up: find the line above it should line up with."""
    number = file_line(at)
    if at >= len(lines) or not lines[at].strip():
        return (f"line {number}: a line near here is not lined up with the lines it belongs with. Lines "
                "that belong together start at the same place, with spaces")
    line = lines[at]
    dash = line.lstrip(" ").startswith("- ")
    here = _indent(line)
    candidates: list[tuple[int, int, int]] = []  # (distance, -index, column)
    for index in range(at - 1, -1, -1):
        above = lines[index]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        above_dash = above.lstrip(" ").startswith("- ")
        if dash and above_dash:
            col = _indent(above)
        elif not dash:
            match = _KEY_LINE.match(above)
            col = (match.start(3) if match else _indent(above))
        else:
            continue
        candidates.append((abs(col - here), at - index, col))
    candidates = [c for c in candidates if c[0] > 0]
    if not candidates:
        return (f"line {number} is not lined up with the lines around it. Lines that belong together start "
                "at the same place, with spaces")
    _, back, col = min(candidates)
    above_number = number - back
    spaces = f"{plural(col, 'space')} from the left" if col else "at the very left"
    if dash and "-" in line:
        what = f"start its dash (-) under the dash on line {above_number}"
    else:
        what = f"start its first word under the first word on line {above_number}"
    return (f"line {number} is not lined up with the lines around it: {what} ({spaces}; now "
            f"{plural(here, 'space')})")


def unclosed_settings_block(lines: list[str]) -> tuple[int, str]:
    """(line, words) for a page whose settings block has no closing ``---``."""
    last = 1
    for index in range(1, len(lines)):
        if not _SETTING_LINE.match(lines[index]) or lines[index].startswith("#"):
            break
        if lines[index].strip():
            last = index + 1
    missing = last + 1
    return missing, (f"{SETTINGS_BLOCK} (the title and other settings between two lines of three dashes, "
                     f"---) is not closed: add a line with just --- as line {missing}, after "
                     f"'{lines[last - 1].strip()[:40]}' and before the page's text")


def key_line(text: str, key: object) -> int | None:
    """The line on which ``key:`` starts a line of ``text`` (else any line that has it)."""
    pattern = re.compile(rf"^\s*['\"]?{re.escape(str(key))}['\"]?\s*:", re.MULTILINE)
    match = pattern.search(text)
    if match is not None:
        return text.count("\n", 0, match.start()) + 1
    for number, line in enumerate(text.split("\n"), start=1):
        if f"{key}:" in line:
            return number
    return None


# --- placeholders in interface words --------------------------------------------------

def placeholder_problems(key: str, template: str, allowed: Iterable[str]) -> list[str]:
    """What is wrong with the ``{names}`` in ``template`` (the words for ``key``)."""
    names = sorted(allowed)
    listed = " and ".join("{" + n + "}" for n in names)
    can = f"'{key}' can use {listed}" if names else f"'{key}' has nothing for the kiosk to fill in"
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return [f"'{key}' has a curly bracket {{ or }} without its partner. Words in curly brackets "
                f"are filled in by the kiosk ({can}); to show a bracket, type it twice: {{{{ or }}}}"]
    found = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name == "":
            found.append(f"'{key}' has empty curly brackets {{}}: {can}; remove the {{}}")
            continue
        base = re.split(r"[.\[]", name, maxsplit=1)[0]
        if base not in names:
            hint = did_you_mean(base, names, quote="{")
            hint = "." + hint if hint else ""
            found.append(f"'{key}' uses {{{name}}}, which the kiosk does not fill in{hint} ({can})")
        elif spec or conversion or base != name:
            now = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            found.append(f"'{key}': write {{{base}}} with nothing else inside the curly brackets "
                         f"(now {{{now}}})")
    return found


# --- links between pages --------------------------------------------------------------

def missing_page(root: Path, page: Path, link: str, pages: Iterable[str]) -> str:
    """A link from ``page`` to no page: what to type instead, or (when the default
    language has that page) that it is still to be added to this language."""
    target = link.split("#", 1)[0]
    message = f"the link to '{target}' goes to no page in this language, so its words show without a link"
    default = root / DEFAULT_LANGUAGE
    if re.fullmatch(r"\d{1,4}-[a-z0-9-]+\.md", target) and page.parent.name != DEFAULT_LANGUAGE \
            and (default / target).is_file():
        return f"{message}: that page is in {DEFAULT_LANGUAGE}/ but not in this folder yet. Add it here"
    return f"{message}. {page_suggestion(target, pages)}"


def page_suggestion(target: str, pages: Iterable[str]) -> str:
    """What to type instead of a link ``target`` that is no page: the closest page's file
    name (``side-efects.md`` -> ``11-safety-and-side-effects.md``)."""
    files = sorted(name for name in pages if name.endswith(".md"))
    if not files:
        return "Link to a page by its file name"
    best = closest(target, files, cutoff=0.5)
    if best is None:
        by_slug = {name.split("-", 1)[-1]: name for name in files}
        slug = closest(target.split("-", 1)[-1] if target[:1].isdigit() else target, by_slug, cutoff=0.5)
        best = by_slug[slug] if slug is not None else None
    if best is None:
        return f"Link to a page by its file name, like [words]({files[0]})"
    return f"Did you mean {best}? Type the page's file name exactly: [words]({best})"
