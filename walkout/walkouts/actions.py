"""Every write to schools and walkouts.

Every write that changes what the public sees bumps the publication version, so cached public
pages and API responses (common/pagecache.py) are rebuilt. Registering does not: a new
walkout is unlisted until approved, and its own page is never cached.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from walkout.campaigns.models import Action, ActionStatus
from walkout.common import pagecache, tokens
from walkout.common.text import normalize_name
from walkout.hubs.actions import record_audit
from walkout.hubs.models import ChangeRequest
from walkout.walkouts import queries
from walkout.walkouts.geo import lookup_zip
from walkout.walkouts.models import (
    School,
    SchoolKind,
    SchoolSource,
    Walkout,
    WalkoutStatus,
    WalkoutTally,
)
from walkout.walkouts.timing import local_instant, timezone_at

PUBLIC_FIELDS = ("description", "organizer_pseudonym")
PRIVATE_FIELDS = ("meeting_spot", "organizer_notes")


class WalkoutError(Exception):
    """A write refused for a reason the person can act on; str() is translated.

    `field` names the form field the reason belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def add_school(*, name: str, kind: str, zip_code: str) -> School:
    """Add a school a student could not find, or return the same school if it exists.

    The location is the ZIP's centre (offline table); the time zone comes from that point.
    Duplicates are caught by normalized name + ZIP. The school stays out of the directory
    until a moderator approves a walkout there.
    """
    name = " ".join((name or "").split())
    if not name:
        raise WalkoutError(_("Enter the school's name."), field="name")
    place = lookup_zip(zip_code)
    if place is None:
        message = _("We don't know the ZIP code %(zip)s. Check it and try again.")
        raise WalkoutError(message % {"zip": zip_code}, field="zip_code")
    key = normalize_name(name)
    existing = School.objects.filter(zip_code=place.zip_code, normalized_name=key).first()
    if existing:
        return existing
    return School.objects.create(
        name=name,
        normalized_name=key,
        kind=kind if kind in SchoolKind.values else SchoolKind.OTHER,
        city=place.city,
        state=place.state,
        zip_code=place.zip_code,
        latitude=place.latitude,
        longitude=place.longitude,
        timezone=timezone_at(place.latitude, place.longitude),
        source=SchoolSource.STUDENT,
        confirmed=False,
    )


def ensure_open(action: Action) -> None:
    if action.status != ActionStatus.OPEN:
        raise WalkoutError(_("This call is closed: new walkouts can't be registered for it."))
    if action.date < timezone.now().date() - datetime.timedelta(days=1):
        raise WalkoutError(_("This call's date has passed."))


@transaction.atomic
def register_walkout(
    *,
    action: Action,
    school: School,
    description: str,
    organizer_pseudonym: str,
    meeting_spot: str = "",
    organizer_notes: str = "",
) -> tuple[Walkout, str]:
    """Register a walkout; return it and its organizer token, which exists nowhere else.

    The walkout starts at the action's wall-clock time in the school's time zone. It is
    reachable by its link at once and listed only after a moderator approves it.
    """
    ensure_open(action)
    if Walkout.objects.filter(action=action, school=school, status=WalkoutStatus.APPROVED).exists():
        raise WalkoutError(_("A walkout at this school is already planned for this call. Join it!"))
    token, digest = tokens.new_token()
    walkout = Walkout.objects.create(
        action=action,
        school=school,
        timezone=school.timezone,
        starts_at=local_instant(action.date, action.local_time, school.timezone),
        description=description.strip(),
        organizer_pseudonym=organizer_pseudonym.strip(),
        meeting_spot=meeting_spot.strip(),
        organizer_notes=organizer_notes.strip(),
        organizer_token_digest=digest,
        created_day=timezone.now().date(),
    )
    return walkout, token


@transaction.atomic
def update_walkout(walkout: Walkout, **fields: str) -> bool:
    """Save an organizer's edits; return True when the walkout went back to review.

    An approved walkout of an organizer who is not trusted goes back to review when its
    public text changes, so a hoax cannot be swapped in after approval. Private fields
    (meeting spot, notes) never need review.
    """
    if walkout.status in (WalkoutStatus.CANCELLED, WalkoutStatus.REJECTED):
        raise WalkoutError(_("This walkout can no longer be changed."))
    allowed = set(PUBLIC_FIELDS) | set(PRIVATE_FIELDS)
    changed_public = False
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        value = value.strip()
        if getattr(walkout, name) != value:
            changed_public |= name in PUBLIC_FIELDS
            setattr(walkout, name, value)
    back_to_review = (
        changed_public and walkout.status == WalkoutStatus.APPROVED and not walkout.trusted
    )
    if back_to_review:
        walkout.status = WalkoutStatus.PENDING
    walkout.save()
    if changed_public:  # the hub asked for changes: back to its review list
        ChangeRequest.objects.filter(walkout=walkout).delete()
    pagecache.bump_version()
    return back_to_review


def cancel_walkout(walkout: Walkout) -> None:
    # A rejected walkout must stay hidden: cancelled ones are shown by their link again.
    if walkout.status not in (WalkoutStatus.PENDING, WalkoutStatus.APPROVED):
        raise WalkoutError(_("This walkout can no longer be changed."))
    walkout.status = WalkoutStatus.CANCELLED
    walkout.save(update_fields=["status"])
    pagecache.bump_version()


def rotate_organizer_link(walkout: Walkout) -> str:
    """Replace the organizer link; the old one stops working at once."""
    token, walkout.organizer_token_digest = tokens.new_token()
    walkout.save(update_fields=["organizer_token_digest"])
    return token


@transaction.atomic
def carry_forward(previous: Walkout, *, action: Action) -> Walkout:
    """Register `previous`'s school for another action, for the same crew (crews.actions).

    The organizer link moves to the new walkout, so its holder keeps one link; the previous
    walkout keeps the digest of a token nobody holds. The new walkout goes through review,
    unless the previous one was trusted (and not rejected): then it is listed at once.
    """
    walkout, _unused = register_walkout(
        action=action,
        school=previous.school,
        description=previous.description,
        organizer_pseudonym=previous.organizer_pseudonym,
        meeting_spot=previous.meeting_spot,
        organizer_notes=previous.organizer_notes,
    )
    kept = previous.organizer_token_digest
    previous.organizer_token_digest = tokens.new_token()[1]
    previous.save(update_fields=["organizer_token_digest"])
    walkout.organizer_token_digest = kept
    if previous.trusted and previous.status != WalkoutStatus.REJECTED:
        walkout.trusted = True
        walkout.status = WalkoutStatus.APPROVED
    walkout.save(update_fields=["organizer_token_digest", "trusted", "status"])
    if walkout.status == WalkoutStatus.APPROVED:
        pagecache.bump_version()
    return walkout


@transaction.atomic
def approve_walkout(walkout: Walkout, *, staff, trust: bool = False) -> None:
    """List the walkout publicly; `trust` lets its organizer's later edits skip review."""
    if walkout.status != WalkoutStatus.PENDING:
        raise WalkoutError(_("Only a walkout awaiting review can be approved."))
    walkout.status = WalkoutStatus.APPROVED
    walkout.rejection_reason = ""
    walkout.trusted = walkout.trusted or trust
    try:
        with transaction.atomic():
            walkout.save(update_fields=["status", "rejection_reason", "trusted"])
    except IntegrityError:
        raise WalkoutError(
            _("Another walkout at this school is already approved for this call.")
        ) from None
    if not walkout.school.confirmed:
        walkout.school.confirmed = True
        walkout.school.save(update_fields=["confirmed"])
    record_audit(staff=staff, verb="approve_and_trust" if trust else "approve", obj=walkout)
    pagecache.bump_version()


@transaction.atomic
def reject_walkout(walkout: Walkout, *, staff, reason: str) -> None:
    """Keep the walkout off every list; its organizer sees the reason on their page."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise WalkoutError(_("Give the organizer a reason."))
    if walkout.status not in (WalkoutStatus.PENDING, WalkoutStatus.APPROVED):
        raise WalkoutError(_("This walkout can't be rejected now."))
    walkout.status = WalkoutStatus.REJECTED
    walkout.rejection_reason = reason[:500]
    walkout.save(update_fields=["status", "rejection_reason"])
    record_audit(staff=staff, verb="reject", obj=walkout)
    pagecache.bump_version()


@transaction.atomic
def reschedule_action(action: Action, *, date: datetime.date, local_time: datetime.time) -> int:
    """Move an action to a new date or time; every walkout's instant follows its own zone."""
    action.date, action.local_time = date, local_time
    action.save(update_fields=["date", "local_time"])
    walkouts = list(action.walkouts.all())
    for walkout in walkouts:
        walkout.starts_at = local_instant(date, local_time, walkout.timezone)
    Walkout.objects.bulk_update(walkouts, ["starts_at"], batch_size=500)
    pagecache.bump_version()
    return len(walkouts)


# --- deletion (SAFETY.md decision 6, requirement 41) ------------------------------------------


def _tally(walkouts: QuerySet[Walkout]) -> int:
    """Add the approved walkouts among `walkouts` to the per-state, per-zone counts."""
    rows = (
        walkouts.filter(status=WalkoutStatus.APPROVED)
        .values("action_id", "school__state", "timezone")
        .annotate(n=Count("id"))
        .order_by()
    )
    added = 0
    for row in rows:
        tally, _ = WalkoutTally.objects.get_or_create(
            action_id=row["action_id"], state=row["school__state"], timezone=row["timezone"]
        )
        WalkoutTally.objects.filter(pk=tally.pk).update(walkouts=F("walkouts") + row["n"])
        added += row["n"]
    return added


def _delete(walkouts: QuerySet[Walkout]) -> dict[str, int]:
    """Delete rows, not mark them: the walkouts, everything that hangs off them by a cascading
    foreign key (a later crew or RSVP model joins in by declaring one), and a student-added
    school nobody confirmed once its last walkout is gone. Returns rows deleted per model."""
    unconfirmed = set(walkouts.filter(school__confirmed=False).values_list("school_id", flat=True))
    _, deleted = walkouts.delete()
    _, schools = School.objects.filter(
        pk__in=unconfirmed, confirmed=False, walkouts__isnull=True
    ).delete()
    counts = {label: n for label, n in {**deleted, **schools}.items() if n}
    if counts:
        pagecache.bump_version()
    return counts


@transaction.atomic
def delete_walkout(walkout: Walkout) -> dict[str, int]:
    """Delete a walkout now, at its organizer's request, with everything hanging off it.

    Once its start time has passed, an approved walkout is first added to the public counts,
    so the number of schools that walked out stays true; before that it leaves no count, as if
    it had never been registered. Staff audit entries keep only its random public id.
    """
    rows = Walkout.objects.filter(pk=walkout.pk)
    if walkout.starts_at <= timezone.now():
        _tally(rows)
    return _delete(rows)


@transaction.atomic
def purge_walkouts(*, before: datetime.date) -> dict[str, int]:
    """Delete every walkout of an action dated before `before`, in every state; approved
    ones are added to the public counts first. Returns rows deleted per model."""
    doomed = queries.expired_walkouts(before)
    _tally(doomed)
    return _delete(doomed)
