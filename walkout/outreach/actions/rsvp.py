"""Anonymous "I'm in": count up, count down, nothing else kept.

The count changes only through `UPDATE outreach_rsvptally SET count = count + 1` (or - 1)
inside the same transaction that stores or deletes the receipt digest, so the count always
equals the number of receipts, under any number of concurrent requests, on SQLite and on
PostgreSQL. No read-modify-write happens in Python.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from walkout.common import tokens
from walkout.outreach import queries
from walkout.outreach.models import RsvpReceipt, RsvpTally
from walkout.walkouts.models import Walkout


class RsvpError(ValueError):
    """An RSVP the walkout cannot take; the message says why, in the reader's language."""


NOT_OPEN = _(
    "This walkout is not taking RSVPs: it is cancelled, not approved yet, or over. "
    "Nothing was counted."
)


def _bump(walkout: Walkout, delta: int) -> None:
    updated = RsvpTally.objects.filter(walkout=walkout).update(count=F("count") + delta)
    if updated:
        return
    if delta < 0:  # nothing to take back from (cannot happen while receipts exist)
        return
    try:
        with transaction.atomic():
            RsvpTally.objects.create(walkout=walkout, count=delta)
    except IntegrityError:  # another request created the row first: add to it
        RsvpTally.objects.filter(walkout=walkout).update(count=F("count") + delta)


def say_in(walkout: Walkout) -> str:
    """Count one more "I'm in" for an open walkout; return the receipt for the browser.

    Raises RsvpError for a walkout that is not approved, or whose day has passed.
    """
    if not queries.takes_rsvps(walkout):
        raise RsvpError(NOT_OPEN)
    token, digest = tokens.new_token()
    with transaction.atomic():
        RsvpReceipt.objects.create(walkout=walkout, token_digest=digest, day=timezone.now().date())
        _bump(walkout, +1)
    return token


def take_back(walkout: Walkout, receipt: str) -> bool:
    """Undo the RSVP that `receipt` proves, once. False (and no change) for a receipt that
    is malformed, unknown, already used, or for another walkout."""
    if not tokens.well_formed(receipt):
        return False
    with transaction.atomic():
        deleted, _ = RsvpReceipt.objects.filter(
            walkout=walkout, token_digest=tokens.digest(receipt)
        ).delete()
        if deleted:
            _bump(walkout, -1)
    return bool(deleted)
