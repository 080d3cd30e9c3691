"""`demo_data --walkouts N`: large, clearly labelled demo sets for benchmarks."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from tests.factories import ActionFactory
from tests.helpers import FAST_HASHERS
from walkout.campaigns.models import Campaign
from walkout.walkouts.demo import add_demo_walkouts, demo_action
from walkout.walkouts.models import School, Walkout, WalkoutStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def test_add_demo_walkouts_are_approved_labelled_and_at_2pm_local():
    action = ActionFactory(date=datetime.date(2030, 3, 15))

    added = add_demo_walkouts(40, action=action)

    walkouts = list(Walkout.objects.select_related("school"))
    assert added == len(walkouts) == 40
    assert {w.status for w in walkouts} == {WalkoutStatus.APPROVED}
    assert {w.school.source for w in walkouts} == {"demo"}
    assert all(w.school.name.startswith("Demo ") for w in walkouts)
    assert len({w.school_id for w in walkouts}) == 40
    for walkout in walkouts:
        assert not walkout.timezone.startswith("Etc/")
        local = walkout.starts_at.astimezone(ZoneInfo(walkout.timezone))
        assert (local.date(), local.time()) == (action.date, datetime.time(14, 0))


def test_more_demo_walkouts_get_new_schools():
    action = ActionFactory()
    add_demo_walkouts(3, action=action)
    add_demo_walkouts(3, action=action)

    assert School.objects.count() == 6
    assert len(set(School.objects.values_list("name", flat=True))) == 6


def test_command_loads_the_demo_then_adds(capsys):
    call_command("demo_data", per_state=1, walkouts=25)
    first = Walkout.objects.count()
    call_command("demo_data", walkouts=10)

    assert Walkout.objects.filter(school__name__startswith="Demo ").count() == 35
    assert Walkout.objects.count() == first + 10
    assert demo_action().walkouts.filter(school__name__startswith="Demo ").count() == 35
    assert "Demo data: 10 more demo walkouts." in capsys.readouterr().out


def test_command_if_empty_adds_nothing_to_existing_data():
    call_command("demo_data", per_state=1)
    before = Walkout.objects.count()

    call_command("demo_data", if_empty=True, walkouts=10)

    assert Walkout.objects.count() == before


def test_command_refuses_negative_counts_and_foreign_data():
    with pytest.raises(CommandError, match="--walkouts must be 0 or more."):
        call_command("demo_data", walkouts=-1)
    ActionFactory()

    with pytest.raises(CommandError, match="The database already has campaigns"):
        call_command("demo_data", walkouts=5)
    assert Campaign.objects.count() == 1
