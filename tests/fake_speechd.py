"""A speech-dispatcher stand-in that speaks SSIP on a Unix socket.

The speech tests drive it (it records every command and sends the events a test asks
for); the benchmarks run it as a process of its own, so that the kiosk reads aloud through
its own speech-dispatcher client as it does in a Linux clinic, with no daemon's state in
any figure:

    python tests/fake_speechd.py SOCKET     serve until stopped (SIGTERM or Ctrl+C)
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # kiosk, when run as a script

from kiosk.speechd import Voice  # noqa: E402

VOICES = [Voice("English (America)", "en-US"), Voice("English (Caribbean)", "en-029"),
          Voice("English (Great Britain)", "en-GB"), Voice("English (America)+Max", "en-US", "Max"),
          Voice("Spanish (Spain)", "es"), Voice("Spanish (Latin America)", "es-419"),
          Voice("French (France)", "fr-FR")]


class FakeSpeechd:
    """A speech-dispatcher stand-in on a Unix socket: answers like the real one, sends the
    events a test asks for (to the client that connected last), and keeps every command it
    received. Each client that connects is served on a thread of its own."""

    def __init__(self, path: Path, voices: list[Voice], gate: threading.Event | None = None) -> None:
        self.path = path
        self.voices = voices
        self.gate = gate  # the voice list is sent only once it is set (a slow daemon)
        self.commands: list[str] = []
        self.spoken: list[str] = []
        self.log: list[str] = []  # commands and what was said, in the order received
        self.message = 0
        self._conn: socket.socket | None = None
        self._clients: list[socket.socket] = []
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(str(path))
        self._server.listen(4)
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._server.close()
        for conn in self._clients:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()

    def _send(self, text: str, conn: socket.socket | None = None) -> None:
        conn = conn or self._conn
        assert conn is not None
        with self._lock:
            try:
                conn.sendall(text.encode() + b"\r\n")
            except OSError:
                pass  # the kiosk has gone

    def event(self, code: int, name: str, message: int = 0) -> None:
        """Send the event ``name`` about ``message`` (default: the last one queued)."""
        self._send("\r\n".join([f"{code}-{message or self.message}", f"{code}-1", f"{code} {name}"]))

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return  # closed
            self._conn = conn
            self._clients.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn.makefile("rb") as stream:
            try:
                self._answer(stream, conn)
            except OSError:
                pass

    def _answer(self, stream: Iterator[bytes], conn: socket.socket) -> None:
        data: list[str] | None = None
        for raw in stream:
            line = raw.decode().rstrip("\r\n")
            if data is not None:
                if line == ".":
                    self.spoken.append("\n".join(data))
                    self.log.append("said " + self.spoken[-1])
                    data = None
                    self.message += 1
                    self._send(f"225-{self.message}\r\n225 OK MESSAGE QUEUED", conn)
                else:
                    data.append(line)
                continue
            self.commands.append(line)
            self.log.append(line)
            if line == "SPEAK":
                data = []
                self._send("230 OK RECEIVING DATA", conn)
            elif line == "LIST SYNTHESIS_VOICES":
                if self.gate is not None:
                    self.gate.wait(10)
                rows = [f"249-{v.name}\t{v.language}\t{v.variant}" for v in self.voices]
                self._send("\r\n".join([*rows, "249 OK VOICE LIST SENT"]), conn)
            elif line.startswith("CANCEL"):
                self._send("210 OK CANCELED", conn)
                if self.message:
                    self._send("\r\n".join([f"703-{self.message}", "703-1", "703 CANCELED"]), conn)
            else:
                self._send("200 OK", conn)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[0])
    path.unlink(missing_ok=True)
    server = FakeSpeechd(path, VOICES)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    server.close()
    path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
