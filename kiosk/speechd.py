"""A small client for speech-dispatcher's SSIP protocol (text lines over a Unix socket).

Why not Qt's speech-dispatcher plugin: it pauses with ``PAUSE ALL`` and stops with
``CANCEL ALL``, which silences every other program using speech-dispatcher on the machine
(a screen reader included) and never resumes; its engine state stays "speaking" after a
pause. This client only ever acts on its own messages (``CANCEL SELF``). It sends a page
one sentence per message, so that speech-dispatcher's "begin" and "end" events say which
sentence is playing (its index marks proved unreliable: with espeak-ng only the first two
of a text are reported), and pauses by stopping at once and later speaking again from the
sentence that was playing (speech-dispatcher's own pause lets the sentence finish and may
never resume).

Everything that waits on the socket runs on two threads of its own (one sends commands
and reads their replies, one reads the socket), so no caller ever blocks: :meth:`speak`
and :meth:`cancel` only queue work. What happens is reported through callbacks, from
those threads. Pure Python, no Qt (the Qt side is :mod:`kiosk.ui.speech`).
"""

from __future__ import annotations

import logging
import os
import queue
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

CLIENT_NAME = "crps-kiosk"
CONNECT_SECONDS = 5.0  # waiting for a daemon started on demand
REPLY_SECONDS = 10.0  # listing every voice of espeak-ng takes 1-3 s

# Events speech-dispatcher sends about a message (SSIP 7xx codes).
EVENTS = {"700": "index_mark", "701": "begin", "702": "end", "703": "cancelled", "704": "paused",
          "705": "resumed"}

# When the settings name no voice, the region preferred for a language (a kiosk in a US clinic):
# American English, Latin-American Spanish. Other languages take the voice whose tag is the bare
# language, else the first by tag and name: the same voice on every run.
PREFERRED_REGIONS = {"en": ("en-us",), "es": ("es-419",)}


class SpeechdError(RuntimeError):
    """speech-dispatcher cannot be reached, or refused a command."""


@dataclass(frozen=True)
class Voice:
    name: str
    language: str  # a tag such as "es-419"
    variant: str = "none"


@dataclass(frozen=True)
class Event:
    """What speech-dispatcher said about the message of ``token`` (see :meth:`SpeechdClient.speak`).

    ``kind``: ``queued`` (sentence number ``part`` was accepted as message ``message``),
    ``begin``, ``end``, ``cancelled``, ``paused``, ``resumed`` (about message ``message``; these
    carry no token), or ``failed`` (``mark`` says why).
    """

    kind: str
    token: int
    message: int = 0
    mark: str = ""
    part: int = 0


def default_address() -> str:
    """Where speech-dispatcher listens, as its own client library works it out."""
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache")
    return f"unix_socket:{Path(runtime) / 'speech-dispatcher' / 'speechd.sock'}"


def choose_voice(voices: Iterable[Voice], language: str, wanted: str = "") -> Voice | None:
    """The voice for ``language`` (``es``, ``en``): ``wanted`` when the settings name one that
    exists (by name or by tag), else a fixed rule (see :data:`PREFERRED_REGIONS`), so the same
    voice is chosen on every run whatever order the engine lists them in."""
    plain = [v for v in voices if v.variant in ("", "none")]
    if wanted:
        for voice in sorted(plain, key=lambda v: (v.language, v.name)):
            if wanted.lower() in (voice.name.lower(), voice.language.lower()):
                return voice
    code = language.lower()
    mine = sorted((v for v in plain if v.language.lower().split("-")[0] == code),
                  key=lambda v: (v.language.lower(), v.name))
    if not mine:
        return None
    for tag in (*PREFERRED_REGIONS.get(code, ()), code):
        for voice in mine:
            if voice.language.lower() == tag:
                return voice
    return mine[0]


_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")


def sentences(text: str) -> list[str]:
    """``text`` cut where a sentence (or a line) ends, the pieces as written."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


class SpeechdClient:
    """One connection to speech-dispatcher, driven from any thread without blocking it.

    ``on_ready(voices)`` or ``on_failed(reason)`` is called once the connection is made (or
    cannot be); ``on_event(Event)`` for each event about this client's own messages.
    """

    def __init__(self, on_event: Callable[[Event], None], on_ready: Callable[[list[Voice]], None],
                 on_failed: Callable[[str], None], address: str = "", spawn: bool = True) -> None:
        self._event_callback = on_event
        self._ready_callback = on_ready
        self._failed_callback = on_failed
        self.address = address or default_address()
        self._spawn = spawn and not address and "SPEECHD_ADDRESS" not in os.environ
        self._socket: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._commands: queue.Queue[tuple[str, tuple[object, ...]] | None] = queue.Queue()
        self._replies: queue.Queue[tuple[str, list[str]]] = queue.Queue()
        self._closed = threading.Event()
        self._callback_lock = threading.RLock()
        self._speaking = (0, 0)  # (token, sentence) of the SPEAK whose reply the reader awaits
        self._generation = 0  # cancel() raises it: sentences still to send for older requests are dropped
        self._language = ""
        self._voice = ""
        self._worker = threading.Thread(target=self._work, name="speechd-commands", daemon=True)

    def start(self) -> None:
        self._worker.start()

    # The callbacks run on this client's threads; one whose receiver is gone (the window
    # closed) ends the client.
    def _on_event(self, event: Event) -> None:
        self._call(lambda: self._event_callback(event))

    def _on_ready(self, voices: list[Voice]) -> None:
        self._call(lambda: self._ready_callback(voices))

    def _on_failed(self, reason: str) -> None:
        self._call(lambda: self._failed_callback(reason))

    def _call(self, callback: Callable[[], None]) -> None:
        # Under the lock, so that once close() has returned no callback is running or will run.
        with self._callback_lock:
            if self._closed.is_set():
                return
            try:
                callback()
            except RuntimeError:  # the receiver was deleted
                self.close()

    # -- what callers do (never blocks) -------------------------------------------------
    def speak(self, token: int, parts: Sequence[str], first: int, language: str, voice: str) -> None:
        """Say ``parts[first:]`` (sentences, one message each) in ``language`` with ``voice``
        (a name, or "" for the engine's own choice); the "queued" events carry ``token``."""
        self._commands.put(("speak", (token, list(parts), first, language, voice, self._generation)))

    def cancel(self) -> None:
        """Stop this client's speech at once (others' speech is never touched)."""
        self._generation += 1
        self._commands.put(("cancel", ()))

    def close(self) -> None:
        with self._callback_lock:
            self._closed.set()
        self._commands.put(None)
        sock, self._socket = self._socket, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    # -- the command thread ---------------------------------------------------------------
    def _work(self) -> None:
        try:
            self._socket = self._connect()
            threading.Thread(target=self._read, name="speechd-reader", daemon=True).start()
            self._command(f"SET SELF CLIENT_NAME {_user()}:{CLIENT_NAME}:main")
            self._command("SET SELF NOTIFICATION all on")
            self._command("SET SELF PRIORITY message")
            voices = self._voices()
        except (OSError, SpeechdError) as error:
            self._on_failed(str(error))
            self.close()
            return
        self._on_ready(voices)
        while True:
            item = self._commands.get()
            if item is None or self._closed.is_set():
                return
            name, args = item
            try:
                if name == "speak":
                    self._do_speak(*args)  # type: ignore[arg-type]
                elif name == "cancel":
                    self._command("CANCEL SELF")
            except (OSError, SpeechdError) as error:
                if self._closed.is_set():
                    return
                log.warning("speech-dispatcher: %s", error)
                if name == "speak":
                    self._on_event(Event("failed", int(args[0]), mark=str(error)))  # type: ignore[call-overload]

    def _do_speak(self, token: int, parts: list[str], first: int, language: str, voice: str,
                  generation: int) -> None:
        if language != self._language:
            self._command(f"SET SELF LANGUAGE {language}")
            self._language, self._voice = language, ""
        if voice and voice != self._voice:
            self._command(f"SET SELF SYNTHESIS_VOICE {voice}")
            self._voice = voice
        for number in range(first, len(parts)):
            if generation != self._generation:
                return  # stopped meanwhile: the rest is not sent
            self._command("SPEAK", expect="230")
            lines = parts[number].splitlines() or [""]
            data = "\r\n".join(".." + line if line.startswith(".") else line for line in lines)
            self._speaking = (token, number)
            self._command(data + "\r\n.", expect="225")

    def _connect(self) -> socket.socket:
        kind, _, where = self.address.partition(":")
        if kind == "inet_socket":
            host, _, port = where.rpartition(":")
            return socket.create_connection((host or "127.0.0.1", int(port or 6560)), timeout=CONNECT_SECONDS)
        if kind != "unix_socket":
            raise SpeechdError(f"speech-dispatcher address '{self.address}' is not understood")
        try:
            return _unix_connect(where)
        except OSError as error:
            if not self._spawn or shutil.which("speech-dispatcher") is None:
                raise SpeechdError(f"speech-dispatcher is not running at {where} "
                                   f"({error.strerror})") from error
        # As speech-dispatcher's own client library does: start the daemon on demand.
        subprocess.run(["speech-dispatcher", "--spawn", "--communication-method", "unix_socket",
                        "--socket-path", where], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=CONNECT_SECONDS, check=False)
        deadline = time.monotonic() + CONNECT_SECONDS
        while True:
            try:
                return _unix_connect(where)
            except OSError as error:
                if time.monotonic() > deadline or self._closed.is_set():
                    raise SpeechdError(f"speech-dispatcher did not start at {where} "
                                       f"({error.strerror})") from error
                time.sleep(0.1)

    def _voices(self) -> list[Voice]:
        lines = self._command("LIST SYNTHESIS_VOICES")
        voices = []
        for line in lines[:-1]:
            fields = line[4:].split("\t")
            if len(fields) >= 2:
                voices.append(Voice(fields[0], fields[1], fields[2] if len(fields) > 2 else "none"))
        return voices

    def _command(self, text: str, expect: str = "2") -> list[str]:
        sock = self._socket
        if sock is None:
            raise SpeechdError("not connected")
        with self._send_lock:
            sock.sendall(text.encode("utf-8") + b"\r\n")
        try:
            code, lines = self._replies.get(timeout=REPLY_SECONDS)
        except queue.Empty as error:
            raise SpeechdError(f"speech-dispatcher did not answer '{text.split()[0]}'") from error
        if not code.startswith(expect):
            raise SpeechdError(f"speech-dispatcher refused '{text.split()[0]}': {lines[-1]}")
        return lines

    # -- the reader thread -------------------------------------------------------------------
    def _read(self) -> None:
        sock = self._socket
        if sock is None:
            return
        sock.settimeout(None)
        stream = sock.makefile("rb")
        lines: list[str] = []
        try:
            for raw in stream:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if len(line) < 4:
                    continue
                lines.append(line)
                if line[3] == "-":
                    continue
                code, block, lines = line[:3], lines, []
                if code in EVENTS:
                    self._event(code, block)
                    continue
                if code == "225":  # message queued: its id comes first, before any event about it
                    message = int(block[0][4:]) if block[0][4:].isdigit() else 0
                    token, part = self._speaking
                    self._on_event(Event("queued", token, message, part=part))
                self._replies.put((code, block))
        except (OSError, ValueError):
            pass
        finally:
            stream.close()
            if not self._closed.is_set():
                log.warning("speech-dispatcher closed the connection")
                self._on_event(Event("failed", self._speaking[0],
                                     mark="speech-dispatcher closed the connection"))

    def _event(self, code: str, block: list[str]) -> None:
        # 70x-<message id> / 70x-<client id> / [70x-<mark name>] / 70x <EVENT NAME>
        values = [line[4:] for line in block[:-1]]
        message = int(values[0]) if values and values[0].isdigit() else 0
        if code == "700":
            return  # index marks: not asked for (speech-dispatcher may insert its own)
        self._on_event(Event(EVENTS[code], 0, message))


def _unix_connect(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_SECONDS)
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock


def _user() -> str:
    try:
        import getpass

        return getpass.getuser().replace(":", "_").replace(" ", "_") or "kiosk"
    except (OSError, KeyError):
        return "kiosk"
