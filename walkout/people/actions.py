"""Writes for staff accounts: creation, the second factor, sign-in throttling."""

import hashlib
import time

import pyotp
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches
from django.db import transaction

from walkout.people import crypto
from walkout.people.models import StaffRole, User

MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60
TOTP_ISSUER = "Walkout hub"


@transaction.atomic
def create_staff_user(
    *, username: str, password: str, hub, role: str = StaffRole.MODERATOR
) -> User:
    """Create a hub staff member; the password must pass the validators (15+ characters)."""
    user = User(username=username, hub=hub, role=role)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


def begin_totp_setup(user: User) -> str:
    """Give the user a fresh TOTP seed (stored encrypted) and return it for their app."""
    seed = pyotp.random_base32()
    user.totp_secret_encrypted = crypto.encrypt(seed)
    user.totp_confirmed = False
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret_encrypted", "totp_confirmed", "totp_last_step"])
    return seed


def totp_seed(user: User) -> str | None:
    return crypto.decrypt(user.totp_secret_encrypted) if user.totp_secret_encrypted else None


def provisioning_uri(user: User, seed: str) -> str:
    return pyotp.TOTP(seed).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)


def verify_totp(user: User, code: str, *, now: float | None = None) -> bool:
    """Check a 6-digit code (one step of clock drift allowed); each code works only once."""
    seed = totp_seed(user)
    code = "".join((code or "").split())
    if not seed or not (len(code) == 6 and code.isdigit()):
        return False
    now = time.time() if now is None else now
    totp = pyotp.TOTP(seed)
    for offset in (-1, 0, 1):
        at = now + offset * totp.interval
        step = int(at // totp.interval)
        if step > user.totp_last_step and totp.verify(code, for_time=at, valid_window=0):
            user.totp_last_step = step
            user.totp_confirmed = True
            user.save(update_fields=["totp_last_step", "totp_confirmed"])
            return True
    return False


def _failure_key(username: str) -> str:
    return "login-fail:" + hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]


def _recent_failures(username: str, now: float) -> list[float]:
    times = caches["shared"].get(_failure_key(username)) or []
    return [t for t in times if now - t < FAILURE_WINDOW_SECONDS]


def sign_in_blocked(username: str) -> bool:
    """True after MAX_FAILURES failed sign-ins for this username in the last 15 minutes.

    Keyed by username, never by address (SAFETY.md requirement 30). The window is checked
    against the times kept in the entry, not only the cache's own expiry.
    """
    return len(_recent_failures(username, time.time())) >= MAX_FAILURES


def note_failed_sign_in(username: str) -> None:
    now = time.time()
    times = [*_recent_failures(username, now), now][-MAX_FAILURES:]
    caches["shared"].set(_failure_key(username), times, timeout=FAILURE_WINDOW_SECONDS)


def clear_failed_sign_ins(username: str) -> None:
    caches["shared"].delete(_failure_key(username))
