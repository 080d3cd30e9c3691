import datetime
import hashlib

import pytest

from tests.factories import (
    ActionFactory,
    SchoolFactory,
    WalkoutFactory,
    make_staff,
)
from walkout.campaigns.models import ActionStatus
from walkout.common import tokens
from walkout.hubs.models import AuditEntry
from walkout.walkouts import actions, queries
from walkout.walkouts.models import School, SchoolKind, SchoolSource, Walkout, WalkoutStatus

pytestmark = pytest.mark.django_db


UTC = datetime.UTC
CALL_DAY = datetime.date(2026, 2, 13)


@pytest.fixture
def before_the_call(time_machine):
    """A fixed 'today' some weeks before the 2026-02-13 call."""
    time_machine.move_to(datetime.datetime(2026, 1, 20, 15, 45, tzinfo=UTC), tick=False)
    return datetime.date(2026, 1, 20)


@pytest.fixture
def call(before_the_call):
    return ActionFactory(date=CALL_DAY, local_time=datetime.time(14, 0))


def register(action, school, **extra):
    details = {"description": "We walk out at 2.", "organizer_pseudonym": "sunflower"}
    return actions.register_walkout(action=action, school=school, **(details | extra))


# --- register_walkout -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "starts_at"),
    [
        ("America/New_York", datetime.datetime(2026, 2, 13, 19, 0, tzinfo=UTC)),
        ("America/Phoenix", datetime.datetime(2026, 2, 13, 21, 0, tzinfo=UTC)),
        ("Pacific/Honolulu", datetime.datetime(2026, 2, 14, 0, 0, tzinfo=UTC)),
    ],
)
def test_register_walkout_starts_at_two_pm_in_school_zone(call, zone, starts_at):
    school = SchoolFactory(timezone=zone)

    walkout, _ = register(call, school)

    walkout.refresh_from_db()
    assert walkout.starts_at == starts_at
    assert walkout.timezone == zone
    assert walkout.status == WalkoutStatus.PENDING
    assert walkout.trusted is False
    assert walkout.created_day == datetime.date(2026, 1, 20)


def test_register_walkout_strips_and_keeps_fields(call):
    walkout, _ = register(
        call,
        SchoolFactory(),
        description="  Meet at the flagpole.  ",
        organizer_pseudonym=" fox ",
        meeting_spot=" gym door ",
        organizer_notes=" bring water ",
    )

    walkout.refresh_from_db()
    assert (
        walkout.description,
        walkout.organizer_pseudonym,
        walkout.meeting_spot,
        walkout.organizer_notes,
    ) == ("Meet at the flagpole.", "fox", "gym door", "bring water")


def test_register_walkout_returns_token_and_stores_only_its_sha256(call):
    walkout, token = register(call, SchoolFactory())

    assert len(token) == 43  # secrets.token_urlsafe(32): 256 bits
    assert tokens.well_formed(token)
    stored = Walkout.objects.get(pk=walkout.pk)
    assert stored.organizer_token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(list(Walkout.objects.values()))
    assert queries.walkout_for_organizer(token) == walkout


def test_register_walkout_gives_each_walkout_its_own_token(call):
    _, first = register(call, SchoolFactory())
    _, second = register(call, SchoolFactory())

    assert first != second


@pytest.mark.parametrize("status", [ActionStatus.CLOSED, ActionStatus.DRAFT])
def test_register_walkout_refuses_action_not_open(before_the_call, status):
    action = ActionFactory(date=CALL_DAY, status=status)

    with pytest.raises(actions.WalkoutError) as error:
        register(action, SchoolFactory())

    assert str(error.value) == "This call is closed: new walkouts can't be registered for it."
    assert Walkout.objects.count() == 0


def test_register_walkout_refuses_past_date(before_the_call):
    action = ActionFactory(date=datetime.date(2026, 1, 18))

    with pytest.raises(actions.WalkoutError) as error:
        register(action, SchoolFactory())

    assert str(error.value) == "This call's date has passed."
    assert Walkout.objects.count() == 0


def test_register_walkout_accepts_yesterday_for_late_time_zones(before_the_call):
    # Still the 19th in Honolulu when it is the 20th in UTC.
    action = ActionFactory(date=datetime.date(2026, 1, 19))

    walkout, _ = register(action, SchoolFactory(timezone="Pacific/Honolulu"))

    assert Walkout.objects.get() == walkout


def test_register_walkout_refuses_second_at_school_with_approved_one(call):
    school = SchoolFactory()
    approved = WalkoutFactory(action=call, school=school, status=WalkoutStatus.APPROVED)

    with pytest.raises(actions.WalkoutError) as error:
        register(call, school)

    assert str(error.value) == (
        "A walkout at this school is already planned for this call. Join it!"
    )
    assert list(Walkout.objects.all()) == [approved]


def test_register_walkout_allows_second_pending_and_other_calls(call):
    school = SchoolFactory()
    pending = WalkoutFactory(action=call, school=school, status=WalkoutStatus.PENDING)
    other_call = WalkoutFactory(
        action=ActionFactory(date=CALL_DAY), school=school, status=WalkoutStatus.APPROVED
    )

    walkout, _ = register(call, school)

    assert set(Walkout.objects.all()) == {pending, other_call, walkout}


# --- add_school ------------------------------------------------------------------------------


def test_add_school_unknown_zip():
    with pytest.raises(actions.WalkoutError) as error:
        actions.add_school(name="Lincoln High School", kind=SchoolKind.HIGH, zip_code="00000")

    assert str(error.value) == "We don't know the ZIP code 00000. Check it and try again."
    assert error.value.field == "zip_code"
    assert School.objects.count() == 0


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_add_school_empty_name(name):
    with pytest.raises(actions.WalkoutError) as error:
        actions.add_school(name=name, kind=SchoolKind.HIGH, zip_code="60601")

    assert str(error.value) == "Enter the school's name."
    assert error.value.field == "name"
    assert School.objects.count() == 0


def test_add_school_new_school_is_unconfirmed_with_zone_from_coordinates():
    school = actions.add_school(
        name="  Lincoln   High School ", kind=SchoolKind.HIGH, zip_code="85001"
    )

    school.refresh_from_db()
    assert (
        school.name,
        school.normalized_name,
        school.kind,
        school.city,
        school.state,
        school.zip_code,
        school.latitude,
        school.longitude,
        school.timezone,
        school.source,
        school.confirmed,
        school.official_id,
    ) == (
        "Lincoln High School",
        "lincoln high",
        SchoolKind.HIGH,
        "Phoenix",
        "AZ",
        "85001",
        33.4484,
        -112.074,
        "America/Phoenix",
        SchoolSource.STUDENT,
        False,
        None,
    )


def test_add_school_zone_for_honolulu_zip():
    school = actions.add_school(name="Kaimuki High", kind=SchoolKind.HIGH, zip_code="96813")

    assert school.timezone == "Pacific/Honolulu"


def test_add_school_unknown_kind_becomes_other():
    school = actions.add_school(name="Freedom Academy", kind="spaceship", zip_code="60601")

    assert school.kind == SchoolKind.OTHER


def test_add_school_same_school_under_another_spelling_is_the_same_row():
    first = actions.add_school(name="Lincoln High School", kind=SchoolKind.HIGH, zip_code="60601")

    second = actions.add_school(name="lincoln H.S.", kind=SchoolKind.HIGH, zip_code="60601")
    third = actions.add_school(name="LINCOLN HIGH", kind=SchoolKind.OTHER, zip_code="60601")

    assert second == first
    assert third == first
    assert list(School.objects.all()) == [first]


def test_add_school_finds_directory_school_at_same_zip():
    listed = SchoolFactory(name="Lincoln High School", zip_code="60601")

    school = actions.add_school(name="Lincoln HS", kind=SchoolKind.HIGH, zip_code="60601")

    assert school == listed
    assert School.objects.count() == 1


def test_add_school_same_name_other_zip_is_another_school():
    chicago = actions.add_school(name="Lincoln High School", kind=SchoolKind.HIGH, zip_code="60601")

    new_york = actions.add_school(
        name="Lincoln High School", kind=SchoolKind.HIGH, zip_code="10001"
    )

    assert new_york != chicago
    assert (new_york.city, new_york.state, new_york.timezone) == (
        "New York",
        "NY",
        "America/New_York",
    )
    assert School.objects.count() == 2


# --- update_walkout --------------------------------------------------------------------------


def test_update_walkout_public_change_of_approved_untrusted_goes_back_to_review():
    walkout = WalkoutFactory(status=WalkoutStatus.APPROVED, trusted=False)

    back = actions.update_walkout(walkout, description="A new text.  ")

    walkout.refresh_from_db()
    assert back is True
    assert walkout.status == WalkoutStatus.PENDING
    assert walkout.description == "A new text."
    assert list(queries.listed_walkouts()) == []


def test_update_walkout_pseudonym_change_goes_back_to_review():
    walkout = WalkoutFactory(status=WalkoutStatus.APPROVED, trusted=False)

    back = actions.update_walkout(walkout, organizer_pseudonym="wolf")

    walkout.refresh_from_db()
    assert (back, walkout.status, walkout.organizer_pseudonym) == (
        True,
        WalkoutStatus.PENDING,
        "wolf",
    )


def test_update_walkout_private_change_stays_approved():
    walkout = WalkoutFactory(status=WalkoutStatus.APPROVED, trusted=False)

    back = actions.update_walkout(
        walkout,
        description=walkout.description,
        organizer_pseudonym=walkout.organizer_pseudonym,
        meeting_spot="Back gate",
        organizer_notes="Bring signs",
    )

    walkout.refresh_from_db()
    assert back is False
    assert walkout.status == WalkoutStatus.APPROVED
    assert (walkout.meeting_spot, walkout.organizer_notes) == ("Back gate", "Bring signs")


def test_update_walkout_whitespace_only_change_is_no_change():
    walkout = WalkoutFactory(status=WalkoutStatus.APPROVED, description="We walk out.")

    back = actions.update_walkout(walkout, description="  We walk out.\n")

    walkout.refresh_from_db()
    assert (back, walkout.status) == (False, WalkoutStatus.APPROVED)


def test_update_walkout_trusted_stays_approved():
    walkout = WalkoutFactory(status=WalkoutStatus.APPROVED, trusted=True)

    back = actions.update_walkout(walkout, description="Changed by a trusted organizer.")

    walkout.refresh_from_db()
    assert back is False
    assert walkout.status == WalkoutStatus.APPROVED
    assert walkout.description == "Changed by a trusted organizer."


def test_update_walkout_pending_stays_pending():
    walkout = WalkoutFactory(status=WalkoutStatus.PENDING)

    back = actions.update_walkout(walkout, description="Second draft.")

    walkout.refresh_from_db()
    assert (back, walkout.status, walkout.description) == (
        False,
        WalkoutStatus.PENDING,
        "Second draft.",
    )


@pytest.mark.parametrize("status", [WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED])
def test_update_walkout_refused_when_rejected_or_cancelled(status):
    walkout = WalkoutFactory(status=status, description="Old text.")

    with pytest.raises(actions.WalkoutError) as error:
        actions.update_walkout(walkout, description="Sneaked-in text.")

    assert str(error.value) == "This walkout can no longer be changed."
    walkout.refresh_from_db()
    assert (walkout.status, walkout.description) == (status, "Old text.")


def test_update_walkout_refuses_other_fields():
    walkout = WalkoutFactory()

    with pytest.raises(ValueError, match="^status$"):
        actions.update_walkout(walkout, status="approved")


# --- cancel, rotate --------------------------------------------------------------------------


@pytest.mark.parametrize("status", [WalkoutStatus.PENDING, WalkoutStatus.APPROVED])
def test_cancel_walkout(status):
    walkout = WalkoutFactory(status=status)

    actions.cancel_walkout(walkout)

    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.CANCELLED
    assert list(queries.listed_walkouts()) == []
    assert queries.walkout_by_link(walkout.public_id) == walkout


def test_cancel_walkout_refused_when_rejected():
    # A rejected walkout answers like an unknown one; cancelling must not bring its page back.
    walkout = WalkoutFactory(status=WalkoutStatus.REJECTED, rejection_reason="Hoax")

    with pytest.raises(actions.WalkoutError) as error:
        actions.cancel_walkout(walkout)

    assert str(error.value) == "This walkout can no longer be changed."
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.REJECTED
    assert queries.walkout_by_link(walkout.public_id) is None


def test_rotate_organizer_link_old_token_stops_working(call):
    walkout, old = register(call, SchoolFactory())

    new = actions.rotate_organizer_link(walkout)

    assert new != old
    assert tokens.well_formed(new)
    assert queries.walkout_for_organizer(old) is None
    assert queries.walkout_for_organizer(new) == walkout
    walkout.refresh_from_db()
    assert walkout.organizer_token_digest == hashlib.sha256(new.encode()).hexdigest()


# --- approve, reject -------------------------------------------------------------------------


def test_approve_walkout_lists_it_and_confirms_student_school(call):
    staff, _ = make_staff(hub=call.campaign.hub)
    school = actions.add_school(name="Freedom High", kind=SchoolKind.HIGH, zip_code="60601")
    walkout, _ = register(call, school)

    actions.approve_walkout(walkout, staff=staff)

    walkout.refresh_from_db()
    school.refresh_from_db()
    assert walkout.status == WalkoutStatus.APPROVED
    assert walkout.trusted is False
    assert school.confirmed is True
    assert list(queries.listed_walkouts(call)) == [walkout]
    assert queries.search_schools("Freedom") == [school]


def test_approve_walkout_writes_day_audit_entry(call):
    staff, _ = make_staff(hub=call.campaign.hub)
    walkout = WalkoutFactory(action=call, status=WalkoutStatus.PENDING)

    actions.approve_walkout(walkout, staff=staff)

    assert list(AuditEntry.objects.values("staff", "verb", "object_id", "day")) == [
        {
            "staff": staff.pk,
            "verb": "approve",
            "object_id": walkout.public_id,
            "day": datetime.date(2026, 1, 20),
        }
    ]


def test_audit_entry_keeps_only_the_day_and_no_request_data():
    assert sorted(f.name for f in AuditEntry._meta.get_fields()) == [
        "day",
        "id",
        "object_id",
        "object_kind",
        "staff",
        "verb",
    ]
    assert type(AuditEntry._meta.get_field("day")).__name__ == "DateField"


def test_approve_walkout_and_trust(call):
    staff, _ = make_staff(hub=call.campaign.hub)
    walkout = WalkoutFactory(action=call, status=WalkoutStatus.PENDING)

    actions.approve_walkout(walkout, staff=staff, trust=True)

    walkout.refresh_from_db()
    assert (walkout.status, walkout.trusted) == (WalkoutStatus.APPROVED, True)
    assert list(AuditEntry.objects.values_list("verb", flat=True)) == ["approve_and_trust"]


def test_approve_walkout_second_at_same_school_refused(call):
    staff, _ = make_staff(hub=call.campaign.hub)
    school = SchoolFactory()
    first = WalkoutFactory(action=call, school=school, status=WalkoutStatus.PENDING)
    second = WalkoutFactory(action=call, school=school, status=WalkoutStatus.PENDING)
    actions.approve_walkout(first, staff=staff)

    with pytest.raises(actions.WalkoutError) as error:
        actions.approve_walkout(second, staff=staff)

    assert str(error.value) == "Another walkout at this school is already approved for this call."
    second.refresh_from_db()
    assert second.status == WalkoutStatus.PENDING
    assert list(queries.listed_walkouts(call)) == [first]
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize(
    "status", [WalkoutStatus.APPROVED, WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED]
)
def test_approve_walkout_only_pending(status):
    staff, _ = make_staff()
    walkout = WalkoutFactory(status=status)

    with pytest.raises(actions.WalkoutError) as error:
        actions.approve_walkout(walkout, staff=staff)

    assert str(error.value) == "Only a walkout awaiting review can be approved."
    walkout.refresh_from_db()
    assert walkout.status == status
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_reject_walkout_needs_reason(reason):
    staff, _ = make_staff()
    walkout = WalkoutFactory(status=WalkoutStatus.PENDING)

    with pytest.raises(actions.WalkoutError) as error:
        actions.reject_walkout(walkout, staff=staff, reason=reason)

    assert str(error.value) == "Give the organizer a reason."
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.PENDING
    assert AuditEntry.objects.count() == 0


def test_reject_walkout_hides_it_and_writes_audit(before_the_call):
    staff, _ = make_staff()
    walkout = WalkoutFactory(status=WalkoutStatus.APPROVED)

    actions.reject_walkout(walkout, staff=staff, reason="  Not a   real school. ")

    walkout.refresh_from_db()
    assert (walkout.status, walkout.rejection_reason) == (
        WalkoutStatus.REJECTED,
        "Not a real school.",
    )
    assert list(queries.listed_walkouts()) == []
    assert queries.walkout_by_link(walkout.public_id) is None
    assert list(AuditEntry.objects.values("staff", "verb", "object_id", "day")) == [
        {
            "staff": staff.pk,
            "verb": "reject",
            "object_id": walkout.public_id,
            "day": datetime.date(2026, 1, 20),
        }
    ]


def test_reject_walkout_cancelled_refused():
    staff, _ = make_staff()
    walkout = WalkoutFactory(status=WalkoutStatus.CANCELLED)

    with pytest.raises(actions.WalkoutError) as error:
        actions.reject_walkout(walkout, staff=staff, reason="Spam")

    assert str(error.value) == "This walkout can't be rejected now."
    assert AuditEntry.objects.count() == 0


# --- reschedule_action -----------------------------------------------------------------------


def test_reschedule_action_moves_every_walkout_in_its_own_zone(call):
    zones = ["America/New_York", "America/Phoenix", "America/Anchorage", "Pacific/Honolulu"]
    walkouts = {
        zone: WalkoutFactory(action=call, school=SchoolFactory(timezone=zone)) for zone in zones
    }
    other = WalkoutFactory(school=SchoolFactory(timezone="America/New_York"))
    other_starts = other.starts_at

    moved = actions.reschedule_action(
        call, date=datetime.date(2026, 6, 12), local_time=datetime.time(10, 30)
    )

    assert moved == 4
    call.refresh_from_db()
    assert (call.date, call.local_time) == (datetime.date(2026, 6, 12), datetime.time(10, 30))
    starts = {
        zone: Walkout.objects.get(pk=walkout.pk).starts_at for zone, walkout in walkouts.items()
    }
    assert starts == {
        "America/New_York": datetime.datetime(2026, 6, 12, 14, 30, tzinfo=UTC),
        "America/Phoenix": datetime.datetime(2026, 6, 12, 17, 30, tzinfo=UTC),
        "America/Anchorage": datetime.datetime(2026, 6, 12, 18, 30, tzinfo=UTC),
        "Pacific/Honolulu": datetime.datetime(2026, 6, 12, 20, 30, tzinfo=UTC),
    }
    other.refresh_from_db()
    assert other.starts_at == other_starts
