"""Organizer support: the thread between a walkout's organizers and the hub, and the hub's
announcements to all organizers of an action.

Nothing here names anyone: organizers write through their secret link, the hub answers as
"the hub" (who answered is in the audit log), and every date is a day.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from walkout.hubs.actions import record_audit
from walkout.hubs.models import Announcement, SupportMessage
from walkout.walkouts.actions import WalkoutError
from walkout.walkouts.models import Walkout

MESSAGE_MAX = 2000
# Messages an organizer link may send per day: plenty for a conversation, not for a flood.
ORGANIZER_MESSAGES_PER_DAY = 20


def _clean(body: str) -> str:
    """Trim each line and drop runs of blank lines; keep the line breaks."""
    lines = [" ".join(line.split()) for line in (body or "").strip().splitlines()]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()


def _checked(body: str) -> str:
    body = _clean(body)
    if not body:
        raise WalkoutError(_("Write a message first."), field="body")
    if len(body) > MESSAGE_MAX:
        raise WalkoutError(_("Keep it under %(n)d characters.") % {"n": MESSAGE_MAX}, field="body")
    return body


@transaction.atomic
def write_to_hub(walkout: Walkout, *, body: str) -> SupportMessage:
    """An organizer's message to the hub, sent through the organizer link."""
    body = _checked(body)
    today = timezone.now().date()
    sent_today = SupportMessage.objects.filter(walkout=walkout, from_hub=False, day=today)
    if sent_today.count() >= ORGANIZER_MESSAGES_PER_DAY:
        raise WalkoutError(_("That's a lot of messages for one day. Write again tomorrow."))
    return SupportMessage.objects.create(walkout=walkout, from_hub=False, body=body, day=today)


@transaction.atomic
def reply_to_organizer(walkout: Walkout, *, staff, body: str) -> SupportMessage:
    """The hub's answer; the organizer reads it on their page."""
    message = SupportMessage.objects.create(
        walkout=walkout, from_hub=True, body=_checked(body), day=timezone.now().date()
    )
    record_audit(staff=staff, verb="reply", obj=walkout)
    return message


@transaction.atomic
def announce(*, action, staff, body: str, body_es: str = "") -> Announcement:
    """Post a message to the organizers of every walkout answering `action`."""
    body = _checked(body)
    body_es = _clean(body_es)
    if len(body_es) > MESSAGE_MAX:
        raise WalkoutError(
            _("Keep it under %(n)d characters.") % {"n": MESSAGE_MAX}, field="body_es"
        )
    announcement = Announcement.objects.create(
        action=action,
        body=body,
        translations={"es": {"body": body_es}} if body_es else {},
        day=timezone.now().date(),
    )
    record_audit(staff=staff, verb="announce", obj=announcement)
    return announcement


@transaction.atomic
def withdraw_announcement(announcement: Announcement, *, staff) -> None:
    record_audit(staff=staff, verb="withdraw_announcement", obj=announcement)
    announcement.delete()
