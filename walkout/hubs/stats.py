"""The console's stats for one action: a list of sections, each a list of (key, label, count).

Later features add their sections here (RSVPs, check-ins, turnout, repercussion cases); the
page, its charts and the CSV export go through SECTIONS and need no change.

Counts in the CSV export under SMALL_COUNT are written as "<3" (ANCHORS.md section 6 item 10):
a CSV leaves the hub. The console itself shows every number.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import dateformat, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from walkout.campaigns.models import Action
from walkout.day import stats as day_stats
from walkout.outreach import stats as outreach_stats
from walkout.walkouts import queries as walkout_queries
from walkout.walkouts.models import Walkout, WalkoutStatus, WalkoutTally
from walkout.walkouts.us_states import STATE_NAMES

SMALL_COUNT = 3

Row = tuple[str, str, int]  # (key for the CSV, label for people, count)


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    description: Promise
    label_header: Promise
    chart: str  # "columns" for a series over days, "bars" for categories
    rows: Callable[[Action], list[Row]]
    label_width: int = 180


def _short_day() -> str:
    """'Nov 9' in English, '9 nov' in Spanish: the month follows the day outside English."""
    return "M j" if (translation.get_language() or "en").startswith("en") else "j M"


def registrations_per_day(action: Action) -> list[Row]:
    """Walkouts registered each day, in every state, from the first to the last day with
    one; days without any show as 0 so the curve keeps its shape."""
    counts = dict(
        Walkout.objects.filter(action=action)
        .values_list("created_day")
        .annotate(n=Count("id"))
        .order_by()
    )
    if not counts:
        return []
    day, last, rows = min(counts), max(counts), []
    while day <= last:
        rows.append((day.isoformat(), dateformat.format(day, _short_day()), counts.get(day, 0)))
        day += datetime.timedelta(days=1)
    return rows


def by_status(action: Action) -> list[Row]:
    counts = dict(
        Walkout.objects.filter(action=action)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        (status.value, str(status.label), counts[status.value])
        for status in WalkoutStatus
        if counts.get(status.value)
    ]


def by_state(action: Action) -> list[Row]:
    """Approved walkouts by state, with those already deleted after the day (their tallies)."""
    return [
        (code, STATE_NAMES.get(code, code), n) for code, n in walkout_queries.state_counts(action)
    ]


def by_time_zone(action: Action) -> list[Row]:
    """Approved walkouts by their school's time zone, with the tallies of deleted ones."""
    live = (
        walkout_queries.listed_walkouts(action)
        .order_by()
        .values_list("timezone")
        .annotate(n=Count("id"))
    )
    deleted = (
        WalkoutTally.objects.filter(action=action)
        .order_by()
        .values_list("timezone")
        .annotate(n=Sum("walkouts"))
    )
    totals: dict[str, int] = {}
    for zone, n in live.union(deleted, all=True):
        totals[zone] = totals.get(zone, 0) + n
    return [(zone, zone, n) for zone, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]


SECTIONS = [
    Section(
        key="registrations",
        title=_("Walkouts registered per day"),
        description=_("Every walkout registered for this call, whatever its review status."),
        label_header=_("Day"),
        chart="columns",
        rows=registrations_per_day,
    ),
    Section(
        key="status",
        title=_("Walkouts by review status"),
        description=_("Every walkout registered for this call."),
        label_header=_("Status"),
        chart="bars",
        rows=by_status,
    ),
    Section(
        key="states",
        title=_("Approved walkouts by state"),
        description=_("Approved walkouts only, including those deleted after the day."),
        label_header=_("State"),
        chart="bars",
        rows=by_state,
        label_width=230,
    ),
    Section(
        key="time_zones",
        title=_("Approved walkouts by time zone"),
        description=_("The time zone of each school, where 2PM local time happens."),
        label_header=_("Time zone"),
        chart="bars",
        rows=by_time_zone,
        label_width=290,
    ),
    # The day (day/stats.py): "we're out" check-ins and the turnout ranges crews gave.
    Section(
        key="checkins",
        title=_("Check-ins on the day"),
        description=_("Approved walkouts whose crew said they were out, or done."),
        label_header=_("Check-in"),
        chart="bars",
        rows=day_stats.checkins,
    ),
    Section(
        key="turnout",
        title=_("Turnout crews reported"),
        description=_("The range each crew gave when it checked in, for approved walkouts."),
        label_header=_("Students"),
        chart="bars",
        rows=day_stats.turnout,
    ),
    # Outreach (outreach/stats.py): the anonymous "I'm in" counts.
    Section(
        key="rsvps",
        title=_("People who said “I'm in”, by state"),
        description=_("Anonymous RSVPs to approved walkouts: counts only, never who."),
        label_header=_("State"),
        chart="bars",
        rows=outreach_stats.rsvps_by_state,
        label_width=230,
    ),
]


def export_value(count: int) -> str:
    return f"<{SMALL_COUNT}" if 0 < count < SMALL_COUNT else str(count)
