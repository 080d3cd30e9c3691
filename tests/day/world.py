"""Builders for the day app's tests."""

import datetime

from django.utils import timezone

from tests.crews.world import add_member, make_crew, organizer_of
from walkout.crews.models import Crew


def crew_starting_in(delta: datetime.timedelta, **walkout_fields) -> tuple[Crew, str]:
    """A crew whose walkout starts `delta` from now (negative: already started)."""
    crew, token = make_crew(**walkout_fields)
    walkout = crew.walkout
    walkout.starts_at = timezone.now() + delta
    walkout.save(update_fields=["starts_at"])
    return crew, token


__all__ = ["add_member", "crew_starting_in", "make_crew", "organizer_of"]
