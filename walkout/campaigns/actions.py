"""Every write to campaigns and actions, made by hub staff in the console.

Hub-written text in Spanish goes into `translations["es"]`; an empty Spanish field falls back
to the English text on the public pages.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from walkout.campaigns.models import Action, ActionStatus, Campaign
from walkout.common import pagecache
from walkout.hubs.actions import record_audit
from walkout.walkouts.actions import reschedule_action

CAMPAIGN_TEXT = ("name", "summary")
ACTION_TEXT = ("title", "call_text", "demands", "chants", "resources")
# The last US time zone to reach a date (American Samoa, UTC-11): a date is "past" only once
# it is over there too, so a hub in Guam can still publish for "today".
LAST_ZONE_OFFSET = datetime.timedelta(hours=11)


class CampaignError(Exception):
    """A write refused for a reason staff can act on; str() is translated. `field` names the
    form field it belongs to, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def earliest_allowed_date() -> datetime.date:
    return (timezone.now() - LAST_ZONE_OFFSET).date()


def _translations(current: dict, spanish: dict[str, str]) -> dict:
    es = {k: v.strip() for k, v in spanish.items() if v and v.strip()}
    others = {lang: text for lang, text in (current or {}).items() if lang != "es"}
    return {**others, "es": es} if es else others


def _free_slug(model, wanted: str, *, exclude_pk=None, **scope) -> str:
    slug = slugify(wanted)[:50].strip("-")
    if not slug:
        raise CampaignError(_("Use at least one letter or digit in the short name."), "slug")
    taken = model.objects.filter(slug=slug, **scope).exclude(pk=exclude_pk).exists()
    if taken:
        raise CampaignError(_("This short name is already used. Choose another."), "slug")
    return slug


@transaction.atomic
def save_campaign(
    *, staff, campaign: Campaign | None = None, slug: str = "", spanish: dict, **fields: str
) -> Campaign:
    """Create a campaign of the staff member's hub (campaign=None) or edit one."""
    campaign = campaign or Campaign(hub=staff.hub)
    creating = campaign.pk is None
    campaign.slug = _free_slug(Campaign, slug or fields.get("name", ""), exclude_pk=campaign.pk)
    for name in CAMPAIGN_TEXT:
        setattr(campaign, name, fields.get(name, "").strip())
    campaign.translations = _translations(campaign.translations, spanish)
    campaign.save()
    record_audit(staff=staff, verb="create_campaign" if creating else "edit_campaign", obj=campaign)
    pagecache.bump_version()
    return campaign


def _check_date(date: datetime.date) -> None:
    if date < earliest_allowed_date():
        raise CampaignError(_("This date is in the past. Choose today or a later day."), "date")


def _check_status(status: str, date: datetime.date) -> None:
    if status not in ActionStatus.values:
        raise ValueError(status)
    if status == ActionStatus.OPEN and date < earliest_allowed_date():
        raise CampaignError(
            _("This call's date has passed: it can't be opened for new walkouts."), "status"
        )


@transaction.atomic
def save_action(
    *,
    staff,
    campaign: Campaign,
    action: Action | None = None,
    slug: str = "",
    date: datetime.date,
    local_time: datetime.time,
    status: str,
    spanish: dict,
    **fields: str,
) -> Action:
    """Create an action of `campaign` (action=None) or edit one.

    A new date must not be in the past. Moving the date or time of an existing action moves
    every walkout's instant with it, each in its school's own zone (reschedule_action).
    """
    creating = action is None
    action = action or Action(campaign=campaign, date=date, local_time=local_time)
    moved = not creating and (action.date, action.local_time) != (date, local_time)
    if creating or action.date != date:
        _check_date(date)
    action.slug = _free_slug(
        Action, slug or fields.get("title", ""), exclude_pk=action.pk, campaign=campaign
    )
    for name in ACTION_TEXT:
        setattr(action, name, fields.get(name, "").strip())
    action.translations = _translations(action.translations, spanish)
    _check_status(status, date)
    action.status = status
    action.save()
    if moved:
        reschedule_action(action, date=date, local_time=local_time)
        record_audit(staff=staff, verb="reschedule_action", obj=action)
    record_audit(staff=staff, verb="create_action" if creating else "edit_action", obj=action)
    pagecache.bump_version()
    return action


@transaction.atomic
def set_action_status(action: Action, *, staff, status: str) -> None:
    """Open or close registration (or put the call back to draft)."""
    _check_status(status, action.date)
    if action.status == status:
        return
    action.status = status
    action.save(update_fields=["status"])
    record_audit(staff=staff, verb=f"set_status_{status}", obj=action)
    pagecache.bump_version()
