"""iCalendar (RFC 5545) files for a walkout and for a call, written with `icalendar`.

A walkout happens at a wall-clock time in its school's zone: its event carries that IANA
zone (`DTSTART;TZID=America/Chicago:...`) and a VTIMEZONE for the event's year. A call
("2PM local time, wherever you are") is a *floating* time, which RFC 5545 defines for
exactly that: the same wall-clock time in every calendar's own zone.

A walkout's event carries two reminders (VALARM, ACTION:DISPLAY): the day before and 30
minutes before. They live in the reader's own calendar: reminders without anyone giving us
an e-mail address or a phone number (ANCHORS.md takeaway 3).

Nothing about organizers goes in: no pseudonym, no meeting spot, no notes.
"""

import datetime
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from walkout.campaigns.models import Action
from walkout.walkouts.models import Walkout

PRODID = "-//Walkout//Walkout calendar 1.0//EN"
# Before the start: the day before, and time to get ready and find your people.
REMINDERS = (datetime.timedelta(days=1), datetime.timedelta(minutes=30))


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(uid: str, summary: str, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().replace(second=0, microsecond=0))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    return event


def _alarm(before: datetime.timedelta, description: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before)  # relative to DTSTART
    alarm.add("description", description)
    return alarm


def walkout_calendar(walkout: Walkout, *, summary: str, url: str) -> bytes:
    """One event at the walkout's start, in its school's time zone, with REMINDERS."""
    calendar = _calendar(summary)
    event = _event(f"walkout-{walkout.public_id}@walkout", summary, walkout.description, url)
    start = walkout.starts_at.astimezone(ZoneInfo(walkout.timezone))
    event.add("dtstart", start)
    school = walkout.school
    event.add("location", f"{school.name}, {school.city}, {school.state}")
    for before in REMINDERS:
        event.add_component(_alarm(before, summary))
    calendar.add_component(event)
    year = start.year
    calendar.add_missing_timezones(
        first_date=datetime.date(year, 1, 1), last_date=datetime.date(year, 12, 31)
    )
    return calendar.to_ical()


def action_calendar(action: Action, *, summary: str, description: str, url: str) -> bytes:
    """One event for the call, at its wall-clock time in whatever zone the reader is in."""
    calendar = _calendar(summary)
    event = _event(f"action-{action.public_id}@walkout", summary, description, url)
    event.add("dtstart", datetime.datetime.combine(action.date, action.local_time))
    calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(body: bytes, filename: str) -> HttpResponse:
    """An .ics download (calendar apps open it; browsers offer to save it)."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
