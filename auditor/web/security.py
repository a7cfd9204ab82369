"""Accounts, sessions and CSRF for the review desk.

Passwords and tokens are stored as argon2id hashes (argon2-cffi). Sessions live in the server's
memory, keyed by a random id in an HttpOnly, SameSite=Strict cookie; each session has its own CSRF
token, which every form carries and every POST must send back (else 403).
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

ROLES = ("reviewer", "manager")  # a manager reads; a reviewer also decides and signs off
COOKIE = "auditor_session"
SESSION_SECONDS = 12 * 3600


def hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_secret(secret: str) -> str:
    return str(hasher().hash(secret))


def verify_secret(stored: str | None, given: str) -> bool:
    if not stored or not given:
        return False
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return bool(hasher().verify(stored, given))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(slots=True)
class Session:
    sid: str
    csrf: str
    user: str | None = None
    role: str | None = None
    created: float = field(default_factory=time.monotonic)


class Sessions:
    def __init__(self) -> None:
        self._by_id: dict[str, Session] = {}
        self._lock = threading.Lock()

    def get(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        with self._lock:
            s = self._by_id.get(sid)
            if s is not None and time.monotonic() - s.created > SESSION_SECONDS:
                del self._by_id[sid]
                return None
            return s

    def new(self) -> Session:
        s = Session(sid=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32))
        with self._lock:
            self._by_id[s.sid] = s
        return s

    def login(self, old: Session, user: str, role: str) -> Session:
        """A fresh session id and CSRF token on login (no session fixation)."""
        with self._lock:
            self._by_id.pop(old.sid, None)
        s = self.new()
        s.user, s.role = user, role
        return s

    def drop(self, sid: str) -> None:
        with self._lock:
            self._by_id.pop(sid, None)


def csrf_ok(session: Session | None, given: Any) -> bool:
    return session is not None and isinstance(given, str) and secrets.compare_digest(session.csrf, given)
