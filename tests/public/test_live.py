"""The day, live: counts by time zone as the call time reaches each one."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from tests.helpers import inline_code
from walkout.public import live
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
DATE = datetime.date(2030, 3, 15)  # daylight saving time in the US (not in Arizona, Hawaii)
ZONES = {
    "NY": ("America/New_York", "New York High"),  # 2PM EDT = 18:00 UTC
    "IL": ("America/Chicago", "Chicago High"),  # 19:00 UTC
    "AZ": ("America/Phoenix", "Phoenix High"),  # 2PM MST = 21:00 UTC
    "HI": ("Pacific/Honolulu", "Honolulu High"),  # 00:00 UTC the next day
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def action():
    action = ActionFactory(date=DATE)
    for state, (zone, name) in ZONES.items():
        WalkoutFactory(action=action, school=SchoolFactory(name=name, state=state, timezone=zone))
    WalkoutFactory(action=action, school=SchoolFactory(state="MI", timezone="America/Detroit"))
    for status in (WalkoutStatus.PENDING, WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED):
        WalkoutFactory(
            action=action,
            status=status,
            school=SchoolFactory(name=f"Secret {status}", timezone="America/Chicago"),
        )
    return action


def at(hour, minute=0, day=15):
    return time_machine.travel(
        datetime.datetime(2030, 3, day, hour, minute, tzinfo=UTC), tick=False
    )


def live_url(action, name="public:live"):
    return reverse(name, args=[action.campaign.slug, action.slug])


def test_wave_groups_zones_that_start_together():
    t = datetime.datetime(2030, 3, 15, 18, tzinfo=UTC)
    schedule = [
        (t, "America/Detroit", 2),
        (t, "America/New_York", 5),
        (t + datetime.timedelta(hours=1), "America/Chicago", 4),
        (t + datetime.timedelta(hours=3), "America/Phoenix", 1),
    ]

    wave = live.wave(schedule, now=t + datetime.timedelta(minutes=30))

    assert [(s.places, s.count, s.state) for s in wave.steps] == [
        ("Detroit, New York", 7, "started"),
        ("Chicago", 4, "soon"),
        ("Phoenix", 1, "later"),
    ]
    assert (wave.started, wave.soon, wave.later, wave.total) == (7, 4, 1, 12)
    assert wave.next_step.places == "Chicago"
    assert wave.steps[0].regions == ["Eastern time"]


def test_regions_name_each_us_time_zone_starting_together():
    summer = datetime.datetime(2030, 7, 15, 21, tzinfo=UTC)  # 2PM PDT and 2PM MST (Arizona)
    schedule = [
        (summer, "America/Los_Angeles", 3),
        (summer, "America/Phoenix", 2),
        (summer, "America/Vancouver", 1),
    ]
    winter = datetime.datetime(2030, 1, 15, 18, tzinfo=UTC)  # 2PM AST, 1PM EST

    (step,) = live.wave(schedule, summer).steps
    (caribbean,) = live.wave([(winter, "America/Puerto_Rico", 1)], winter).steps
    (guam,) = live.wave([(winter, "Pacific/Guam", 1)], winter).steps

    assert step.regions == ["Pacific time", "Mountain time"]
    assert caribbean.regions == ["Atlantic time (Puerto Rico, Virgin Islands)"]
    assert guam.regions == ["Chamorro time (Guam, Northern Mariana Islands)"]
    assert live.Step(summer, [f"Zone/Place_{i}" for i in range(6)]).places == (
        "Place 0, Place 1, Place 2, Place 3, … (+2)"
    )


def test_wave_before_and_after_the_day():
    t = datetime.datetime(2030, 3, 15, 18, tzinfo=UTC)
    schedule = [(t, "America/New_York", 5)]

    assert live.wave(schedule, t - datetime.timedelta(days=1)).later == 5
    assert live.wave(schedule, t).started == 5  # at the call time itself
    assert live.wave(schedule, t + datetime.timedelta(days=1)).next_step is None
    assert live.wave([], t).total == 0


def test_live_page_counts_by_zone_as_the_day_goes(client, action):
    with at(18, 30):
        html = client.get(live_url(action)).content.decode()

    assert '<strong class="big">2</strong> walkouts have started' in html
    assert '<strong class="big">1</strong> starts within the hour' in html
    assert '<strong class="big">2</strong> later' in html
    assert "Next: 2:00 PM reaches Central time in 30 minutes." in html
    assert "Secret" not in html
    assert inline_code(html) == {
        "inline_scripts": 0,
        "handlers": [],
        "style_attributes": [],
        "style_tags": 0,
    }
    assert f'data-live-url="{live_url(action, "public:live_counts")}"' in html
    assert '<script src="/static/walkout/live.js" defer></script>' in html


def test_live_rows_in_the_order_the_call_time_arrives(client, action):
    with at(21, 5):
        html = client.get(live_url(action, "public:live_counts")).content.decode()

    rows = html[html.index("<tbody>") :]
    order = [rows.index(place) for place in ("Detroit, New York", "Chicago", "Phoenix", "Honolulu")]
    assert order == sorted(order)
    assert "18:00 UTC" in rows and "00:00 UTC" in rows
    assert "2:00 PM EDT" in rows and "2:00 PM MST" in rows and "2:00 PM HST" in rows
    assert "<!doctype html>" not in html
    assert '<strong class="big">4</strong> walkouts have started' in html


def test_live_counts_refresh_each_minute(client, action):
    with at(18, 59):
        before = client.get(live_url(action, "public:live_counts")).content.decode()
    with at(19, 0):
        after = client.get(live_url(action, "public:live_counts")).content.decode()

    assert '<strong class="big">2</strong> walkouts have started' in before
    assert '<strong class="big">3</strong> walkouts have started' in after
    assert "Counts as of 19:00 UTC." in after


def test_after_the_day(client, action):
    with at(12, day=16):
        html = client.get(live_url(action)).content.decode()

    assert "The call time has reached every time zone with a walkout." in html
    assert '<strong class="big">5</strong> walkouts have started' in html


@pytest.mark.parametrize("n", [1, 3])
def test_live_query_count(client, django_assert_num_queries, n):
    action = ActionFactory(date=DATE)
    zones = ["America/New_York", "America/Chicago", "America/Denver"]
    for zone in zones[:n]:
        WalkoutFactory(action=action, school=SchoolFactory(timezone=zone))

    # the schedule, and the day's check-ins (day/queries.py live_checkins)
    with at(18, 30), django_assert_num_queries(3):
        html = client.get(live_url(action)).content.decode()

    assert html.count('<tr class="step-') == n
