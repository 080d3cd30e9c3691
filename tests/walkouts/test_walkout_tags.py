"""Dates and times of walkouts in each language, in the school's own time zone."""

import datetime

import pytest
from django.utils import translation

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from walkout.walkouts.templatetags import walkout_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def walkout():
    action = ActionFactory(date=datetime.date(2027, 1, 8), local_time=datetime.time(14, 0))
    return WalkoutFactory(action=action, school=SchoolFactory(timezone="America/Phoenix"))


@pytest.mark.parametrize(
    ("language", "date", "time", "call_time"),
    [
        ("en", "Friday, January 8, 2027", "2:00 PM MST", "2:00 PM"),
        ("es", "viernes 8 de enero de 2027", "14:00 MST", "14:00"),
        # Any other language: Django's own formats for it (a .po file is all it takes).
        ("vi", "Ngày 08 tháng 1 năm 2027", "14:00 MST", "14:00"),
    ],
)
def test_dates_and_times_per_language(walkout, language, date, time, call_time):
    with translation.override(language):
        shown = (
            walkout_tags.local_date(walkout),
            walkout_tags.local_time(walkout),
            walkout_tags.call_date(walkout.action),
            walkout_tags.call_time(walkout.action),
        )

    assert shown == (date, time, date, call_time)
