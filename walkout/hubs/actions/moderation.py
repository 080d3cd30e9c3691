"""The hub's decisions about walkouts: approve, reject, ask for changes, merge, feature.

Every function is atomic and writes one audit entry per decision (SAFETY.md requirement 39).
A refusal raises WalkoutError with a translated reason the moderator can act on.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from walkout.common import pagecache
from walkout.hubs.actions import record_audit
from walkout.hubs.models import ChangeRequest, Feature, Merge
from walkout.walkouts import actions as walkout_actions
from walkout.walkouts.actions import WalkoutError
from walkout.walkouts.models import Walkout, WalkoutStatus

DECISIONS = ("approve", "trust", "reject", "changes")


@transaction.atomic
def decide(walkout: Walkout, *, staff, decision: str, message: str = "") -> None:
    """Apply one queue decision. `message` is the reason of a rejection, or what to change."""
    if decision in ("approve", "trust"):
        walkout_actions.approve_walkout(walkout, staff=staff, trust=decision == "trust")
    elif decision == "reject":
        walkout_actions.reject_walkout(walkout, staff=staff, reason=message)
    elif decision == "changes":
        request_changes(walkout, staff=staff, message=message)
        return
    else:
        raise ValueError(decision)
    ChangeRequest.objects.filter(walkout=walkout).delete()


@transaction.atomic
def request_changes(walkout: Walkout, *, staff, message: str) -> ChangeRequest:
    """Ask the organizer to change something; the walkout stays pending and leaves the review
    list until its organizer saves an edit (walkouts.actions.update_walkout clears this)."""
    message = " ".join((message or "").split())
    if not message:
        raise WalkoutError(_("Tell the organizer what to change."), field="message")
    if walkout.status != WalkoutStatus.PENDING:
        raise WalkoutError(_("Only a walkout awaiting review can be sent back for changes."))
    change, _created = ChangeRequest.objects.update_or_create(
        walkout=walkout, defaults={"message": message[:500], "day": timezone.now().date()}
    )
    record_audit(staff=staff, verb="request_changes", obj=walkout)
    return change


@transaction.atomic
def merge(*, drop: Walkout, keep: Walkout, staff) -> None:
    """Merge a duplicate into another walkout at the same school for the same action.

    The duplicate (awaiting review) is rejected with a "merged" reason, and its organizer's
    page points to the kept walkout's public page. The kept walkout is not changed.
    """
    if drop.pk == keep.pk:
        raise WalkoutError(_("Choose two different walkouts to merge."))
    if drop.school_id != keep.school_id:
        raise WalkoutError(_("Only walkouts at the same school can be merged."))
    if drop.action_id != keep.action_id:
        raise WalkoutError(_("Only walkouts answering the same call can be merged."))
    if drop.status != WalkoutStatus.PENDING:
        raise WalkoutError(_("Only a walkout awaiting review can be merged into another."))
    if keep.status not in (WalkoutStatus.PENDING, WalkoutStatus.APPROVED):
        raise WalkoutError(_("The walkout to keep is no longer pending or approved."))
    drop.status = WalkoutStatus.REJECTED
    drop.rejection_reason = _("Merged with another walkout at the same school.")
    drop.save(update_fields=["status", "rejection_reason"])
    ChangeRequest.objects.filter(walkout=drop).delete()
    Merge.objects.create(walkout=drop, kept=keep, day=timezone.now().date())
    record_audit(staff=staff, verb="merge", obj=drop)


@transaction.atomic
def set_featured(walkout: Walkout, *, staff, featured: bool) -> None:
    """Boost an approved walkout onto its action's page, or stop boosting it."""
    if featured and walkout.status != WalkoutStatus.APPROVED:
        raise WalkoutError(_("Only an approved walkout can be featured."))
    if featured:
        _feature, created = Feature.objects.get_or_create(
            walkout=walkout, defaults={"day": timezone.now().date()}
        )
    else:
        created = Feature.objects.filter(walkout=walkout).delete()[0] > 0
    if created:
        record_audit(staff=staff, verb="feature" if featured else "unfeature", obj=walkout)
        pagecache.bump_version()
