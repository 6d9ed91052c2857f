"""Fleet health as a Prometheus text file, for node_exporter's textfile collector.

With ``metrics_dir`` set, the kiosk writes ``crps_kiosk.prom`` there every minute and on
every change (content loaded, reload failed), atomically: a temporary file in the same
folder, then a rename, so node_exporter never reads half a file. Nothing about a visitor
is in it: only the program's state (up, start time, version, content version and
problems, last reload), the pages whose clinical review is overdue, and the visits of
the previous day (the anonymous daily count, only for whole days: a count that grew with
each visit, read every minute, would tell when each visit happened; left out when
counting is off).

Pure module: no Qt. :mod:`kiosk.ui.service` calls :func:`write_metrics` on a timer.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.model import ContentBundle

FILE_NAME = "crps_kiosk.prom"  # node_exporter reads *.prom files only


def content_version(bundle: ContentBundle) -> str:
    """A short hash of the content on screen: every page, word, checklist line and picture
    name that was loaded (computed from memory: the folder is not read again)."""
    digest = hashlib.sha256()
    for code in sorted(bundle.languages):
        language = bundle.languages[code]
        parts: list[object] = [code, language.name, sorted(language.strings.items()), language.checklist]
        for section in language.sections:
            parts += [section.file_name, section.title, section.tile, section.text, section.html,
                      section.analogy, section.illustration_alt,
                      section.illustration.name if section.illustration else "",
                      sorted((key, path.name) for key, path in section.images.items())]
        digest.update(repr(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class KioskHealth:
    """What the metrics file says; every time is seconds since the Unix epoch."""

    version: str
    started_at: float
    content_version: str
    content_dir: str
    content_errors: int
    content_warnings: int
    content_fell_back: bool  # the folder could not be shown: bundled or last good content instead
    pages: int
    last_reload_at: float
    last_reload_ok: bool
    up: bool = True
    pages_overdue: int | None = None  # pages past their review date (trusted-information feature)
    visits_yesterday: int | None = None  # the last whole day's anonymous count (when counting is on)


def _label(value: str) -> str:
    """A label value in the text format: backslash, double quote and newline escaped."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    return repr(float(value)) if isinstance(value, float) and not value.is_integer() else str(int(value))


def render(health: KioskHealth, now: float) -> str:
    """The Prometheus text exposition format (version 0.0.4) of ``health`` at ``now``."""
    families: list[tuple[str, str, str, list[tuple[str, float]]]] = [
        ("up", "gauge", "1 while the kiosk runs; 0 after a clean exit.", [("", 1 if health.up else 0)]),
        ("build_info", "gauge", "The kiosk's version (always 1).",
         [(f'version="{_label(health.version)}"', 1)]),
        ("start_time_seconds", "gauge", "When the kiosk started, in seconds since the epoch.",
         [("", health.started_at)]),
        ("uptime_seconds", "gauge", "Seconds since the kiosk started.",
         [("", max(0.0, now - health.started_at))]),
        ("content_info", "gauge", "The content on screen: a short hash of it and its folder (always 1).",
         [(f'content_version="{_label(health.content_version)}",folder="{_label(health.content_dir)}"', 1)]),
        ("content_errors", "gauge", "Errors found in the content folder at the last load.",
         [("", health.content_errors)]),
        ("content_warnings", "gauge", "Warnings found in the content folder at the last load.",
         [("", health.content_warnings)]),
        ("content_fell_back", "gauge", "1 when the folder could not be shown and the kiosk shows the "
         "bundled or last good content instead.", [("", 1 if health.content_fell_back else 0)]),
        ("content_pages", "gauge", "Pages on screen, all languages together.", [("", health.pages)]),
        ("last_reload_timestamp_seconds", "gauge", "When content was last loaded (seconds since the epoch).",
         [("", health.last_reload_at)]),
        ("last_reload_success", "gauge", "1 when the last content load could be shown.",
         [("", 1 if health.last_reload_ok else 0)]),
    ]
    if health.pages_overdue is not None:
        families.append(("pages_overdue_for_review", "gauge", "Pages and checklists past their review date "
                         "(review_months after their last check).",
                         [("", health.pages_overdue)]))
    if health.visits_yesterday is not None:
        families.append(("visits_yesterday", "gauge", "Visits on the previous day (the anonymous daily "
                         "count; only whole days, so that no visit's time leaves the kiosk).",
                         [("", health.visits_yesterday)]))
    families.append(("metrics_written_timestamp_seconds", "gauge",
                     "When this file was written; stale means the kiosk is down or frozen.", [("", now)]))
    lines = []
    for name, kind, help_text, samples in families:
        full = f"crps_kiosk_{name}"
        lines += [f"# HELP {full} {help_text}", f"# TYPE {full} {kind}"]
        lines += [f"{full}{{{labels}}} {_number(value)}" if labels else f"{full} {_number(value)}"
                  for labels, value in samples]
    return "\n".join(lines) + "\n"


def write_metrics(folder: Path, health: KioskHealth, now: float) -> Path:
    """Write ``folder/crps_kiosk.prom`` atomically (temporary file, then rename).
    Raises OSError when the folder cannot be written."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / FILE_NAME
    handle, temporary = tempfile.mkstemp(prefix=f".{FILE_NAME}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(render(health, now))
        os.chmod(temporary, 0o644)  # node_exporter often runs as another user
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return target
