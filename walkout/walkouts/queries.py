"""Reusable reads of schools and walkouts, and every rule of who sees which walkout."""

from django.db.models import Count, Q, QuerySet, Sum

from walkout.campaigns.models import Action
from walkout.common import tokens
from walkout.common.text import normalize_name
from walkout.walkouts.models import School, Walkout, WalkoutStatus, WalkoutTally

SEARCH_LIMIT = 20


def listed_walkouts(action: Action | None = None) -> QuerySet[Walkout]:
    """The only way to list walkouts publicly: approved ones, never pending or rejected."""
    qs = Walkout.objects.filter(status=WalkoutStatus.APPROVED).select_related(
        "school", "action__campaign"
    )
    return qs.filter(action=action) if action is not None else qs


def state_counts(action: Action) -> list[tuple[str, int]]:
    """[("CA", 12), ...]: listed walkouts by state, plus approved walkouts already deleted
    after the action (their tallies), in one query."""
    live = (
        listed_walkouts(action).order_by().values_list("school__state").annotate(count=Count("id"))
    )
    deleted = (
        WalkoutTally.objects.filter(action=action)
        .order_by()
        .values_list("state")
        .annotate(count=Sum("walkouts"))
    )
    totals: dict[str, int] = {}
    for state, count in live.union(deleted, all=True):
        totals[state] = totals.get(state, 0) + count
    return sorted(totals.items())


def deleted_walkout_count(action: Action, state: str | None = None) -> int:
    """Approved walkouts of `action` (in `state`) whose details were deleted after the day."""
    tallies = WalkoutTally.objects.filter(action=action)
    if state is not None:
        tallies = tallies.filter(state=state)
    return tallies.aggregate(total=Sum("walkouts"))["total"] or 0


def expired_walkouts(before) -> QuerySet[Walkout]:
    """Walkouts of actions dated before `before`: what the purge deletes."""
    return Walkout.objects.filter(action__date__lt=before)


FEATURED_LIMIT = 6


def featured_walkouts(action: Action) -> list[Walkout]:
    """Listed walkouts the hub boosts (hubs.Feature) for the action's page, newest first."""
    boosted = listed_walkouts(action).filter(feature__isnull=False)
    return list(boosted.order_by("-feature__day", "-feature__id")[:FEATURED_LIMIT])


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


def map_points(action: Action) -> list[tuple[str, float, float]]:
    """(state, latitude, longitude) of every listed walkout of `action`, for the map."""
    return list(
        listed_walkouts(action)
        .order_by()
        .values_list("school__state", "school__latitude", "school__longitude")
    )


def state_points(action: Action, state: str) -> list[tuple[float, float]]:
    """(latitude, longitude) of the listed walkouts of `action` in one state."""
    return list(
        listed_walkouts(action)
        .filter(school__state=state)
        .order_by()
        .values_list("school__latitude", "school__longitude")
    )


def zone_schedule(action: Action) -> list[tuple]:
    """(start instant, time zone, number of listed walkouts) of `action`, earliest first.

    Every walkout of an action starts at the same wall-clock time, so this is the wave of
    the day: one row per time zone.
    """
    rows = (
        listed_walkouts(action)
        .order_by()
        .values_list("starts_at", "timezone")
        .annotate(count=Count("id"))
    )
    return sorted(rows)


def public_counts(field: str, action: Action | None = None) -> list[tuple[str, int]]:
    """[(value, count)] of listed walkouts by "state" or "timezone" (all public actions when
    `action` is None), plus the tallies of approved walkouts deleted after their day."""
    column = {"state": "school__state", "timezone": "timezone"}[field]
    live = listed_walkouts(action).order_by().values_list(column).annotate(count=Count("id"))
    tallies = WalkoutTally.objects.all() if action is None else action.walkout_tallies.all()
    deleted = tallies.order_by().values_list(field).annotate(count=Sum("walkouts"))
    totals: dict[str, int] = {}
    for value, count in live.union(deleted, all=True):
        totals[value] = totals.get(value, 0) + count
    return sorted(totals.items())


def matching(walkouts: QuerySet[Walkout], query: str) -> QuerySet[Walkout]:
    """Listed walkouts whose school's name contains `query`, or whose city is `query`."""
    query = " ".join(query.split())
    return walkouts.filter(
        Q(school__normalized_name__contains=normalize_name(query)) | Q(school__city__iexact=query)
    )


def listed_counts(actions) -> dict[int, int]:
    """{action id: number of listed walkouts} for `actions`, in one query."""
    rows = (
        listed_walkouts()
        .filter(action__in=actions)
        .order_by()
        .values_list("action_id")
        .annotate(count=Count("id"))
    )
    return dict(rows)
