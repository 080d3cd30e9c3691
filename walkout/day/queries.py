"""Reusable reads of the day app, and every rule of who sees what.

- The meeting spot and the crew's own chants are for the crew only: `day_context` puts them
  in only when asked for the crew version (views pass a member resolved from their link).
- A report's texts are for the crew and the hub; only an approved summary is public.
- Live counts are aggregates over listed (approved) walkouts only.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation

from walkout.campaigns.models import Action
from walkout.crews import queries as crew_queries
from walkout.crews.models import IdeaKind
from walkout.day.models import (
    TURNOUT_FLOOR,
    Checkin,
    CheckinState,
    ContactKind,
    LegalContact,
    Report,
    SummaryStatus,
)
from walkout.walkouts.countdown import countdown
from walkout.walkouts.models import Walkout, WalkoutStatus

KIND_ORDER = [ContactKind.EMERGENCY, ContactKind.HOTLINE, ContactKind.LEGAL_AID]
BEFORE, DURING, AFTER = "before", "during", "after"
# A walkout counts as "happening" for this long after its start, on the day-of page.
DURING_HOURS = 3


def contacts_for(hub_id: int, state: str) -> list[LegalContact]:
    """The hub's active contacts for `state` and the national ones (state blank): the
    state's first, then by kind (emergency, hotline, legal aid) and name."""
    rows = list(
        LegalContact.objects.filter(hub_id=hub_id, active=True).filter(Q(state=state) | Q(state=""))
    )
    return sorted(rows, key=lambda c: (c.state != state, KIND_ORDER.index(c.kind), c.name))


def hub_contacts(hub_id: int) -> QuerySet[LegalContact]:
    return LegalContact.objects.filter(hub_id=hub_id).order_by("state", "kind", "name")


def hub_contact(hub_id: int, pk) -> LegalContact | None:
    try:
        return LegalContact.objects.filter(hub_id=hub_id, pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def checkin_of(walkout: Walkout) -> Checkin | None:
    return Checkin.objects.filter(walkout=walkout).first()


def report_of(walkout: Walkout) -> Report | None:
    return Report.objects.filter(walkout=walkout).first()


def public_summary(walkout: Walkout) -> str:
    """The summary the hub approved, for the public walkout page; "" otherwise."""
    if walkout.status != WalkoutStatus.APPROVED:
        return ""
    return (
        Report.objects.filter(walkout=walkout, summary_status=SummaryStatus.APPROVED)
        .values_list("summary", flat=True)
        .first()
        or ""
    )


def summaries_to_review(hub_id: int) -> QuerySet[Report]:
    return (
        Report.objects.filter(
            summary_status=SummaryStatus.PENDING, walkout__action__campaign__hub_id=hub_id
        )
        .select_related("walkout__school", "walkout__action")
        .order_by("day", "id")
    )


def hub_report(hub_id: int, public_id: str) -> Report | None:
    return (
        Report.objects.filter(
            walkout__public_id=public_id, walkout__action__campaign__hub_id=hub_id
        )
        .select_related("walkout__school", "walkout__action")
        .first()
    )


def chant_library(action: Action) -> list[tuple[str, str, list[str]]]:
    """[(language code, its name, chants)]: the call's chants in each language it has them,
    the active language first (crews.queries.chant_library, with the code for `lang`)."""
    current = (translation.get_language() or "en").split("-")[0]
    names = {"en": translation.gettext("In English"), "es": translation.gettext("In Spanish")}
    library: list[tuple[str, str, list[str]]] = []
    for code in sorted(names, key=lambda code: code != current):
        with translation.override(code):
            chants = action.lines("chants")
        if chants and all(chants != lines for _, _, lines in library):
            library.append((code, names[code], chants))
    return library


def phase(walkout: Walkout, now=None) -> str:
    """Before its start, during (the first DURING_HOURS hours), or after."""
    now = now or timezone.now()
    if now < walkout.starts_at:
        return BEFORE
    seconds = (now - walkout.starts_at).total_seconds()
    return DURING if seconds < DURING_HOURS * 3600 else AFTER


def day_context(walkout: Walkout, *, crew_member=None, now=None) -> dict:
    """What the day-of page shows. Public unless `crew_member` is given: then also the
    meeting spot, the crew's own chants and its check-in."""
    now = now or timezone.now()
    context = {
        "walkout": walkout,
        "action": walkout.action,
        "phase": phase(walkout, now),
        "countdown": countdown(walkout.starts_at, now),
        "seconds_left": max(int((walkout.starts_at - now).total_seconds()), 0),
        "adopted_demands": crew_queries.adopted_demands(walkout),
        "chant_library": chant_library(walkout.action),
        "contacts": contacts_for(walkout.action.campaign.hub_id, walkout.school.state),
        "state": walkout.school.state,
        "crew_view": crew_member is not None,
    }
    if crew_member is not None:
        context["meeting_spot"] = walkout.meeting_spot
        context["crew_chants"] = list(
            crew_member.crew.ideas.filter(kind=IdeaKind.CHANT).values_list("text", flat=True)
        )
        context["checkin"] = checkin_of(walkout)
    return context


@dataclass(frozen=True)
class LiveCheckins:
    out: int
    done: int
    with_turnout: int
    at_least: int

    @property
    def any(self) -> bool:
        return bool(self.out or self.done)


def live_checkins(action: Action) -> LiveCheckins:
    """How many listed walkouts of `action` said they're out, how many are done, and the
    least their turnout ranges add up to: one query."""
    rows = (
        Checkin.objects.filter(walkout__action=action, walkout__status=WalkoutStatus.APPROVED)
        .order_by()
        .values_list("state", "turnout")
        .annotate(n=Count("id"))
    )
    out = done = with_turnout = at_least = 0
    for state, turnout, n in rows:
        if state == CheckinState.OUT:
            out += n
        else:
            done += n
        if turnout:
            with_turnout += n
            at_least += TURNOUT_FLOOR[turnout] * n
    return LiveCheckins(out=out, done=done, with_turnout=with_turnout, at_least=at_least)
