"""Reusable reads of campaigns and their actions; drafts are never public."""

from django.db.models import QuerySet

from walkout.campaigns.models import Action, ActionStatus, Campaign


def public_actions() -> QuerySet[Action]:
    return Action.objects.exclude(status=ActionStatus.DRAFT).select_related("campaign")


def open_actions() -> list[Action]:
    return list(public_actions().filter(status=ActionStatus.OPEN).order_by("date"))


def action_by_public_id(public_id: str) -> Action | None:
    if not public_id:
        return None
    return public_actions().filter(public_id=public_id).first()


def action_by_slugs(campaign_slug: str, action_slug: str) -> Action | None:
    return public_actions().filter(campaign__slug=campaign_slug, slug=action_slug).first()


def public_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(
        actions__status__in=[ActionStatus.OPEN, ActionStatus.CLOSED]
    ).distinct()


def public_campaign(slug: str) -> Campaign | None:
    return public_campaigns().filter(slug=slug).first()
