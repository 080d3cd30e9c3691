"""Deleting walkouts: by their organizer at once, and by the purge after the retention period
(SAFETY.md decision 6, requirements 40 and 41). Deletion removes rows; counts survive."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from tests.helpers import dump_everything
from walkout.common import tokens
from walkout.walkouts import actions, queries
from walkout.walkouts.models import School, SchoolSource, Walkout, WalkoutStatus, WalkoutTally

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
TODAY = datetime.date(2026, 4, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 4, 1, 15, 0, tzinfo=UTC), tick=False)
    return TODAY


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def student_school(**extra) -> School:
    return SchoolFactory(source=SchoolSource.STUDENT, confirmed=False, **extra)


# --- the purge -------------------------------------------------------------------------------


def test_purge_deletes_walkouts_of_old_actions_in_every_state(today):
    old, kept = ActionFactory(date=days_ago(31)), ActionFactory(date=days_ago(30))
    doomed = [
        WalkoutFactory(action=old, status=status, description=f"old {status}")
        for status in WalkoutStatus.values
    ]
    recent = WalkoutFactory(action=kept)

    deleted = actions.purge_walkouts(before=days_ago(30))

    assert deleted == {"walkouts.Walkout": 4}
    assert list(Walkout.objects.all()) == [recent]
    for walkout in doomed:
        assert walkout.description not in dump_everything()


def test_purge_keeps_public_counts(today):
    old = ActionFactory(date=days_ago(40))
    chicago, evanston = SchoolFactory.create_batch(2, state="IL", timezone="America/Chicago")
    phoenix = SchoolFactory(state="AZ", timezone="America/Phoenix")
    denver = SchoolFactory(state="AZ", timezone="America/Denver")  # the Navajo Nation
    for school in (chicago, evanston, phoenix, denver):
        WalkoutFactory(action=old, school=school, timezone=school.timezone)
    WalkoutFactory(action=old, school=chicago, status=WalkoutStatus.PENDING)
    WalkoutFactory(action=old, school=phoenix, status=WalkoutStatus.CANCELLED)
    before = queries.state_counts(old)

    actions.purge_walkouts(before=days_ago(30))

    assert before == [("AZ", 2), ("IL", 2)]
    assert queries.state_counts(old) == before
    assert queries.deleted_walkout_count(old) == 4
    assert queries.deleted_walkout_count(old, "AZ") == 2
    assert sorted(WalkoutTally.objects.values_list("state", "timezone", "walkouts")) == [
        ("AZ", "America/Denver", 1),
        ("AZ", "America/Phoenix", 1),
        ("IL", "America/Chicago", 2),
    ]
    assert Walkout.objects.count() == 0


def test_purging_twice_adds_to_the_same_counts(today):
    old = ActionFactory(date=days_ago(40))
    school = SchoolFactory(state="IL")
    WalkoutFactory(action=old, school=school)
    actions.purge_walkouts(before=days_ago(30))
    # A walkout that reached the table later (say, restored by hand) is counted on top.
    WalkoutFactory(action=old, school=SchoolFactory(state="IL"))

    actions.purge_walkouts(before=days_ago(30))

    assert queries.state_counts(old) == [("IL", 2)]
    assert WalkoutTally.objects.count() == 1


def test_state_counts_add_live_walkouts_and_tallies(today):
    action = ActionFactory(date=days_ago(1))
    WalkoutFactory(action=action, school=SchoolFactory(state="IL"))
    WalkoutTally.objects.create(action=action, state="IL", timezone="America/Chicago", walkouts=3)
    WalkoutTally.objects.create(action=action, state="NM", timezone="America/Denver", walkouts=1)
    WalkoutTally.objects.create(action=ActionFactory(), state="NM", timezone="UTC", walkouts=9)

    assert queries.state_counts(action) == [("IL", 4), ("NM", 1)]


def test_purge_deletes_unconfirmed_schools_with_their_last_walkout(today):
    old = ActionFactory(date=days_ago(40))
    lonely = student_school(name="Hidden Canary Academy")
    shared = student_school(name="Shared Academy")
    WalkoutFactory(action=old, school=lonely, status=WalkoutStatus.PENDING)
    WalkoutFactory(action=old, school=shared, status=WalkoutStatus.PENDING)
    WalkoutFactory(
        action=ActionFactory(date=days_ago(2)), school=shared, status=WalkoutStatus.PENDING
    )
    confirmed = SchoolFactory(name="Directory High")
    WalkoutFactory(action=old, school=confirmed)
    never_used = student_school(name="Typed But Unused")

    deleted = actions.purge_walkouts(before=days_ago(30))

    assert deleted == {"walkouts.Walkout": 3, "walkouts.School": 1}
    assert sorted(School.objects.values_list("name", flat=True)) == [
        "Directory High",
        "Shared Academy",
        "Typed But Unused",
    ]
    assert "Hidden Canary Academy" not in dump_everything()
    assert never_used.pk in School.objects.values_list("pk", flat=True)


def test_purge_with_nothing_to_delete(today):
    WalkoutFactory(action=ActionFactory(date=days_ago(3)))

    assert actions.purge_walkouts(before=days_ago(30)) == {}
    assert WalkoutTally.objects.count() == 0


# --- the organizer deletes their walkout -----------------------------------------------------


@pytest.fixture
def organizer_link(today):
    token, digest = tokens.new_token()
    walkout = WalkoutFactory(
        action=ActionFactory(date=TODAY + datetime.timedelta(days=10)),
        school=student_school(name="Canary Ridge High"),
        status=WalkoutStatus.PENDING,
        organizer_token_digest=digest,
        description="Canary description 5c1f",
        meeting_spot="Canary spot 77d0",
        organizer_notes="Canary notes 9e2b",
    )
    return walkout, reverse("walkouts:organizer", args=[token])


def test_organizer_deletes_the_walkout(client, organizer_link):
    walkout, url = organizer_link

    response = client.post(url, {"op": "delete", "confirm": "yes"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Your walkout is deleted</h1>" in html
    assert (
        "The walkout at Canary Ridge High and everything about it are gone from the server." in html
    )
    assert response.headers["X-Robots-Tag"] == "noindex, noarchive"
    assert Walkout.objects.count() == 0
    assert School.objects.count() == 0  # the unconfirmed school went with it
    assert WalkoutTally.objects.count() == 0  # before the day: not counted
    dump = dump_everything()
    for canary in ("Canary description 5c1f", "Canary spot 77d0", "Canary notes 9e2b", "Ridge"):
        assert (canary, canary in dump) == (canary, False)
    assert client.get(url).status_code == 404
    assert client.get(reverse("walkouts:walkout", args=[walkout.public_id])).status_code == 404


def test_organizer_must_confirm_deleting(client, organizer_link):
    walkout, url = organizer_link

    response = client.post(url, {"op": "delete"})

    assert response.status_code == 200
    assert (
        '<p class="notice" role="status">Tick the box to confirm that you want to delete the '
        "walkout.</p>" in response.content.decode()
    )
    assert list(Walkout.objects.all()) == [walkout]


def test_organizer_page_offers_deleting_in_every_state(client, organizer_link, settings):
    walkout, url = organizer_link
    settings.WALKOUT_RETAIN_WALKOUT_DAYS = 45

    for status in WalkoutStatus.values:
        Walkout.objects.filter(pk=walkout.pk).update(status=status)
        html = client.get(url).content.decode()
        assert '<input type="hidden" name="op" value="delete">' in html
        assert "deleted automatically 45 days after the day of action" in html


def test_deleting_after_the_walkout_keeps_it_in_the_counts(today):
    action = ActionFactory(date=TODAY, local_time=datetime.time(9, 0))
    walkout = WalkoutFactory(action=action, school=SchoolFactory(state="IL"))
    assert walkout.starts_at < datetime.datetime(2026, 4, 1, 15, 0, tzinfo=UTC)

    assert actions.delete_walkout(walkout) == {"walkouts.Walkout": 1}

    assert queries.state_counts(action) == [("IL", 1)]


def test_deleting_a_pending_walkout_after_its_time_counts_nothing(today):
    action = ActionFactory(date=days_ago(2))
    walkout = WalkoutFactory(action=action, status=WalkoutStatus.PENDING)

    actions.delete_walkout(walkout)

    assert queries.state_counts(action) == []
