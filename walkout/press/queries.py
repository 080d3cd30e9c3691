"""Reusable reads of the press kit, and which walkouts have a public media advisory."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from walkout.crews.models import Crew
from walkout.press.models import PressContact, Suggestion, SuggestionStatus, Tipline
from walkout.walkouts import nearby
from walkout.walkouts.models import Walkout
from walkout.walkouts.queries import listed_walkouts

# Tiplines of a neighbouring state are shown when their metro is this close to the school
# (Kansas City, Philadelphia, the DC area...).
NEAR_KM = 120


@dataclass(frozen=True)
class Nearest:
    tipline: Tipline
    distance_km: float | None  # None: statewide, or a metro the directory cannot place


def press_contact(crew: Crew | None) -> str:
    """The crew's press contact handle, or "" when none was chosen."""
    if crew is None:
        return ""
    return PressContact.objects.filter(crew=crew).values_list("handle", flat=True).first() or ""


def press_contact_of(walkout: Walkout) -> str:
    return (
        PressContact.objects.filter(crew__walkout=walkout).values_list("handle", flat=True).first()
        or ""
    )


def advisory_walkout(public_id: str) -> Walkout | None:
    """The walkout whose public media advisory this is: approved walkouts only."""
    return listed_walkouts().filter(public_id=public_id).first()


def tiplines_for(walkout: Walkout) -> list[Nearest]:
    """Active tiplines of the walkout's hub for its school: those of the school's state and
    those whose metro lies within NEAR_KM, nearest metro first, then statewide outlets."""
    school = walkout.school
    point = nearby.Point(school.latitude, school.longitude)
    near = Q(latitude__isnull=False) & nearby.bounding_box(point, NEAR_KM)
    candidates = Tipline.objects.filter(
        Q(state=school.state) | near,
        hub_id=walkout.action.campaign.hub_id,
        active=True,
    )
    found = []
    for tipline in candidates:
        distance = None
        if tipline.latitude is not None and tipline.longitude is not None:
            distance = nearby.haversine_km(
                school.latitude, school.longitude, tipline.latitude, tipline.longitude
            )
            if tipline.state != school.state and distance > NEAR_KM:
                continue
        found.append(Nearest(tipline, distance))
    return sorted(
        found,
        key=lambda n: (n.distance_km is None, n.distance_km or 0, n.tipline.outlet.lower()),
    )


def directory(hub, *, state: str = "", show: str = "active") -> QuerySet[Tipline]:
    """The hub's tiplines, by state and metro; `show` is "active", "inactive" or "all"."""
    tiplines = Tipline.objects.filter(hub=hub)
    if state:
        tiplines = tiplines.filter(state=state)
    if show == "active":
        tiplines = tiplines.filter(active=True)
    elif show == "inactive":
        tiplines = tiplines.filter(active=False)
    return tiplines.order_by("state", "metro", "outlet", "id")


def hub_tipline(hub, pk) -> Tipline | None:
    return Tipline.objects.filter(hub=hub, pk=pk).first()


def pending_suggestions(hub) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(hub=hub, status=SuggestionStatus.PENDING).order_by("day", "id")


def hub_suggestion(hub, pk) -> Suggestion | None:
    return pending_suggestions(hub).filter(pk=pk).first()


def crew_suggestions(crew: Crew) -> list[Suggestion]:
    """What the crew suggested that is still stored (decided ones go after a while)."""
    return list(Suggestion.objects.filter(crew=crew).order_by("-day", "-id")[:20])
