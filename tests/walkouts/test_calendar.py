"""iCalendar files: valid RFC 5545, in the school's zone, nothing about organizers."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

DATE = datetime.date(2030, 3, 15)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def action():
    return ActionFactory(date=DATE, title="Walk out for our families")


def walkout_of(action, **extra):
    return WalkoutFactory(
        action=action,
        school=SchoolFactory(name="Lincoln High School", city="Chicago", state="IL"),
        description="We walk out, then back in together.",
        organizer_pseudonym="secretfox",
        meeting_spot="Behind the secret gym",
        organizer_notes="Secret organizer note",
        **extra,
    )


def check_rfc5545_lines(body: bytes) -> None:
    """CRLF line ends, and no line longer than 75 octets (RFC 5545 3.1)."""
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75


def test_walkout_calendar_is_one_event_in_the_schools_zone(client, action):
    walkout = walkout_of(action)

    response = client.get(reverse("walkouts:walkout_calendar", args=[walkout.public_id]))
    body = response.content

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="walkout-{walkout.public_id}.ics"'
    )
    check_rfc5545_lines(body)
    calendar = Calendar.from_ical(body)
    assert (calendar["VERSION"], calendar["PRODID"]) == (
        "2.0",
        "-//Walkout//Walkout calendar 1.0//EN",
    )
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == datetime.datetime(2030, 3, 15, 14, 0, tzinfo=ZoneInfo("America/Chicago"))
    assert b"DTSTART;TZID=America/Chicago:20300315T140000" in body
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    assert str(event["SUMMARY"]) == "Walkout at Lincoln High School"
    assert str(event["LOCATION"]) == "Lincoln High School, Chicago, IL"
    assert str(event["URL"]) == f"http://testserver/w/{walkout.public_id}/"
    assert str(event["UID"]) == f"walkout-{walkout.public_id}@walkout"
    assert str(event["DESCRIPTION"]) == "We walk out, then back in together."
    for secret in (b"secretfox", b"secret gym", b"Secret organizer"):
        assert secret not in body


def test_walkout_calendar_zone_without_daylight_saving(client, action):
    walkout = WalkoutFactory(
        action=action, school=SchoolFactory(state="AZ", timezone="America/Phoenix")
    )

    body = client.get(reverse("walkouts:walkout_calendar", args=[walkout.public_id])).content
    calendar = Calendar.from_ical(body)

    assert b"DTSTART;TZID=America/Phoenix:20300315T140000" in body
    (zone,) = calendar.walk("VTIMEZONE")
    assert [c.name for c in zone.subcomponents] == ["STANDARD"]


@pytest.mark.parametrize(
    "status", [WalkoutStatus.PENDING, WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED]
)
def test_unlisted_walkouts_have_no_calendar(client, action, status):
    walkout = walkout_of(action, status=status)

    response = client.get(reverse("walkouts:walkout_calendar", args=[walkout.public_id]))

    assert response.status_code == 404


def test_action_calendar_is_a_floating_time(client, action):
    url = reverse("public:action_calendar", args=[action.campaign.slug, action.slug])

    response = client.get(url)
    body = response.content

    assert response.status_code == 200
    check_rfc5545_lines(body)
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    # No TZID and no Z: 2PM in whatever zone the calendar is in (RFC 5545 3.3.5, form #1).
    assert b"DTSTART:20300315T140000\r\n" in body
    assert event.decoded("DTSTART") == datetime.datetime(2030, 3, 15, 14, 0)
    assert str(event["SUMMARY"]) == "Walk out for our families"
    assert str(event["URL"]) == f"http://testserver/c/{action.campaign.slug}/{action.slug}/"
    assert str(event["DESCRIPTION"]).startswith("Walk out at 2PM local time.\n\nhttp://testserver/")


def test_pages_link_their_calendars(client, action):
    walkout = walkout_of(action)
    pending = walkout_of(action, status=WalkoutStatus.PENDING)

    page = client.get(reverse("walkouts:walkout", args=[walkout.public_id])).content.decode()
    pending_page = client.get(reverse("walkouts:walkout", args=[pending.public_id])).content
    action_page = client.get(
        reverse("public:action", args=[action.campaign.slug, action.slug])
    ).content.decode()

    assert f'href="/w/{walkout.public_id}/calendar.ics"' in page
    assert b"calendar.ics" not in pending_page
    assert f'href="/c/{action.campaign.slug}/{action.slug}/calendar.ics"' in action_page


@pytest.mark.parametrize(
    ("zone", "state", "start"),
    [
        ("America/Chicago", "IL", "20300315T140000"),
        ("America/Los_Angeles", "CA", "20300315T140000"),
    ],
)
def test_walkout_calendar_reminds_the_day_before_and_30_minutes_before(
    client, action, zone, state, start
):
    walkout = WalkoutFactory(action=action, school=SchoolFactory(state=state, timezone=zone))

    body = client.get(reverse("walkouts:walkout_calendar", args=[walkout.public_id])).content
    (event,) = Calendar.from_ical(body).walk("VEVENT")

    assert f"DTSTART;TZID={zone}:{start}".encode() in body
    assert str(event["DTSTART"].params["TZID"]) == zone
    alarms = event.walk("VALARM")
    assert [a.decoded("TRIGGER") for a in alarms] == [
        -datetime.timedelta(days=1),
        -datetime.timedelta(minutes=30),
    ]
    assert b"TRIGGER:-P1D\r\n" in body
    assert b"TRIGGER:-PT30M\r\n" in body
    assert [str(a["ACTION"]) for a in alarms] == ["DISPLAY", "DISPLAY"]
    assert all(str(a["DESCRIPTION"]) == str(event["SUMMARY"]) for a in alarms)
    check_rfc5545_lines(body)
