"""Reusable reads of crews, and every rule of which link opens what.

A link is a member's own link, or the walkout's organizer link (which opens the crew as its
organizer). Anything else, including a revoked invite or a removed member's link, is None.
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import translation

from walkout.campaigns.models import Action, ActionStatus
from walkout.common import tokens
from walkout.crews.models import (
    Connection,
    ConnectionStatus,
    Crew,
    Demand,
    Idea,
    Invite,
    Member,
    Note,
    PlanItem,
    Role,
    RoleKind,
    Vote,
)
from walkout.walkouts import nearby
from walkout.walkouts.models import Walkout
from walkout.walkouts.nearby import Nearby
from walkout.walkouts.queries import listed_walkouts

NEARBY_KM = 80
NEARBY_LIMIT = 20
_MEMBER_RELATED = ("crew__walkout__school", "crew__walkout__action__campaign")


def member_by_token(token: str) -> Member | None:
    """The member whose own link is `token`, or the organizer when it is the organizer link
    of a walkout whose crew exists. None for anything else."""
    if not tokens.well_formed(token):
        return None
    digest = tokens.digest(token)
    member = Member.objects.select_related(*_MEMBER_RELATED).filter(token_digest=digest).first()
    if member is not None:
        return member if tokens.matches(token, member.token_digest) else None
    member = (
        Member.objects.select_related(*_MEMBER_RELATED)
        .filter(is_organizer=True, crew__walkout__organizer_token_digest=digest)
        .first()
    )
    if member is None or not tokens.matches(token, member.crew.walkout.organizer_token_digest):
        return None
    return member


def invite_by_token(token: str) -> Invite | None:
    """The invite whose link is `token`, usable or not; None when unknown or revoked."""
    if not tokens.well_formed(token):
        return None
    invite = (
        Invite.objects.select_related("crew__walkout__school")
        .filter(token_digest=tokens.digest(token))
        .first()
    )
    if invite is None or not tokens.matches(token, invite.token_digest):
        return None
    return invite


def members(crew: Crew) -> list[Member]:
    return list(crew.members.all())


def invites(crew: Crew) -> list[Invite]:
    return list(crew.invites.all())


def roles(crew: Crew) -> list[Role]:
    return list(crew.roles.select_related("holder"))


def holds_outreach(member: Member) -> bool:
    return member.roles.filter(kind=RoleKind.OUTREACH).exists()


def plan(crew: Crew) -> list[PlanItem]:
    return list(crew.plan_items.select_related("owner"))


def demands(crew: Crew, member: Member) -> list[Demand]:
    """The crew's demands with their vote count and whether `member` voted, most votes first."""
    mine = Vote.objects.filter(demand=OuterRef("pk"), member=member)
    return list(
        crew.demands.annotate(vote_count=Count("votes"), voted=Exists(mine)).order_by(
            "-adopted", "-vote_count", "id"
        )
    )


def adopted_demands(walkout: Walkout) -> list[str]:
    """What the walkout's crew adopted, for its public page: texts only, nothing of members."""
    return list(
        Demand.objects.filter(crew__walkout=walkout, adopted=True)
        .order_by("id")
        .values_list("text", flat=True)
    )


def ideas(crew: Crew) -> list[Idea]:
    return list(crew.ideas.all())


def chant_library(action: Action) -> list[tuple[str, list[str]]]:
    """The call's chants in each language it has them, the active language first."""
    current = (translation.get_language() or "en").split("-")[0]
    names = {"en": translation.gettext("In English"), "es": translation.gettext("In Spanish")}
    languages = sorted(names, key=lambda code: code != current)
    library = []
    for code in languages:
        with translation.override(code):
            chants = action.lines("chants")
        if chants and all(chants != lines for _, lines in library):
            library.append((names[code], chants))
    return library


def notes(crew: Crew) -> list[Note]:
    """Decisions first, then notes, newest first."""
    return list(crew.notes.select_related("author").order_by("-is_decision", "-created_day", "-id"))


def connections(crew: Crew) -> list[Connection]:
    """Requests sent and received, with the other crew's school."""
    return list(
        Connection.objects.filter(Q(from_crew=crew) | Q(to_crew=crew))
        .exclude(Q(to_crew=crew) & Q(status=ConnectionStatus.DECLINED))
        .select_related("from_crew__walkout__school", "to_crew__walkout__school")
        .order_by("status", "id")
    )


def nearby_walkouts(walkout: Walkout, *, radius_km: float = NEARBY_KM) -> list[Nearby]:
    """Listed walkouts of the same action within `radius_km` of the school, nearest first."""
    school = walkout.school
    point = nearby.Point(school.latitude, school.longitude)
    candidates = listed_walkouts(walkout.action).exclude(pk=walkout.pk)
    return nearby.walkouts_near(point, radius_km, candidates, limit=NEARBY_LIMIT)


def next_action(crew: Crew) -> Action | None:
    """The campaign's next open action after the crew's current one."""
    current = crew.walkout.action
    return (
        Action.objects.filter(
            campaign_id=current.campaign_id, status=ActionStatus.OPEN, date__gt=current.date
        )
        .order_by("date")
        .first()
    )


def with_crew_size(walkouts: QuerySet[Walkout]) -> QuerySet[Walkout]:
    """Annotate each walkout with `crew_size` (members), or None when it has no crew yet.
    For hub staff: that a crew exists and how big it is, nothing of what is in it."""
    size = (
        Member.objects.filter(crew__walkout=OuterRef("pk"))
        .order_by()
        .values("crew__walkout")
        .annotate(n=Count("id"))
        .values("n")
    )
    return walkouts.annotate(crew_size=Subquery(size, output_field=IntegerField()))
