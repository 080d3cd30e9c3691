"""Signals that help a moderator spot fake or duplicate walkouts in the queue.

Computed for one page of the queue at a time, in a fixed number of queries whatever the page
size: several walkouts at the same school for the same action (offer a merge), a burst of
registrations for an action on one day, text that repeats across walkouts (whatever its
case), and a school
located far from its ZIP code's centre.
"""

import functools
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Func
from django.db.models.functions import Lower

from walkout.walkouts.geo import lookup_zip
from walkout.walkouts.models import Walkout, WalkoutStatus

# A day is a burst when it has at least BURST_FACTOR times the action's median day and at
# least BURST_MIN registrations (a hub's first days have tiny medians).
BURST_FACTOR = 3
BURST_MIN = 10
FAR_FROM_ZIP_KM = 50
# Merge buttons offered per item; a flood of duplicates at one school shows the first few.
MERGE_OFFERS = 3


@dataclass
class Signals:
    siblings: list[dict] = field(default_factory=list)
    burst: dict | None = None
    same_text: int = 0
    km_from_zip: int | None = None

    @property
    def approved_here(self) -> bool:
        return any(s["status"] == WalkoutStatus.APPROVED for s in self.siblings)

    @property
    def merge_offers(self) -> list[dict]:
        return self.siblings[:MERGE_OFFERS]

    @property
    def more_siblings(self) -> int:
        return max(len(self.siblings) - MERGE_OFFERS, 0)

    @property
    def any(self) -> bool:
        return bool(self.siblings or self.burst or self.same_text or self.km_from_zip)


def text_key() -> Func:
    """The description without case, as an SQL expression: computed by the database for the
    page and for every other walkout alike, so only counts travel. (Folding spaces and
    punctuation too, with a chain of REPLACE, made the queue six times slower at 30,000
    walkouts: bench/hub_queue.py.)"""
    return Lower("description")


@functools.cache
def _zip_centre(zip_code: str) -> tuple[float, float] | None:
    place = lookup_zip(zip_code)
    return (place.latitude, place.longitude) if place else None


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, Earth radius 6,371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def _siblings(walkouts, actions, schools) -> dict[tuple[int, int], list[dict]]:
    rows = Walkout.objects.filter(
        action_id__in=actions,
        school_id__in=schools,
        status__in=[WalkoutStatus.PENDING, WalkoutStatus.APPROVED],
    ).values("id", "public_id", "action_id", "school_id", "status", "organizer_pseudonym")
    by_place = defaultdict(list)
    for row in rows.order_by("id"):
        row["status_label"] = WalkoutStatus(row["status"]).label
        by_place[(row["action_id"], row["school_id"])].append(row)
    return by_place


def _bursts(actions) -> dict[tuple[int, object], dict]:
    rows = (
        Walkout.objects.filter(action_id__in=actions)
        .values_list("action_id", "created_day")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_action = defaultdict(dict)
    for action_id, day, n in rows:
        per_action[action_id][day] = n
    bursts = {}
    for action_id, days in per_action.items():
        median = statistics.median(days.values())
        for day, n in days.items():
            if n >= BURST_MIN and n >= BURST_FACTOR * median:
                bursts[(action_id, day)] = {"count": n, "median": round(median)}
    return bursts


def _texts(walkouts, actions) -> dict[int, int]:
    """{walkout id: how many walkouts of its action share its text key}; two queries."""
    keyed = Walkout.objects.annotate(key=text_key())
    keys = dict(keyed.filter(pk__in=[w.pk for w in walkouts]).values_list("pk", "key"))
    counts = dict(
        keyed.filter(action_id__in=actions, key__in=set(keys.values()))
        .values_list("key")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {pk: counts.get(key, 1) for pk, key in keys.items()}


def signals_for(walkouts: list[Walkout]) -> dict[int, Signals]:
    """{walkout.pk: Signals} for one page of the queue; four queries whatever its size."""
    if not walkouts:
        return {}
    actions = {w.action_id for w in walkouts}
    siblings = _siblings(walkouts, actions, {w.school_id for w in walkouts})
    bursts = _bursts(actions)
    texts = _texts(walkouts, actions)
    found = {}
    for walkout in walkouts:
        signals = Signals(
            siblings=[
                s for s in siblings[(walkout.action_id, walkout.school_id)] if s["id"] != walkout.pk
            ],
            burst=bursts.get((walkout.action_id, walkout.created_day)),
            same_text=max(texts.get(walkout.pk, 1) - 1, 0),
        )
        centre = _zip_centre(walkout.school.zip_code)
        if centre is not None:
            km = km_between((walkout.school.latitude, walkout.school.longitude), centre)
            signals.km_from_zip = round(km) if km > FAR_FROM_ZIP_KM else None
        found[walkout.pk] = signals
    return found
