"""Every write of the press kit.

Crew writes take the acting member (resolved from their own link) and check press/permissions.py;
hub writes take the staff member and leave an audit entry (hubs/actions, requirement 39). A
refusal the person can act on raises PressError, translated, naming its form field.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from walkout.common.pagecache import bump_version
from walkout.crews.models import Crew, Member
from walkout.hubs.actions import record_audit
from walkout.press import permissions
from walkout.press.models import (
    Channel,
    Language,
    PressContact,
    Suggestion,
    SuggestionStatus,
    Tipline,
)
from walkout.walkouts.models import School
from walkout.walkouts.us_states import STATE_NAMES

HANDLE_MIN, HANDLE_MAX = 3, 60
# Letters (any script), digits, and what usernames and e-mail addresses use.
HANDLE_RE = re.compile(r"^[\w@.+\-' ]+$")
# Seven digits or more in a handle is a phone number: never publish one.
PHONE_LIKE_RE = re.compile(r"(\d[\s().\-]*){7,}")
# Suggestions a crew may send a day, and how many may wait for the hub at once.
SUGGESTIONS_PER_DAY = 3
SUGGESTIONS_PENDING = 10
# Decided suggestions are deleted this many days after the decision (the tipline stays).
SUGGESTION_RETAIN_DAYS = 30


class PressError(Exception):
    """A write refused for a reason the person can act on; str() is translated."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class PressForbidden(PressError):
    """The acting member may not do this."""


def _today() -> datetime.date:
    return timezone.now().date()


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _require_press(member: Member) -> None:
    if not permissions.can_speak_to_press(member):
        raise PressForbidden(_("Only crew leads and whoever holds the press role can do this."))


# --- the crew's press contact ----------------------------------------------------------------


def checked_handle(handle: str) -> str:
    handle = _clean(handle)
    if not HANDLE_MIN <= len(handle) <= HANDLE_MAX:
        raise PressError(
            _("Use %(min)d to %(max)d characters.") % {"min": HANDLE_MIN, "max": HANDLE_MAX},
            field="handle",
        )
    if not HANDLE_RE.match(handle):
        raise PressError(
            _("Use letters, numbers and @ . _ - + only."),
            field="handle",
        )
    if PHONE_LIKE_RE.search(handle):
        raise PressError(
            _("Don't publish a phone number: use a Signal username or a shared e-mail address."),
            field="handle",
        )
    return handle


@transaction.atomic
def set_press_contact(*, by: Member, handle: str) -> PressContact:
    """Choose (or change) the crew's public press contact; it shows on the media advisory."""
    _require_press(by)
    handle = checked_handle(handle)
    contact, _created = PressContact.objects.update_or_create(
        crew=by.crew, defaults={"handle": handle, "day": _today()}
    )
    bump_version()
    return contact


@transaction.atomic
def remove_press_contact(*, by: Member) -> None:
    _require_press(by)
    PressContact.objects.filter(crew=by.crew).delete()
    bump_version()


# --- tiplines: shared checks -----------------------------------------------------------------


def _checked_tipline(channel: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise PressError(_("Say how to reach the tipline."), field="tipline")
    if len(value) > 200:
        raise PressError(_("Keep it under %(n)d characters.") % {"n": 200}, field="tipline")
    if channel == Channel.PHONE:
        digits = re.sub(r"\D", "", value)
        if digits.startswith("1") and len(digits) == 11:
            digits = digits[1:]
        if len(digits) != 10 or re.search(r"[^\d\s().+\-]", value):
            raise PressError(
                _("Enter a 10-digit US phone number, like 555-123-4567."), field="tipline"
            )
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if channel == Channel.EMAIL:
        try:
            EmailValidator()(value)
        except ValidationError:
            raise PressError(_("Enter a valid e-mail address."), field="tipline") from None
        return value
    if channel == Channel.WEB:
        try:
            URLValidator(schemes=["https", "http"])(value)
        except ValidationError:
            raise PressError(
                _("Enter a web address starting with https://."), field="tipline"
            ) from None
        return value
    raise PressError(_("Choose how to reach the tipline."), field="channel")


def _checked_fields(data: dict) -> dict:
    """The tipline fields of `data`, cleaned; PressError on the first bad one."""
    outlet = _clean(data.get("outlet", ""))
    if not outlet:
        raise PressError(_("Name the news outlet."), field="outlet")
    if len(outlet) > 120:
        raise PressError(_("Keep it under %(n)d characters.") % {"n": 120}, field="outlet")
    state = (data.get("state") or "").strip().upper()
    if state not in STATE_NAMES:
        raise PressError(_("Choose a US state."), field="state")
    metro = _clean(data.get("metro", ""))
    if len(metro) > 100:
        raise PressError(_("Keep it under %(n)d characters.") % {"n": 100}, field="metro")
    channel = data.get("channel", "")
    if channel not in Channel.values:
        raise PressError(_("Choose how to reach the tipline."), field="channel")
    language = data.get("language") or Language.EN
    if language not in Language.values:
        raise PressError(_("Choose a language."), field="language")
    notes = _clean(data.get("notes", ""))
    if len(notes) > 300:
        raise PressError(_("Keep it under %(n)d characters.") % {"n": 300}, field="notes")
    return {
        "outlet": outlet,
        "state": state,
        "metro": metro,
        "channel": channel,
        "tipline": _checked_tipline(channel, data.get("tipline", "")),
        "language": language,
        "notes": notes,
    }


def metro_centre(state: str, metro: str) -> tuple[float | None, float | None]:
    """The average position of the directory's schools in city `metro` of `state`."""
    if not metro:
        return None, None
    centre = School.objects.filter(state=state, city__iexact=metro, confirmed=True).aggregate(
        lat=Avg("latitude"), lon=Avg("longitude")
    )
    return centre["lat"], centre["lon"]


def _place(tipline: Tipline) -> None:
    tipline.latitude, tipline.longitude = metro_centre(tipline.state, tipline.metro)


# --- the hub's directory ---------------------------------------------------------------------


@transaction.atomic
def create_tipline(*, staff, data: dict, is_demo: bool = False) -> Tipline:
    """Add a tipline to the staff member's hub directory (active at once)."""
    tipline = Tipline(hub_id=staff.hub_id, updated_day=_today(), is_demo=is_demo)
    for name, value in _checked_fields(data).items():
        setattr(tipline, name, value)
    _place(tipline)
    tipline.save()
    record_audit(staff=staff, verb="create_tipline", obj=tipline)
    return tipline


@transaction.atomic
def update_tipline(tipline: Tipline, *, staff, data: dict) -> Tipline:
    for name, value in _checked_fields(data).items():
        setattr(tipline, name, value)
    _place(tipline)
    tipline.updated_day = _today()
    tipline.save()
    record_audit(staff=staff, verb="update_tipline", obj=tipline)
    return tipline


@transaction.atomic
def set_tipline_active(tipline: Tipline, *, staff, active: bool) -> Tipline:
    """Deactivate (hide from crews) or reactivate a tipline; it stays in the directory."""
    tipline.active = active
    tipline.updated_day = _today()
    tipline.save(update_fields=["active", "updated_day"])
    verb = "activate_tipline" if active else "deactivate_tipline"
    record_audit(staff=staff, verb=verb, obj=tipline)
    return tipline


# --- crews' suggestions ----------------------------------------------------------------------


@transaction.atomic
def suggest_tipline(*, by: Member, data: dict) -> Suggestion:
    """A crew suggests a tipline to its hub. Limited per crew and day, and while pending."""
    _require_press(by)
    fields = _checked_fields(data)
    crew = Crew.objects.select_for_update().get(pk=by.crew_id)
    mine = Suggestion.objects.filter(crew=crew)
    if mine.filter(day=_today()).count() >= SUGGESTIONS_PER_DAY:
        raise PressError(
            _("Your crew has sent %(n)d suggestions today. Send more tomorrow.")
            % {"n": SUGGESTIONS_PER_DAY}
        )
    if mine.filter(status=SuggestionStatus.PENDING).count() >= SUGGESTIONS_PENDING:
        raise PressError(_("The hub has not looked at your crew's suggestions yet. Wait a bit."))
    hub_id = by.crew.walkout.action.campaign.hub_id
    return Suggestion.objects.create(hub_id=hub_id, crew=crew, day=_today(), **fields)


@transaction.atomic
def approve_suggestion(suggestion: Suggestion, *, staff, data: dict | None = None) -> Tipline:
    """Add the suggestion (as suggested, or as the staff member corrected it) to the
    directory."""
    if suggestion.status != SuggestionStatus.PENDING:
        raise PressError(_("This suggestion has already been decided."))
    source = data or {
        name: getattr(suggestion, name)
        for name in ("outlet", "state", "metro", "channel", "tipline", "language", "notes")
    }
    tipline = create_tipline(staff=staff, data=source)
    _decide(suggestion, SuggestionStatus.APPROVED)
    record_audit(staff=staff, verb="approve_suggestion", obj=suggestion)
    return tipline


@transaction.atomic
def reject_suggestion(suggestion: Suggestion, *, staff) -> None:
    if suggestion.status != SuggestionStatus.PENDING:
        raise PressError(_("This suggestion has already been decided."))
    _decide(suggestion, SuggestionStatus.REJECTED)
    record_audit(staff=staff, verb="reject_suggestion", obj=suggestion)


def _decide(suggestion: Suggestion, status: str) -> None:
    suggestion.status = status
    suggestion.decided_day = _today()
    suggestion.save(update_fields=["status", "decided_day"])


# --- retention -------------------------------------------------------------------------------


def purge_suggestions(*, today: datetime.date, days: int = SUGGESTION_RETAIN_DAYS) -> dict:
    """Delete suggestions decided more than `days` days before `today`. Returns rows deleted
    per model (common/retention.py)."""
    before = today - datetime.timedelta(days=days)
    _, deleted = Suggestion.objects.filter(decided_day__lt=before).delete()
    return {label: n for label, n in deleted.items() if n}
