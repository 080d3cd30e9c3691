import datetime

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from tests.crews.world import add_member, make_crew, organizer_of
from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from tests.helpers import dump_everything
from walkout.common import tokens
from walkout.crews import actions, crypto
from walkout.crews.actions import CrewError, CrewForbidden
from walkout.crews.models import Connection, Crew, Invite, Member, Note
from walkout.walkouts import actions as walkout_actions
from walkout.walkouts.models import Walkout, WalkoutStatus

pytestmark = pytest.mark.django_db


def test_ensure_crew_is_idempotent():
    crew, _ = make_crew()

    assert actions.ensure_crew(crew.walkout) == crew
    assert Crew.objects.count() == 1
    assert crew.members.count() == 1


def test_crew_dates_are_days_and_no_model_has_a_time():
    crew, _ = make_crew()
    fox, _ = add_member(crew, "fox")
    actions.post_note(member=fox, text="x")

    for model in apps.get_app_config("crews").get_models():
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField | models.TimeField), field
            assert not getattr(field, "auto_now", False), field
            assert not getattr(field, "auto_now_add", False), field
    assert type(Note.objects.get().created_day) is datetime.date


def test_join_counts_uses_and_stops_at_the_limit():
    crew, _ = make_crew()
    token = actions.create_invite(by=organizer_of(crew), max_uses=1, days=1)
    invite = Invite.objects.get(token_digest=tokens.digest(token))

    member, member_token = actions.join_crew(invite=invite, pseudonym="  fox   den ")
    with pytest.raises(CrewError) as refused:
        actions.join_crew(invite=invite, pseudonym="owl")

    assert member.pseudonym == "fox den"
    assert member.token_digest == tokens.digest(member_token)
    assert str(refused.value) == (
        "This invite link has expired or has been used up. Ask for a new one."
    )
    assert list(crew.members.values_list("pseudonym", flat=True)) == ["sunflower", "fox den"]


def test_full_crew_refuses_new_members(monkeypatch):
    monkeypatch.setattr("walkout.crews.actions.crew.MAX_MEMBERS", 2)
    crew, _ = make_crew()
    add_member(crew, "fox")
    token = actions.create_invite(by=organizer_of(crew), max_uses=5, days=1)

    with pytest.raises(CrewError, match="This crew is full."):
        actions.join_crew(invite=Invite.objects.get(), pseudonym="owl")

    assert crew.members.count() == 2
    assert token


def test_organizer_cannot_be_removed_even_by_a_lead():
    crew, _ = make_crew()
    heron, _ = add_member(crew, "heron", lead=True)

    with pytest.raises(CrewForbidden, match="The organizer can't be removed."):
        actions.remove_member(by=heron, member=organizer_of(crew))


def test_lists_have_limits(monkeypatch):
    monkeypatch.setattr("walkout.crews.actions.plans.MAX_NOTES", 1)
    crew, _ = make_crew()
    actions.post_note(member=organizer_of(crew), text="one")

    with pytest.raises(CrewError, match="Your crew has reached the limit for this list."):
        actions.post_note(member=organizer_of(crew), text="two")


def test_connection_needs_a_listed_target():
    crew, _ = make_crew()
    pending = WalkoutFactory(action=crew.walkout.action, status=WalkoutStatus.PENDING)

    with pytest.raises(CrewError, match="That walkout is not listed."):
        actions.request_connection(
            by=organizer_of(crew), walkout=pending, message="Hi", handle="@a"
        )
    assert Connection.objects.count() == 0


def test_connection_texts_are_sealed_to_their_row():
    crew, _ = make_crew()
    other, _ = make_crew(action=crew.walkout.action)
    connection = actions.request_connection(
        by=organizer_of(crew), walkout=other.walkout, message="canary-msg", handle="@canary-h"
    )

    dump = dump_everything()
    assert "canary-msg" not in dump
    assert "@canary-h" not in dump
    assert connection.unsealed("message") == "canary-msg"
    # Moved to another row or column, a ciphertext opens to nothing.
    assert crypto.unseal(connection.message, context=connection.context("from_handle")) == ""
    assert crypto.unseal("not base64!", context="x") == ""


def test_carry_to_a_call_with_an_approved_walkout_at_the_school_is_refused():
    today = timezone.now().date()
    action = ActionFactory(date=today - datetime.timedelta(days=1))
    upcoming = ActionFactory(campaign=action.campaign, date=today + datetime.timedelta(days=9))
    school = SchoolFactory()
    crew, _ = make_crew(action=action, school=school)
    WalkoutFactory(action=upcoming, school=school, status=WalkoutStatus.APPROVED)

    with pytest.raises(CrewError, match="A walkout at this school is already planned"):
        actions.carry_to_next_action(by=organizer_of(crew), action=upcoming)

    crew.refresh_from_db()
    assert crew.walkout.action == action
    assert Walkout.objects.count() == 2


def test_delete_crew_and_walkout_deletion_take_everything():
    crew, _ = make_crew()
    fox, _ = add_member(crew, "fox")
    actions.post_note(member=fox, text="x")
    other, _ = make_crew(action=crew.walkout.action)
    actions.request_connection(
        by=organizer_of(other), walkout=crew.walkout, message="m", handle="h"
    )

    actions.delete_crew(crew)

    assert list(Crew.objects.all()) == [other]
    assert Member.objects.filter(crew=crew.pk).count() == 0
    assert Connection.objects.count() == 0
    walkout_actions.delete_walkout(other.walkout)
    assert Crew.objects.count() == Member.objects.count() == Note.objects.count() == 0
