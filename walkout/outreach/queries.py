"""Reusable reads of the outreach app, and who may RSVP to which walkout."""

import datetime

from django.db.models import IntegerField, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from walkout.common import tokens
from walkout.outreach.models import RsvpReceipt, RsvpTally
from walkout.walkouts.models import Walkout, WalkoutStatus

# RSVPs stay open until a day after the walkout started (a late "I was there" still counts).
RSVP_GRACE = datetime.timedelta(days=1)


def takes_rsvps(walkout: Walkout) -> bool:
    """Only approved walkouts take RSVPs (never pending, rejected or cancelled ones), until a
    day after they start."""
    return (
        walkout.status == WalkoutStatus.APPROVED and walkout.starts_at + RSVP_GRACE > timezone.now()
    )


def rsvp_walkout(public_id: str) -> Walkout | None:
    """The walkout behind a public id, in any state (the view explains why one is closed)."""
    return (
        Walkout.objects.filter(public_id=public_id)
        .exclude(status=WalkoutStatus.REJECTED)
        .select_related("school")
        .first()
    )


def rsvp_count(walkout: Walkout) -> int:
    """How many are in (one query)."""
    found = RsvpTally.objects.filter(walkout=walkout).values_list("count", flat=True).first()
    return found or 0


def with_rsvp_counts(walkouts: QuerySet[Walkout]) -> QuerySet[Walkout]:
    """The same walkouts, each with `rsvps` (its count) joined in the same query."""
    return walkouts.annotate(
        rsvps=Coalesce("rsvp_tally__count", Value(0), output_field=IntegerField())
    )


def receipt_is_live(walkout: Walkout, receipt: str) -> bool:
    """True when `receipt` proves an RSVP to `walkout` that has not been taken back."""
    return tokens.well_formed(receipt) and (
        RsvpReceipt.objects.filter(walkout=walkout, token_digest=tokens.digest(receipt)).exists()
    )
