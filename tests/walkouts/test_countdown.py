import datetime

import pytest

from walkout.walkouts.countdown import countdown

START = datetime.datetime(2026, 2, 13, 19, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("before_start", "text"),
    [
        (datetime.timedelta(days=3, hours=4, minutes=10), "in 3 days, 4 hours"),
        (datetime.timedelta(days=1), "in 1 day"),
        (datetime.timedelta(days=8, hours=5), "in 8 days"),
        (datetime.timedelta(hours=2, minutes=5), "in 2 hours, 5 minutes"),
        (datetime.timedelta(hours=1), "in 1 hour"),
        (datetime.timedelta(minutes=25), "in 25 minutes"),
        (datetime.timedelta(seconds=20), "in 1 minute"),
        (datetime.timedelta(0), "happening now"),
        (datetime.timedelta(minutes=-59), "happening now"),
        (datetime.timedelta(hours=-1), "took place"),
        (datetime.timedelta(days=-2), "took place"),
    ],
)
def test_countdown_text(before_start, text):
    assert countdown(START, START - before_start) == text
