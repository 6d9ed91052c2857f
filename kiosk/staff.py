"""The staff PIN: stored only as a salted scrypt hash; wrong tries lock the keypad.

Pure Python (no Qt). Time comes from an injected clock so tests never wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
PREFIX = "scrypt"


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` for ``pin`` (salt and hash in base64)."""
    import base64  # here, as the other two: hashlib loads OpenSSL, which the start does not need
    import hashlib
    import secrets

    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    encode = base64.b64encode
    return f"{PREFIX}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches the stored hash; False for a wrong PIN or a broken hash."""
    import base64  # here, as the other two: hashlib loads OpenSSL, which the start does not need
    import hashlib
    import hmac

    try:
        prefix, n, r, p, salt, digest = stored.split("$")
        if prefix != PREFIX:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected), maxmem=128 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def valid_pin_text(pin: str) -> bool:
    """A PIN is 4 to 12 digits."""
    return pin.isdigit() and 4 <= len(pin) <= 12


@dataclass
class StaffGate:
    """Checks PINs and counts wrong ones. The count lives here, not in the keypad, so
    closing and reopening the keypad does not reset it."""

    pin_hash: str
    tries: int = 5
    lockout_seconds: float = 300.0
    clock: Callable[[], float] = time.monotonic
    wrong: int = field(default=0, init=False)
    locked_until: float = field(default=0.0, init=False)

    @property
    def enabled(self) -> bool:
        return bool(self.pin_hash)

    def seconds_locked(self) -> float:
        """Seconds left before the keypad accepts PINs again (0 when open)."""
        return max(0.0, self.locked_until - self.clock())

    def attempt(self, pin: str) -> bool:
        """Try ``pin``. Returns True when it is right; a locked gate refuses every PIN."""
        if not self.enabled or self.seconds_locked() > 0:
            return False
        if verify_pin(pin, self.pin_hash):
            self.wrong = 0
            return True
        self.wrong += 1
        if self.wrong >= self.tries:
            self.locked_until = self.clock() + self.lockout_seconds
            self.wrong = 0
        return False
