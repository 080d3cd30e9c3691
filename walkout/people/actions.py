"""Writes for staff accounts: creation, setup links, the second factor, sign-in throttling."""

import datetime
import hashlib
import time

import pyotp
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from walkout.common import tokens
from walkout.hubs.actions import record_audit
from walkout.people import crypto
from walkout.people.models import StaffRole, User

MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60
TOTP_ISSUER = "Walkout hub"
SETUP_LINK_HOURS = 48


class StaffError(Exception):
    """A staff-management write refused for a reason the admin can act on (translated)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


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


def _new_setup_link(user: User) -> str:
    token, user.setup_token_digest = tokens.new_token()
    user.setup_expires_at = timezone.now() + datetime.timedelta(hours=SETUP_LINK_HOURS)
    return token


@transaction.atomic
def create_staff_with_setup_link(*, username: str, hub, role: str) -> tuple[User, str]:
    """Create a staff member without a password; return it and its setup link token, which
    exists nowhere else. Opening the link within 48 hours, the member chooses a password and
    sets up the second factor."""
    username = username.strip()
    if role not in StaffRole.values:
        raise ValueError(role)
    if User.objects.filter(username__iexact=username).exists():
        raise StaffError(_("The username %(name)s is taken.") % {"name": username}, "username")
    member = User(username=username, hub=hub, role=role)
    member.set_unusable_password()
    token = _new_setup_link(member)
    member.save()
    return member, token


@transaction.atomic
def invite_staff_member(*, admin: User, username: str, role: str) -> tuple[User, str]:
    """An admin creates a member of their own hub (create_staff_with_setup_link), audited."""
    member, token = create_staff_with_setup_link(username=username, hub=admin.hub, role=role)
    record_audit(staff=admin, verb="create_staff", obj=member)
    return member, token


@transaction.atomic
def reissue_setup_link(*, admin: User, member: User) -> str:
    """Start a member over (a lost phone, a forgotten password, a return after leaving).

    The password and second factor are cleared, so the member's sessions end at once; the
    account is active again, and only the new link can set it up.
    """
    if member.pk == admin.pk:
        raise StaffError(_("You can't reset your own account. Ask another admin."))
    member.set_unusable_password()
    member.totp_secret_encrypted = ""
    member.totp_confirmed = False
    member.is_active = True
    token = _new_setup_link(member)
    member.save()
    record_audit(staff=admin, verb="reissue_setup_link", obj=member)
    return token


@transaction.atomic
def deactivate_staff_member(*, admin: User, member: User) -> None:
    """Stop a member's access: sessions end, the password and any setup link stop working.

    Staff rows are kept (the audit log points at them), never deleted.
    """
    if member.pk == admin.pk:
        raise StaffError(_("You can't deactivate your own account. Ask another admin."))
    if not member.is_active:
        raise StaffError(_("This account is already deactivated."))
    member.is_active = False
    member.set_unusable_password()
    member.setup_token_digest = ""
    member.setup_expires_at = None
    member.save()
    record_audit(staff=admin, verb="deactivate_staff", obj=member)


def member_for_setup(token: str) -> User | None:
    """The member whose unexpired setup link is `token`; None for any other link."""
    if not tokens.well_formed(token):
        return None
    member = User.objects.filter(
        setup_token_digest=tokens.digest(token), is_active=True, setup_expires_at__gt=timezone.now()
    ).first()
    if member is None or not tokens.matches(token, member.setup_token_digest):
        return None
    return member


@transaction.atomic
def complete_setup(member: User, *, password: str) -> None:
    """Set the member's password (15+ characters, validated); the link stops working."""
    validate_password(password, member)
    member.set_password(password)
    member.setup_token_digest = ""
    member.setup_expires_at = None
    member.save()
    record_audit(staff=member, verb="complete_setup", obj=member)


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
