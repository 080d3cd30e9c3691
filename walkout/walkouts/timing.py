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
    # PEP 495: fold=0 reads an ambiguous time with the earlier (pre-change) offset, and a time
    # in a gap with the pre-change offset too, which lands it after the gap (2:30 EST is
    # 3:30 EDT). fold=1 would put a gap time an hour *before* the change (1:30 EST).
    aware = naive.replace(tzinfo=tz, fold=0)
    return aware.astimezone(datetime.UTC)
