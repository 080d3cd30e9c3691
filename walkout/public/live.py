"""The day of action as a wave: 2PM reaches one time zone after another.

Built only from the published schedule (each listed walkout's start) and counted per time
zone: it says how many walkouts have reached their start time, never what is happening at a
school (ANCHORS.md: aggregate-only live stats, published after each school's call time).
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

SOON = datetime.timedelta(hours=1)
# US time zones by their abbreviation without the S/D of standard or daylight time.
REGIONS = {
    "E": _("Eastern time"),
    "C": _("Central time"),
    "M": _("Mountain time"),
    "P": _("Pacific time"),
    "AK": _("Alaska time"),
    "H": _("Hawaii-Aleutian time"),
    "A": _("Atlantic time (Puerto Rico, Virgin Islands)"),
    "ChST": _("Chamorro time (Guam, Northern Mariana Islands)"),
    "SST": _("Samoa time"),
}
PLACES_SHOWN = 4
STARTED, SOON_STATE, LATER = "started", "soon", "later"


@dataclass
class Step:
    """Every zone whose walkouts start at one instant."""

    starts_at: datetime.datetime
    zones: list[str] = field(default_factory=list)
    count: int = 0
    state: str = LATER

    @property
    def sample(self):
        """Something with `starts_at` and `timezone`, for the local-time template filters."""
        return SimpleNamespace(starts_at=self.starts_at, timezone=self.zones[0])

    @property
    def places(self) -> str:
        """'Detroit, New York': the zones' own names (IANA city parts, not translated), the
        first few."""
        names = [zone.rsplit("/", 1)[-1].replace("_", " ") for zone in self.zones]
        more = len(names) - PLACES_SHOWN
        return ", ".join(names[:PLACES_SHOWN]) + (f", … (+{more})" if more > 0 else "")

    @property
    def regions(self) -> list[str]:
        """['Eastern time']: the US time zones starting at this instant, by name."""
        found = []
        for zone in self.zones:
            abbreviation = self.starts_at.astimezone(ZoneInfo(zone)).strftime("%Z")
            key = abbreviation if abbreviation in REGIONS else abbreviation[:-2]
            name = str(REGIONS.get(key, abbreviation))
            if name not in found:
                found.append(name)
        return found


@dataclass
class Wave:
    steps: list[Step]
    started: int = 0
    soon: int = 0
    later: int = 0

    @property
    def total(self) -> int:
        return self.started + self.soon + self.later

    @property
    def next_step(self) -> Step | None:
        return next((s for s in self.steps if s.state != STARTED), None)


def _state(starts_at: datetime.datetime, now: datetime.datetime) -> str:
    if starts_at <= now:
        return STARTED
    return SOON_STATE if starts_at - now <= SOON else LATER


def wave(schedule: list[tuple], now: datetime.datetime) -> Wave:
    """`schedule` is [(start instant, zone, count)] (queries.zone_schedule), earliest first."""
    steps: dict[datetime.datetime, Step] = {}
    for starts_at, zone, count in schedule:
        step = steps.setdefault(starts_at, Step(starts_at, state=_state(starts_at, now)))
        step.zones.append(zone)
        step.count += count
    result = Wave(steps=sorted(steps.values(), key=lambda s: s.starts_at))
    for step in result.steps:
        setattr(result, step.state, getattr(result, step.state) + step.count)
    return result
