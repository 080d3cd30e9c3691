"""2PM at the school, wherever the school is: zones from coordinates, instants across DST."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from walkout.walkouts.timing import local_instant, timezone_at

UTC = datetime.UTC
TWO_PM = datetime.time(14, 0)
WINTER = datetime.date(2026, 2, 13)
SUMMER = datetime.date(2026, 6, 12)
SPRING_FORWARD = datetime.date(2026, 3, 8)
FALL_BACK = datetime.date(2026, 11, 1)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


# zone: (2PM on 2026-02-13, 2PM on 2026-06-12), as UTC instants.
TWO_PM_UTC = {
    "America/New_York": (utc(2026, 2, 13, 19), utc(2026, 6, 12, 18)),
    "America/Chicago": (utc(2026, 2, 13, 20), utc(2026, 6, 12, 19)),
    "America/Denver": (utc(2026, 2, 13, 21), utc(2026, 6, 12, 20)),
    "America/Phoenix": (utc(2026, 2, 13, 21), utc(2026, 6, 12, 21)),
    "America/Los_Angeles": (utc(2026, 2, 13, 22), utc(2026, 6, 12, 21)),
    "America/Anchorage": (utc(2026, 2, 13, 23), utc(2026, 6, 12, 22)),
    "Pacific/Honolulu": (utc(2026, 2, 14, 0), utc(2026, 6, 13, 0)),
    "America/Puerto_Rico": (utc(2026, 2, 13, 18), utc(2026, 6, 12, 18)),
}


@pytest.mark.parametrize("zone", sorted(TWO_PM_UTC))
def test_local_instant_two_pm_winter(zone):
    instant = local_instant(WINTER, TWO_PM, zone)

    assert instant == TWO_PM_UTC[zone][0]
    assert instant.tzinfo == UTC
    assert instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == datetime.datetime(
        2026, 2, 13, 14, 0
    )


@pytest.mark.parametrize("zone", sorted(TWO_PM_UTC))
def test_local_instant_two_pm_summer(zone):
    instant = local_instant(SUMMER, TWO_PM, zone)

    assert instant == TWO_PM_UTC[zone][1]
    assert instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == datetime.datetime(
        2026, 6, 12, 14, 0
    )


def test_local_instant_phoenix_ignores_daylight_saving():
    assert local_instant(WINTER, TWO_PM, "America/Phoenix") - utc(2026, 2, 13) == local_instant(
        SUMMER, TWO_PM, "America/Phoenix"
    ) - utc(2026, 6, 12)


# 2PM on the change days themselves: after the 2AM change, so the new offset applies.
@pytest.mark.parametrize(
    ("zone", "spring_forward", "fall_back"),
    [
        ("America/New_York", utc(2026, 3, 8, 18), utc(2026, 11, 1, 19)),
        ("America/Chicago", utc(2026, 3, 8, 19), utc(2026, 11, 1, 20)),
        ("America/Denver", utc(2026, 3, 8, 20), utc(2026, 11, 1, 21)),
        ("America/Phoenix", utc(2026, 3, 8, 21), utc(2026, 11, 1, 21)),
        ("America/Los_Angeles", utc(2026, 3, 8, 21), utc(2026, 11, 1, 22)),
        ("America/Anchorage", utc(2026, 3, 8, 22), utc(2026, 11, 1, 23)),
        ("Pacific/Honolulu", utc(2026, 3, 9, 0), utc(2026, 11, 2, 0)),
        ("America/Puerto_Rico", utc(2026, 3, 8, 18), utc(2026, 11, 1, 18)),
    ],
)
def test_local_instant_two_pm_on_change_days(zone, spring_forward, fall_back):
    assert local_instant(SPRING_FORWARD, TWO_PM, zone) == spring_forward
    assert local_instant(FALL_BACK, TWO_PM, zone) == fall_back


# 2:30 AM does not exist on 2026-03-08 where clocks jump from 2:00 to 3:00: it moves forward
# by the gap, to 3:30 daylight time, as a wall clock would. Zones without DST are unchanged.
@pytest.mark.parametrize(
    ("zone", "expected_utc", "expected_wall"),
    [
        ("America/New_York", utc(2026, 3, 8, 7, 30), datetime.time(3, 30)),
        ("America/Chicago", utc(2026, 3, 8, 8, 30), datetime.time(3, 30)),
        ("America/Denver", utc(2026, 3, 8, 9, 30), datetime.time(3, 30)),
        ("America/Los_Angeles", utc(2026, 3, 8, 10, 30), datetime.time(3, 30)),
        ("America/Anchorage", utc(2026, 3, 8, 11, 30), datetime.time(3, 30)),
        ("America/Phoenix", utc(2026, 3, 8, 9, 30), datetime.time(2, 30)),
        ("Pacific/Honolulu", utc(2026, 3, 8, 12, 30), datetime.time(2, 30)),
        ("America/Puerto_Rico", utc(2026, 3, 8, 6, 30), datetime.time(2, 30)),
    ],
)
def test_local_instant_in_spring_forward_gap_moves_forward(zone, expected_utc, expected_wall):
    instant = local_instant(SPRING_FORWARD, datetime.time(2, 30), zone)

    assert instant == expected_utc
    local = instant.astimezone(ZoneInfo(zone))
    assert local.date() == SPRING_FORWARD
    assert local.time() == expected_wall


# 1:30 AM happens twice on 2026-11-01 where clocks fall back from 2:00 to 1:00: the first one
# (still daylight time) is meant.
@pytest.mark.parametrize(
    ("zone", "expected_utc", "expected_offset_hours"),
    [
        ("America/New_York", utc(2026, 11, 1, 5, 30), -4),
        ("America/Chicago", utc(2026, 11, 1, 6, 30), -5),
        ("America/Denver", utc(2026, 11, 1, 7, 30), -6),
        ("America/Los_Angeles", utc(2026, 11, 1, 8, 30), -7),
        ("America/Anchorage", utc(2026, 11, 1, 9, 30), -8),
        ("America/Phoenix", utc(2026, 11, 1, 8, 30), -7),
        ("Pacific/Honolulu", utc(2026, 11, 1, 11, 30), -10),
        ("America/Puerto_Rico", utc(2026, 11, 1, 5, 30), -4),
    ],
)
def test_local_instant_in_fall_back_ambiguity_is_the_first(
    zone, expected_utc, expected_offset_hours
):
    instant = local_instant(FALL_BACK, datetime.time(1, 30), zone)

    assert instant == expected_utc
    local = instant.astimezone(ZoneInfo(zone))
    assert local.replace(tzinfo=None) == datetime.datetime(2026, 11, 1, 1, 30)
    assert local.utcoffset() == datetime.timedelta(hours=expected_offset_hours)


def test_local_instant_fall_back_second_one_thirty_is_an_hour_later():
    first = local_instant(FALL_BACK, datetime.time(1, 30), "America/New_York")
    two_am = local_instant(FALL_BACK, datetime.time(2, 0), "America/New_York")

    # 2:00 AM (standard time) comes two hours after the first 1:30 AM, not half an hour.
    assert two_am - first == datetime.timedelta(hours=1, minutes=30)


@pytest.mark.parametrize(
    ("place", "latitude", "longitude", "zone"),
    [
        ("New York", 40.7128, -74.0060, "America/New_York"),
        ("Chicago", 41.8781, -87.6298, "America/Chicago"),
        ("Denver", 39.7392, -104.9903, "America/Denver"),
        ("Phoenix", 33.4484, -112.0740, "America/Phoenix"),
        ("Los Angeles", 34.0522, -118.2437, "America/Los_Angeles"),
        ("Anchorage", 61.2181, -149.9003, "America/Anchorage"),
        ("Honolulu", 21.3069, -157.8583, "Pacific/Honolulu"),
        ("San Juan", 18.4655, -66.1057, "America/Puerto_Rico"),
        ("Boise", 43.6150, -116.2023, "America/Boise"),
        ("El Paso", 31.7619, -106.4850, "America/Denver"),
        ("Indianapolis", 39.7684, -86.1581, "America/Indiana/Indianapolis"),
        ("Nome", 64.5011, -165.4064, "America/Nome"),
        ("Pensacola", 30.4213, -87.2169, "America/Chicago"),
        # The Navajo Nation in Arizona keeps daylight time, unlike the rest of the state.
        ("Window Rock", 35.6681, -109.0526, "America/Denver"),
    ],
)
def test_timezone_at_city_coordinates(place, latitude, longitude, zone):
    assert timezone_at(latitude, longitude) == zone


def test_timezone_at_feeds_local_instant_for_el_paso_in_mountain_time():
    zone = timezone_at(31.7619, -106.4850)

    # El Paso is in Texas but on Mountain time: 2PM there is 21:00 UTC in February.
    assert local_instant(WINTER, TWO_PM, zone) == utc(2026, 2, 13, 21)
