"""Where a school is in time: its zone from its coordinates, and 2PM there as an instant."""

import datetime
from zoneinfo import ZoneInfo

import tzfpy


def timezone_at(latitude: float, longitude: float) -> str:
    """The IANA zone at a point (tzfpy's offline polygons), e.g. 'America/Phoenix'."""
    return tzfpy.get_tz(longitude, latitude)


def local_instant(date: datetime.date, local_time: datetime.time, zone: str) -> datetime.datetime:
    """The aware instant of a wall-clock time on a date in a zone, safe across DST changes.

    A wall-clock time skipped by a spring-forward change (2:30 AM) moves forward by the gap,
    as a clock on the wall would; an ambiguous one (1:30 AM in the fall) is the first.
    """
    tz = ZoneInfo(zone)
    naive = datetime.datetime.combine(date, local_time)
    aware = naive.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(datetime.UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != naive:  # in a gap: fold=1 gives the later offset
        aware = naive.replace(tzinfo=tz, fold=1).astimezone(datetime.UTC).astimezone(tz)
    return aware.astimezone(datetime.UTC)
