"""The hub console's "I'm in" statistics (hubs/stats.py lists the section)."""

from django.db.models import Sum

from walkout.outreach.models import RsvpTally
from walkout.walkouts.models import WalkoutStatus
from walkout.walkouts.us_states import STATE_NAMES


def rsvps_by_state(action) -> list[tuple[str, str, int]]:
    """(state code, state name, people who said "I'm in") for the call's approved walkouts,
    most first (one query)."""
    rows = (
        RsvpTally.objects.filter(
            walkout__action=action, walkout__status=WalkoutStatus.APPROVED, count__gt=0
        )
        .values_list("walkout__school__state")
        .annotate(n=Sum("count"))
        .order_by()
    )
    ordered = sorted(rows, key=lambda row: (-row[1], row[0]))
    return [(code, STATE_NAMES.get(code, code), n) for code, n in ordered]
