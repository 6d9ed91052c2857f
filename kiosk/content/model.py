"""What the content folder holds, as plain immutable data.

(No ``from __future__ import annotations`` here: with the annotations as objects, the content
cache's decoder reads the fields' types without compiling 51 strings at every start.)
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from pathlib import Path

from kiosk.content.strings import fill


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class ContentProblem:
    """Something wrong in the content folder, said in plain words for staff."""

    file: str  # relative to the content folder, with forward slashes
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = "" if self.severity is Severity.ERROR else "warning: "
        return f"{where}: {label}{self.message}"


class AnalogyName(StrEnum):
    """The interactive pictures a page may name in its front matter (``analogy: highway``);
    kiosk/ui/analogies/ has a widget for each (a test checks)."""

    HIGHWAY = "highway"
    REBOOT = "reboot"


ANALOGIES: tuple[str, ...] = tuple(AnalogyName)


@dataclass(frozen=True)
class SignOff:
    """Who checked a page's words for the clinic, and on which day."""

    by: str
    on: date


@dataclass(frozen=True)
class Approval:
    """One entry of a language folder's ``approvals.yaml``: who approved a file, when, and
    the fingerprint of the words they approved. ``sealed`` is False when the entry was
    changed by hand after the kiosk wrote it (it is then not trusted)."""

    file: str
    approved_by: str
    approved_on: date
    words: str
    sealed: bool = True


@dataclass(frozen=True)
class Section:
    """One topic page: its words, picture and (optionally) an interactive analogy."""

    slug: str
    file_name: str
    order: int
    title: str
    tile: str
    html: str
    text: str
    illustration: Path | None = None
    illustration_alt: str = ""
    analogy: str | None = None
    images: Mapping[str, Path] = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # plain-text references the page was written from
    reviewed_on: date | None = None  # from the front matter (a clinic's own note)
    reviewed_by: str = ""
    words_hash: str = ""  # fingerprint of the file's words (kiosk.content.approvals)
    sign_off: SignOff | None = None  # what the patient is told; set by kiosk.content.governance


@dataclass(frozen=True)
class Question:
    """A question a patient may take to the doctor."""

    id: str
    text: str
    always: bool = False
    line: int | None = field(default=None, compare=False)  # in checklist.yaml


@dataclass(frozen=True)
class ChecklistItem:
    """One statement a patient can tick, and the ids of the questions it suggests."""

    id: str
    text: str
    questions: tuple[str, ...]
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ChecklistGroup:
    id: str
    heading: str
    items: tuple[ChecklistItem, ...]
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Checklist:
    """The symptom checklist of one language. It suggests questions; it never scores."""

    title: str
    intro: str
    disclaimer: str
    groups: tuple[ChecklistGroup, ...]
    questions: tuple[Question, ...]

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for group in self.groups for item in group.items)


@dataclass(frozen=True)
class Language:
    """One language folder: its pages in order and its interface strings.

    A draft language (staff put a DRAFT.txt file in its folder) is for staff to
    preview; it is never offered to patients."""

    code: str
    name: str
    sections: tuple[Section, ...]
    strings: Mapping[str, str]
    checklist: Checklist | None = None
    draft: bool = False
    page_files: tuple[str, ...] = field(default=(), compare=False)  # every page file, read or not
    own_strings: frozenset[str] = field(default=frozenset(), compare=False)  # in its own ui.yaml
    string_lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    checklist_hash: str = ""  # fingerprint of this folder's own checklist.yaml, if it has one
    approvals: Mapping[str, Approval] = field(default_factory=dict)  # approvals.yaml, by file name

    def section(self, slug: str) -> Section | None:
        for section in self.sections:
            if section.slug == slug:
                return section
        return None

    def index_of(self, slug: str) -> int | None:
        for index, section in enumerate(self.sections):
            if section.slug == slug:
                return index
        return None

    def next_section(self, slug: str) -> Section | None:
        index = self.index_of(slug)
        if index is None or index + 1 >= len(self.sections):
            return None
        return self.sections[index + 1]

    def previous_section(self, slug: str) -> Section | None:
        index = self.index_of(slug)
        if index is None or index == 0:
            return None
        return self.sections[index - 1]

    def format_date(self, day: date) -> str:
        """``day`` in words, as this language writes dates ("3 March 2026", "3 de marzo de 2026");
        as YYYY-MM-DD when the month names are missing or not twelve."""
        names = [name.strip() for name in self.strings.get("month_names", "").split(",")]
        if len(names) != 12 or not all(names):
            return day.isoformat()
        return self.text("date_format", day=day.day, month=names[day.month - 1], year=day.year)

    def text(self, key: str, **values: object) -> str:
        """The interface string ``key`` with ``{placeholders}`` filled in."""
        return fill(self.strings.get(key, key), values)


DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class ClinicDetails:
    """What ``clinic.yaml`` says. Only filled-in values are kept; ``lines`` says where
    each detail is written (for staff messages), ``found`` whether the file exists."""

    values: Mapping[str, str | Mapping[str, str]] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)
    found: bool = False

    def value(self, name: str, language: str) -> str | None:
        """The detail ``name`` as written for ``language``, or None when it is not set."""
        value = self.values.get(name)
        if isinstance(value, Mapping):
            return value.get(language)
        return value


@dataclass(frozen=True)
class ContentBundle:
    """Everything loaded from one content folder, plus what was wrong with it.

    ``languages`` are the languages patients may be offered (some may have errors:
    see :attr:`blocked`); ``drafts`` are the languages staff marked as drafts."""

    root: Path
    languages: Mapping[str, Language]
    problems: tuple[ContentProblem, ...] = ()
    clinic: ClinicDetails = field(default_factory=ClinicDetails)
    drafts: Mapping[str, Language] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[ContentProblem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[ContentProblem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    def language_of(self, problem: ContentProblem) -> str | None:
        """The language folder a problem is in, or None for the folder as a whole."""
        head = problem.file.split("/", 1)[0]
        return head if head in self.languages or head in self.drafts else None

    def errors_of(self, code: str | None) -> tuple[ContentProblem, ...]:
        """The errors in language ``code`` (None: errors that belong to no one language)."""
        return tuple(p for p in self.errors if self.language_of(p) == code)

    @property
    def blocked(self) -> tuple[str, ...]:
        """Offered languages with errors of their own: each is held back on its own."""
        return tuple(code for code in self.languages if self.errors_of(code))

    @property
    def usable(self) -> bool:
        """True when the bundle may go on screen: the default language and the folder as a
        whole have no errors, and there is a page. Errors in another language hold back
        only that language (see :func:`kiosk.content.languages.live_bundle`)."""
        default = self.languages.get(DEFAULT_LANGUAGE)
        if default is None or not default.sections:
            return False
        return not self.errors_of(None) and not self.errors_of(DEFAULT_LANGUAGE)

    def language(self, code: str, draft: bool = False) -> Language:
        """The language ``code``, else English, else the first one; a draft language only
        when ``draft`` is set (staff previewing it), never for a patient."""
        if draft and code in self.drafts:
            return self.drafts[code]
        if code in self.languages:
            return self.languages[code]
        if "en" in self.languages:
            return self.languages["en"]
        return next(iter(self.languages.values()))

    def drafted(self) -> list[tuple[str, str]]:
        """(code, own name) of each draft language (for staff)."""
        return [(code, language.name) for code, language in self.drafts.items()]

    def offered(self, wanted: Sequence[str]) -> list[tuple[str, str]]:
        """(code, own name) of each language to offer visitors: those of ``wanted`` that the
        bundle has, in that order; every language when none of them (or nothing) is wanted."""
        codes = [code for code in wanted if code in self.languages] or list(self.languages)
        return [(code, self.languages[code].name) for code in codes]
