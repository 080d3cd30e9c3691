import datetime

import pytest
from django.core.management import CommandError, call_command

from walkout.campaigns.models import Action, ActionStatus
from walkout.people.models import User
from walkout.walkouts.demo import load_demo, next_friday
from walkout.walkouts.models import School, Walkout, WalkoutStatus


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-11-02", "2026-11-27"),  # three weeks on, then the Friday
        ("2026-11-29", "2027-01-08"),  # 2026-12-25 falls in the winter break
        ("2026-05-04", "2026-05-29"),
    ],
)
def test_next_friday_skips_winter_break(today, expected):
    assert next_friday(datetime.date.fromisoformat(today)) == datetime.date.fromisoformat(expected)


@pytest.mark.django_db
def test_demo_covers_every_us_time_zone():
    result = load_demo(per_state=1)

    zones = set(School.objects.values_list("timezone", flat=True))
    assert {
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "America/Nome",
        "Pacific/Honolulu",
        "America/Puerto_Rico",
        "Pacific/Guam",
        "Pacific/Pago_Pago",
        "America/Boise",
    } <= zones
    assert set(School.objects.values_list("source", flat=True)) == {"demo"}
    assert result["walkouts"] == Walkout.objects.count()
    past, upcoming = Action.objects.order_by("date")
    assert (past.date, past.status, upcoming.status) == (
        datetime.date(2026, 2, 13),
        ActionStatus.CLOSED,
        ActionStatus.OPEN,
    )
    statuses = set(upcoming.walkouts.values_list("status", flat=True))
    assert statuses == {WalkoutStatus.APPROVED, WalkoutStatus.PENDING, WalkoutStatus.REJECTED}
    for walkout in Walkout.objects.filter(school__timezone="Pacific/Honolulu"):
        local = walkout.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=-10)))
        assert local.time() == datetime.time(14, 0)


@pytest.mark.django_db
def test_demo_command_prints_the_hub_account_once(capsys):
    call_command("demo_data", per_state=1)
    first = capsys.readouterr().out
    call_command("demo_data", if_empty=True)
    second = capsys.readouterr().out

    user = User.objects.get()
    assert "username: hub-demo" in first
    assert user.password.startswith("argon2$argon2id$")
    assert second == ""


@pytest.mark.django_db
def test_demo_command_refuses_a_database_with_campaigns():
    load_demo(per_state=1)
    with pytest.raises(CommandError, match="already has campaigns"):
        call_command("demo_data")
