"""Reusable reads of schools and walkouts, and every rule of who sees which walkout."""

from django.db.models import Count, F, Q, QuerySet

from walkout.campaigns.models import Action
from walkout.common import tokens
from walkout.common.text import normalize_name
from walkout.walkouts.models import School, Walkout, WalkoutStatus

SEARCH_LIMIT = 20


def listed_walkouts(action: Action | None = None) -> QuerySet[Walkout]:
    """The only way to list walkouts publicly: approved ones, never pending or rejected."""
    qs = Walkout.objects.filter(status=WalkoutStatus.APPROVED).select_related(
        "school", "action__campaign"
    )
    return qs.filter(action=action) if action is not None else qs


def state_counts(action: Action) -> list[dict]:
    """[{"state": "CA", "count": 12}, ...] of listed walkouts, by state."""
    return list(
        listed_walkouts(action)
        .values("school__state")
        .annotate(count=Count("id"))
        .order_by("school__state")
        .values_list("school__state", "count")
    )


def walkouts_in_state(action: Action, state: str) -> QuerySet[Walkout]:
    return (
        listed_walkouts(action).filter(school__state=state).order_by("school__city", "school__name")
    )


def walkout_by_link(public_id: str) -> Walkout | None:
    """A walkout opened by its direct link: listed, awaiting review, or cancelled.

    Rejected walkouts answer like unknown ones.
    """
    return (
        Walkout.objects.select_related("school", "action__campaign")
        .exclude(status=WalkoutStatus.REJECTED)
        .filter(public_id=public_id)
        .first()
    )


def walkout_for_organizer(token: str) -> Walkout | None:
    """The walkout whose organizer link is `token`, whatever its state; None otherwise."""
    if not tokens.well_formed(token):
        return None
    walkout = (
        Walkout.objects.select_related("school", "action__campaign")
        .filter(organizer_token_digest=tokens.digest(token))
        .first()
    )
    if walkout is None or not tokens.matches(token, walkout.organizer_token_digest):
        return None
    return walkout


def approved_walkout_at(action: Action, school: School) -> Walkout | None:
    return listed_walkouts(action).filter(school=school).first()


def search_schools(query: str) -> list[School]:
    """Directory schools matching a ZIP, a name or a city; student-added ones stay hidden
    until confirmed."""
    query = " ".join((query or "").split())
    if len(query) < 2:
        return []
    schools = School.objects.filter(confirmed=True)
    if query.isdigit():
        matches = schools.filter(zip_code__startswith=query[:5])
    else:
        matches = schools.filter(
            Q(normalized_name__contains=normalize_name(query)) | Q(city__iexact=query)
        )
    return list(matches.order_by("name", "city")[:SEARCH_LIMIT])


def moderation_queue(hub) -> QuerySet[Walkout]:
    """Walkouts of the hub's campaigns awaiting review, oldest first."""
    return (
        Walkout.objects.filter(status=WalkoutStatus.PENDING, action__campaign__hub=hub)
        .select_related("school", "action__campaign")
        .annotate(
            approved_here=Count(
                "school__walkouts",
                filter=Q(school__walkouts__status=WalkoutStatus.APPROVED)
                & Q(school__walkouts__action=F("action")),
            )
        )
        .order_by("created_day", "id")
    )
