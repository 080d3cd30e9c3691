"""Every write of the day app: check-ins, after-action reports and their public summaries,
and the hub's legal and emergency contacts.

Crew writes take the acting member (resolved from their own link) and check
day/permissions.py; a refusal raises DayForbidden, any other reason the person can act on
raises DayError (str() is translated). Hub writes are audited (hubs.actions.record_audit).
Anything that changes what a cached public page shows calls pagecache.bump_version().
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from walkout.common import pagecache
from walkout.crews import crypto
from walkout.crews.models import Member
from walkout.day import permissions
from walkout.day.models import (
    Checkin,
    CheckinState,
    LegalContact,
    Report,
    SummaryStatus,
    Turnout,
)
from walkout.hubs.actions import record_audit
from walkout.walkouts.models import Walkout, WalkoutStatus

# "We're out" opens this long before the walkout's start, and closes this long after it.
CHECKIN_OPENS = datetime.timedelta(hours=2)
CHECKIN_CLOSES = datetime.timedelta(hours=24)
MAX_COVERAGE_LINKS = 5
MAX_URL_LENGTH = 300
MAX_HAPPENED = 2000
MAX_NEXT = 1000
MAX_SUMMARY = 600
MAX_REASON = 300
MAX_CONTACTS_PER_HUB = 300


class DayError(Exception):
    """A write refused for a reason the person can act on; `field` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class DayForbidden(DayError):
    """The acting member may not do this."""


def _today() -> datetime.date:
    return timezone.now().date()


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _clean_block(text: str) -> str:
    """Trimmed lines, at most one blank line in a row."""
    lines = [line.rstrip() for line in (text or "").strip().splitlines()]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept)


def _turnout(value: str) -> str:
    value = value or ""
    if value and value not in Turnout.values:
        raise DayError(_("Pick one of the ranges."), "turnout")
    return value


def _walkout_is_on(walkout: Walkout) -> None:
    if walkout.status == WalkoutStatus.PENDING:
        raise DayError(_("This walkout is still awaiting review, so it cannot check in yet."))
    if walkout.status != WalkoutStatus.APPROVED:
        raise DayError(_("This walkout is cancelled or was not approved, so it cannot check in."))


# --- "we're out" ---------------------------------------------------------------------------


def checkin_window(walkout: Walkout) -> tuple[datetime.datetime, datetime.datetime]:
    return walkout.starts_at - CHECKIN_OPENS, walkout.starts_at + CHECKIN_CLOSES


@transaction.atomic
def check_in(*, by: Member, state: str, turnout: str = "") -> Checkin:
    """Mark the member's walkout as out, or done (only after out), with a turnout range.

    Saying the same state again only updates the turnout range.
    """
    if not permissions.can_check_in(by):
        raise DayForbidden(_("Only crew leads and whoever holds the safety role can do this."))
    walkout = Walkout.objects.select_for_update().get(pk=by.crew.walkout_id)
    _walkout_is_on(walkout)
    if state not in CheckinState.values:
        raise DayError(_("Say whether you are out or done."), "state")
    turnout = _turnout(turnout)
    opens, closes = checkin_window(walkout)
    now = timezone.now()
    if now < opens:
        raise DayError(
            _("Too early: you can say you're out from 2 hours before the start time."), "state"
        )
    if now > closes:
        raise DayError(
            _("Too late to check in: a day has passed since the start. Tell the hub how it went."),
            "state",
        )
    checkin = Checkin.objects.filter(walkout=walkout).first()
    if state == CheckinState.DONE and checkin is None:
        raise DayError(_("Say you're out first."), "state")
    if state == CheckinState.OUT and checkin is not None and checkin.state == CheckinState.DONE:
        raise DayError(_("Your walkout is already marked done."), "state")
    if checkin is None:
        checkin = Checkin(walkout=walkout, day=_today())
    checkin.state = state
    if turnout or checkin.pk is None:
        checkin.turnout = turnout
    checkin.save()
    pagecache.bump_version()
    return checkin


# --- how it went ---------------------------------------------------------------------------


def clean_coverage(links: list[str]) -> list[str]:
    """Web addresses (http or https only), without duplicates, at most MAX_COVERAGE_LINKS."""
    validate = URLValidator(schemes=["http", "https"])
    cleaned: list[str] = []
    for raw in links:
        link = (raw or "").strip()
        if not link:
            continue
        if len(link) > MAX_URL_LENGTH:
            raise DayError(_("A link is too long."), "coverage")
        try:
            validate(link)
        except ValidationError:
            raise DayError(
                _("“%(link)s” is not a web address starting with https://.") % {"link": link[:80]},
                "coverage",
            ) from None
        if link not in cleaned:
            cleaned.append(link)
    if len(cleaned) > MAX_COVERAGE_LINKS:
        raise DayError(
            _("At most %(n)d links.") % {"n": MAX_COVERAGE_LINKS},
            "coverage",
        )
    return cleaned


def _started(walkout: Walkout) -> None:
    if timezone.now() < walkout.starts_at:
        raise DayError(_("You can tell how it went once your walkout has started."))


@transaction.atomic
def save_report(
    *, by: Member, turnout: str, happened: str, coverage: list[str], next_steps: str
) -> Report:
    if not permissions.can_report(by):
        raise DayForbidden(_("Only crew leads can do this."))
    walkout = Walkout.objects.select_for_update().get(pk=by.crew.walkout_id)
    _walkout_is_on(walkout)
    _started(walkout)
    turnout = _turnout(turnout)
    happened, next_steps = _clean_block(happened), _clean_block(next_steps)
    if len(happened) > MAX_HAPPENED:
        raise DayError(_("This is too long."), "happened")
    if len(next_steps) > MAX_NEXT:
        raise DayError(_("This is too long."), "next_steps")
    coverage = clean_coverage(coverage)
    if not (turnout or happened or next_steps or coverage):
        raise DayError(_("The report is empty. Write at least one part of it."))
    report = Report.objects.filter(walkout=walkout).first() or Report(walkout=walkout)
    report.turnout = turnout
    report.happened = crypto.seal(happened, context=report.context("happened")) if happened else ""
    report.next_steps = (
        crypto.seal(next_steps, context=report.context("next_steps")) if next_steps else ""
    )
    report.coverage = coverage
    report.day = _today()
    report.save()
    return report


@transaction.atomic
def request_summary(*, by: Member, summary: str) -> Report:
    """Ask the hub to show `summary` on the walkout's public page. A changed summary goes back
    to review (and leaves the public page until it is approved again)."""
    if not permissions.can_report(by):
        raise DayForbidden(_("Only crew leads can do this."))
    report = Report.objects.select_for_update().filter(walkout_id=by.crew.walkout_id).first()
    if report is None:
        raise DayError(_("Save your report first."), "summary")
    summary = _clean_block(summary)
    if not summary:
        raise DayError(_("Write the summary first."), "summary")
    if len(summary) > MAX_SUMMARY:
        raise DayError(_("This is too long."), "summary")
    was_public = report.summary_status == SummaryStatus.APPROVED
    report.summary = summary
    report.summary_status = SummaryStatus.PENDING
    report.summary_reason = ""
    report.save(update_fields=["summary", "summary_status", "summary_reason"])
    if was_public:
        pagecache.bump_version()
    return report


@transaction.atomic
def withdraw_summary(*, by: Member) -> Report:
    if not permissions.can_report(by):
        raise DayForbidden(_("Only crew leads can do this."))
    report = Report.objects.select_for_update().filter(walkout_id=by.crew.walkout_id).first()
    if report is None or report.summary_status == SummaryStatus.NONE:
        raise DayError(_("There is no summary to take back."), "summary")
    was_public = report.summary_status == SummaryStatus.APPROVED
    report.summary = ""
    report.summary_status = SummaryStatus.NONE
    report.summary_reason = ""
    report.save(update_fields=["summary", "summary_status", "summary_reason"])
    if was_public:
        pagecache.bump_version()
    return report


@transaction.atomic
def decide_summary(report: Report, *, staff, approve: bool, reason: str = "") -> Report:
    """The hub approves the summary (it appears on the public page) or rejects it with a
    reason the crew reads."""
    report = Report.objects.select_for_update().select_related("walkout").get(pk=report.pk)
    if report.summary_status != SummaryStatus.PENDING:
        raise DayError(_("This summary is not awaiting review any more."))
    reason = _clean(reason)
    if not approve and not reason:
        raise DayError(_("Say why, so the crew can fix it."), "reason")
    if len(reason) > MAX_REASON:
        raise DayError(_("This is too long."), "reason")
    report.summary_status = SummaryStatus.APPROVED if approve else SummaryStatus.REJECTED
    report.summary_reason = "" if approve else reason
    report.save(update_fields=["summary_status", "summary_reason"])
    record_audit(
        staff=staff, verb="approve_summary" if approve else "reject_summary", obj=report.walkout
    )
    if approve:
        pagecache.bump_version()
    return report


# --- the hub's legal and emergency contacts ------------------------------------------------

CONTACT_FIELDS = ("state", "name", "kind", "phone", "url", "languages", "hours", "active")


def _contact_values(data: dict) -> dict:
    from walkout.walkouts.us_states import STATE_NAMES

    values = {name: data.get(name) for name in CONTACT_FIELDS}
    for name in ("state", "name", "phone", "languages", "hours", "url"):
        values[name] = _clean(values[name] or "")
    values["state"] = values["state"].upper()
    if values["state"] and values["state"] not in STATE_NAMES:
        raise DayError(_("Pick a state, or none for the whole country."), "state")
    if not values["name"]:
        raise DayError(_("Give the organization's name."), "name")
    if not values["phone"] and not values["url"]:
        raise DayError(_("Give a phone number or a web address."), "phone")
    if values["phone"] and not all(c.isdigit() or c in " +-().#*" for c in values["phone"]):
        raise DayError(_("A phone number has only digits, spaces and + - ( )."), "phone")
    if values["url"]:
        try:
            URLValidator(schemes=["https", "http"])(values["url"])
        except ValidationError:
            raise DayError(_("Give a web address starting with https://."), "url") from None
    if values["kind"] not in {"hotline", "legal_aid", "emergency"}:
        raise DayError(_("Pick what kind of contact this is."), "kind")
    values["active"] = bool(values["active"])
    return values


@transaction.atomic
def add_contact(*, staff, data: dict) -> LegalContact:
    values = _contact_values(data)
    if LegalContact.objects.filter(hub_id=staff.hub_id).count() >= MAX_CONTACTS_PER_HUB:
        raise DayError(_("The hub has reached the limit of contacts. Delete old ones first."))
    contact = LegalContact.objects.create(hub_id=staff.hub_id, created_day=_today(), **values)
    record_audit(staff=staff, verb="add_contact", obj=contact)
    pagecache.bump_version()
    return contact


@transaction.atomic
def edit_contact(contact: LegalContact, *, staff, data: dict) -> LegalContact:
    values = _contact_values(data)
    for name, value in values.items():
        setattr(contact, name, value)
    contact.save()
    record_audit(staff=staff, verb="edit_contact", obj=contact)
    pagecache.bump_version()
    return contact


@transaction.atomic
def delete_contact(contact: LegalContact, *, staff) -> None:
    record_audit(staff=staff, verb="delete_contact", obj=contact)
    contact.delete()
    pagecache.bump_version()
