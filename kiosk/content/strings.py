"""Every interface string the kiosk shows, by key, with what it is for.

The words themselves live in each language's ``ui.yaml``; English must have every
key, other languages fall back to English per missing key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kiosk import paths

if TYPE_CHECKING:
    from kiosk.content.model import Severity

UI_STRINGS: dict[str, str] = {
    "language_name": "The language's own name, shown on the language button (English, Español).",
    "home_title": "Big title on the home screen.",
    "home_subtitle": "One line under the home title that says what to do.",
    "checklist_tile": "Label of the big checklist tile on the home screen.",
    "checklist_tile_hint": "Second line on the checklist tile.",
    "more_topics": "Button under the home-screen topics when more follow below; it scrolls down.",
    "first_topics": "The same button at the end of the topics; it scrolls back to the first ones.",
    "back_to_topics": "Button that goes back to the home screen.",
    "previous_page": "Button that goes to the page before.",
    "next_page": "Button to the next page; {title} is that page's title.",
    "next_short": "Short form of the next-page button, used when the title does not fit.",
    "page_position": "Where the reader is, e.g. '3 of 12'; {number} and {total}.",
    "care_team_note": "Reminder on every page that this is general information.",
    "checklist_show": "Button on the checklist that shows the suggested questions.",
    "questions_title": "Title of the screen that lists the suggested questions.",
    "questions_intro": "Line above the list of questions.",
    "questions_qr": "Caption of the QR code that carries the questions to a phone.",
    "questions_print": "Button that prints the questions (shown only where a printer is set up).",
    "questions_printed": "Shown after the questions were sent to the printer.",
    "questions_print_failed": "Shown when printing did not work.",
    "questions_change": "Button that goes back to the checklist to change the ticks.",
    "questions_start_over": "Button that clears every tick and goes back to the start.",
    "highway_block": "Button on the highway picture that puts the roadblock down.",
    "highway_unblock": "Button on the highway picture that lifts the roadblock.",
    "highway_hint": "Short line that says what to tap on the highway picture.",
    "highway_caption": "What the highway picture shows; says it is a picture of the idea.",
    "reboot_restart": "Button on the reboot picture that restarts the pathway.",
    "reboot_restarting": "Shown while the pathway is restarting.",
    "reboot_again": "Button that puts the pathway back to over-excited.",
    "reboot_hint": "Short line that says to touch the pathway.",
    "reboot_caption": "What the reboot picture shows; says it may help and is not a promise.",
    "highway_open_alt": "What the highway picture shows with the road open (for screen readers).",
    "highway_blocked_alt": "What the highway picture shows with the roadblock down (for screen readers).",
    "reboot_excited_alt": "What the reboot picture shows before the restart (for screen readers).",
    "reboot_restarting_alt": "What the reboot picture shows while it restarts (for screen readers).",
    "reboot_calm_alt": "What the reboot picture shows after the restart (for screen readers).",
    "attract_touch": "Invitation on the waiting screen, shown in every language.",
    "attract_topic": "One short line on the waiting screen that says what the kiosk is about.",
    "unwell_note": "What to do if you feel unwell (who to tell, who to call, the emergency number); "
                   "on the questions screen, the printout and in the QR code.",
    "text_size": "Label between the smaller-text and larger-text buttons.",
    "text_smaller": "Spoken name of the button that makes text smaller.",
    "text_larger": "Spoken name of the button that makes text larger.",
    "high_contrast": "Button that switches to white and yellow on black.",
    "still_pictures": "Button on the moving-picture pages that stops the movement.",
    "read_aloud": "Button that reads the page aloud.",
    "read_pause": "Button that pauses reading aloud.",
    "read_resume": "Button that carries on reading aloud.",
    "read_stop": "Button that stops reading aloud.",
    "idle_title": "Big question shown when nobody has touched the screen for a while.",
    "idle_countdown": "Countdown under it; {seconds} is the seconds left.",
    "idle_button": "The one big button that keeps the visit going.",
    "clinic_name_set": "How the clinic's name reads in a sentence; {value} is the name from clinic.yaml.",
    "clinic_name_unset": "Said instead of the clinic's name when clinic.yaml leaves it empty.",
    "clinic_phone_set": "How the clinic's phone reads after 'call'; {value} is the number from clinic.yaml.",
    "clinic_phone_unset": "Said after 'call' when clinic.yaml has no phone number.",
    "after_hours_phone_set": "How the after-hours number reads; {value} is the number from clinic.yaml.",
    "after_hours_phone_unset": "Said instead of the after-hours number when clinic.yaml has none.",
    "emergency_number_set": "How the emergency number reads; {value} is the number from clinic.yaml.",
    "emergency_number_unset": "Said instead of the emergency number when clinic.yaml has none.",
    "ask_in_person_set": "How 'who to tell in person' reads after 'tell'; {value} comes from clinic.yaml.",
    "ask_in_person_unset": "Said after 'tell' when clinic.yaml does not say who to tell in person.",
    "page_checked": "Quiet line at the end of a page; {name} is who checked it (name and role), {date} when.",
    "page_not_checked": "Quiet line at the end of a page that no one at the clinic has checked yet.",
    "date_format": "How a date is written; {day}, {month} (a name from month_names) and {year}.",
    "month_names": "The twelve month names, January first, separated by commas.",
    "sources_button": "Button at the end of a page that shows where its information comes from.",
    "sources_title": "Title of the screen that lists a page's sources.",
    "sources_intro": "Line above the list of a page's sources.",
    "sources_none": "Shown when a page lists no sources.",
    "back_to_page": "Button that goes back from the sources to the page.",
    "helpful_question": "Question at the end of every page.",
    "helpful_yes": "Answer button: the page was helpful.",
    "helpful_no": "Answer button: the page was not helpful.",
    "helpful_thanks": "Shown after a 'helpful?' answer.",
    "about_button": "Button on the home screen that opens the note about what the kiosk keeps.",
    "about_title": "Title of that note.",
    "about_keeps": "What the kiosk keeps: anonymous counts per day (shown when counting is on).",
    "about_keeps_nothing": "What the kiosk keeps when counting is turned off: nothing.",
    "about_never": "What the kiosk never keeps, and that it forgets each visitor.",
    "about_sources": "That each page says where its information comes from and who checked it.",
}

# The {names} the kiosk fills in, per string; any other {name} in ui.yaml is a mistake.
UI_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "next_page": frozenset({"title"}),
    "page_position": frozenset({"number", "total"}),
    "idle_countdown": frozenset({"seconds"}),
    **{f"{name}_set": frozenset({"value"}) for name in (
        "clinic_name", "clinic_phone", "after_hours_phone", "emergency_number", "ask_in_person")},
    "page_checked": frozenset({"name", "date"}),
    "date_format": frozenset({"day", "month", "year"}),
}
# The clinic's details (clinic.yaml) that any other string, page or checklist text may use.
CLINIC_PLACEHOLDERS = frozenset({"clinic_name", "clinic_phone", "after_hours_phone", "emergency_number",
                                 "ask_in_person"})


def builtin_english_strings() -> dict[str, str]:
    """The interface words of the kiosk's own (bundled) English content; empty if they
    cannot be read. They stand in for words a content folder does not have yet."""
    import yaml  # here: the content cache spares the start-up any YAML

    from kiosk.content import safeyaml

    try:
        data = safeyaml.load((paths.bundled_content_dir() / "en" / "ui.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): value.strip() for key, value in data.items()
            if key in UI_STRINGS and isinstance(value, str) and value.strip()}


def complete_english(strings: Mapping[str, str]) -> list[tuple[str, Severity]]:
    """Fill the words English lacks from the kiosk's own English (a folder written for an
    older version of the kiosk keeps its own words and gets the new ones), and say so; a
    word the kiosk has no English for either is an error."""
    from kiosk.content.model import Severity  # model imports this module

    missing = [key for key in UI_STRINGS if key not in strings]
    builtin = builtin_english_strings() if missing else {}
    problems = []
    for key in missing:
        if key in builtin and isinstance(strings, dict):
            strings[key] = builtin[key]
            problems.append((f"'{key}' is missing ({UI_STRINGS[key]}); the kiosk's own words are shown: "
                             f"{builtin[key]}", Severity.WARNING))
        else:
            problems.append((f"'{key}' is missing ({UI_STRINGS[key]})", Severity.ERROR))
    return problems


def month_names_problem(strings: Mapping[str, str]) -> str | None:
    """Why a language's month names cannot be used, or None."""
    value = strings.get("month_names")
    if value is not None and len([name for name in value.split(",") if name.strip()]) != 12:
        return ("'month_names' must be the twelve month names separated by commas; dates are written "
                "as numbers until it is fixed")
    return None
# A placeholder is exactly ``{name}``; ``{{`` and ``}}`` are a literal brace. Anything else
# that has a brace in it (``{}``, ``{0}``, ``{title!r}``, ``{number:>20000000}``,
# ``{title.upper}``) is an error of the check (messages.placeholder_problems) and is shown
# as it is: words are never given to Python's formatting.
_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")


def fill(template: str, values: dict[str, object]) -> str:
    """``template`` with each ``{name}`` in ``values`` replaced by its value, and ``{{``/``}}``
    by one brace. One pass, no format specs: a value is never read as a template itself."""

    def replace(match: re.Match[str]) -> str:
        token, name = match.group(0), match.group(1)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if name is not None and name in values:
            return str(values[name])
        return token

    return _TOKEN.sub(replace, template)
