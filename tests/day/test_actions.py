import datetime

import pytest

from tests.day.world import add_member, crew_starting_in, organizer_of
from tests.factories import HubFactory, make_staff
from walkout.crews import actions as crew_actions
from walkout.crews.models import RoleKind
from walkout.day import actions
from walkout.day.actions import DayError, DayForbidden
from walkout.day.models import Checkin, LegalContact, Report, SummaryStatus
from walkout.hubs.models import AuditEntry
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db
H = datetime.timedelta(hours=1)


@pytest.fixture
def bumps(monkeypatch):
    calls = []
    monkeypatch.setattr(actions.pagecache, "bump_version", lambda: calls.append(1))
    return calls


# --- "we're out" ---------------------------------------------------------------------------


def test_out_then_done_with_turnout(bumps):
    crew, _ = crew_starting_in(-0.5 * H)
    lead = organizer_of(crew)

    actions.check_in(by=lead, state="out", turnout="50-100")
    actions.check_in(by=lead, state="done")

    checkin = Checkin.objects.get()
    assert (checkin.walkout_id, checkin.state, checkin.turnout) == (
        crew.walkout_id,
        "done",
        "50-100",
    )
    assert len(bumps) == 2


def test_out_opens_two_hours_before_the_start(bumps):
    crew, _ = crew_starting_in(2 * H + datetime.timedelta(minutes=5))

    with pytest.raises(DayError, match="Too early"):
        actions.check_in(by=organizer_of(crew), state="out")

    assert Checkin.objects.count() == 0
    assert bumps == []
    crew, _ = crew_starting_in(2 * H - datetime.timedelta(minutes=5))
    assert actions.check_in(by=organizer_of(crew), state="out").state == "out"


def test_out_closes_a_day_after_the_start():
    crew, _ = crew_starting_in(-25 * H)

    with pytest.raises(DayError, match="Too late"):
        actions.check_in(by=organizer_of(crew), state="out")

    assert Checkin.objects.count() == 0


@pytest.mark.parametrize(
    "status", [WalkoutStatus.PENDING, WalkoutStatus.CANCELLED, WalkoutStatus.REJECTED]
)
def test_only_approved_walkouts_check_in(status):
    crew, _ = crew_starting_in(-0.5 * H, status=status)

    with pytest.raises(DayError):
        actions.check_in(by=organizer_of(crew), state="out")

    assert Checkin.objects.count() == 0


@pytest.mark.parametrize(
    ("state", "turnout", "message"),
    [
        ("done", "", "Say you're out first"),
        ("gone", "", "Say whether you are out or done"),
        ("out", "12", "Pick one of the ranges"),
        ("out", "1-10; DROP", "Pick one of the ranges"),
    ],
)
def test_bad_check_ins_change_nothing(state, turnout, message):
    crew, _ = crew_starting_in(-0.5 * H)

    with pytest.raises(DayError, match=message):
        actions.check_in(by=organizer_of(crew), state=state, turnout=turnout)

    assert Checkin.objects.count() == 0


def test_a_done_walkout_cannot_go_back_to_out():
    crew, _ = crew_starting_in(-0.5 * H)
    lead = organizer_of(crew)
    actions.check_in(by=lead, state="out")
    actions.check_in(by=lead, state="done")

    with pytest.raises(DayError, match="already marked done"):
        actions.check_in(by=lead, state="out")

    assert Checkin.objects.get().state == "done"


def test_saying_out_again_only_updates_the_turnout():
    crew, _ = crew_starting_in(-0.5 * H)
    lead = organizer_of(crew)
    actions.check_in(by=lead, state="out", turnout="1-10")

    actions.check_in(by=lead, state="out", turnout="10-50")
    actions.check_in(by=lead, state="out", turnout="")

    assert Checkin.objects.get().turnout == "10-50"


def test_plain_members_cannot_check_in_but_the_safety_role_can():
    crew, _ = crew_starting_in(-0.5 * H)
    member, _ = add_member(crew, "fox")

    with pytest.raises(DayForbidden):
        actions.check_in(by=member, state="out")
    assert Checkin.objects.count() == 0

    crew_actions.take_role(member=member, role=crew.roles.get(kind=RoleKind.SAFETY))
    assert actions.check_in(by=member, state="out").state == "out"


# --- how it went ---------------------------------------------------------------------------


def _report(lead, **changes):
    data = {
        "turnout": "100-250",
        "happened": "We met at the doors.  The principal watched.",
        "coverage": ["https://news.example.org/walkout"],
        "next_steps": "A meeting with the board.",
    }
    return actions.save_report(by=lead, **(data | changes))


def test_report_texts_are_stored_sealed():
    crew, _ = crew_starting_in(-H)

    report = _report(organizer_of(crew), happened="CANARY-happened-4411")

    stored = repr(list(Report.objects.values()))
    assert "CANARY-happened-4411" not in stored
    assert "A meeting with the board" not in stored
    report.refresh_from_db()
    assert report.unsealed("happened") == "CANARY-happened-4411"
    assert report.coverage == ["https://news.example.org/walkout"]
    assert report.turnout == "100-250"
    assert report.summary_status == SummaryStatus.NONE


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"coverage": ["javascript:alert(1)"]}, "is not a web address"),
        ({"coverage": ["ftp://example.org/x"]}, "is not a web address"),
        ({"coverage": ["news.example.org"]}, "is not a web address"),
        ({"coverage": [f"https://example.org/{n}" for n in range(6)]}, "At most 5 links"),
        ({"coverage": ["https://example.org/" + "a" * 300]}, "too long"),
        ({"turnout": "lots"}, "Pick one of the ranges"),
        ({"happened": "x" * 2001}, "too long"),
        ({"next_steps": "x" * 1001}, "too long"),
        (
            {"turnout": "", "happened": "  ", "coverage": [], "next_steps": "\n"},
            "The report is empty",
        ),
    ],
)
def test_bad_reports_store_nothing(changes, message):
    crew, _ = crew_starting_in(-H)

    with pytest.raises(DayError, match=message):
        _report(organizer_of(crew), **changes)

    assert Report.objects.count() == 0


def test_duplicate_links_are_kept_once():
    crew, _ = crew_starting_in(-H)

    report = _report(
        organizer_of(crew), coverage=["https://a.example/1", " https://a.example/1 ", ""]
    )

    assert report.coverage == ["https://a.example/1"]


def test_no_report_before_the_start_or_by_a_plain_member():
    crew, _ = crew_starting_in(H)
    with pytest.raises(DayError, match="once your walkout has started"):
        _report(organizer_of(crew))
    crew, _ = crew_starting_in(-H)
    member, _ = add_member(crew, "fox")
    with pytest.raises(DayForbidden):
        _report(member)
    assert Report.objects.count() == 0


def test_summary_flow_and_its_audit(bumps):
    crew, _ = crew_starting_in(-H)
    lead = organizer_of(crew)
    staff, _ = make_staff(crew.walkout.action.campaign.hub)
    with pytest.raises(DayError, match="Save your report first"):
        actions.request_summary(by=lead, summary="We were 120.")
    report = _report(lead)

    actions.request_summary(by=lead, summary="  We were 120.  ")
    with pytest.raises(DayError, match="Say why"):
        actions.decide_summary(report, staff=staff, approve=False, reason=" ")
    actions.decide_summary(report, staff=staff, approve=True)

    report.refresh_from_db()
    assert (report.summary, report.summary_status) == ("We were 120.", SummaryStatus.APPROVED)
    assert list(AuditEntry.objects.values_list("verb", "object_id")) == [
        ("approve_summary", crew.walkout.public_id)
    ]
    assert len(bumps) == 1
    with pytest.raises(DayError, match="not awaiting review"):
        actions.decide_summary(report, staff=staff, approve=True)

    actions.request_summary(by=lead, summary="We were 130.")  # leaves the public page
    report.refresh_from_db()
    assert report.summary_status == SummaryStatus.PENDING
    assert len(bumps) == 2


@pytest.mark.parametrize(
    ("summary", "message"), [("", "Write the summary first"), ("x" * 601, "too long")]
)
def test_bad_summaries_change_nothing(summary, message):
    crew, _ = crew_starting_in(-H)
    lead = organizer_of(crew)
    _report(lead)

    with pytest.raises(DayError, match=message):
        actions.request_summary(by=lead, summary=summary)

    assert Report.objects.get().summary_status == SummaryStatus.NONE


def test_rejection_keeps_the_reason_for_the_crew():
    crew, _ = crew_starting_in(-H)
    lead = organizer_of(crew)
    staff, _ = make_staff(crew.walkout.action.campaign.hub)
    report = _report(lead)
    actions.request_summary(by=lead, summary="Ana led the chants.")

    actions.decide_summary(report, staff=staff, approve=False, reason="It names a student.")

    report.refresh_from_db()
    assert (report.summary_status, report.summary_reason) == ("rejected", "It names a student.")
    assert AuditEntry.objects.get().verb == "reject_summary"


# --- contacts ------------------------------------------------------------------------------

GOOD = {
    "state": "az",
    "name": " Arizona  legal line ",
    "kind": "legal_aid",
    "phone": "+1 (602) 555-0100",
    "url": "https://legal.example.org",
    "languages": "English, Spanish",
    "hours": "24 hours",
    "active": True,
}


def test_add_edit_delete_contact_are_audited(bumps):
    staff, _ = make_staff(HubFactory())

    contact = actions.add_contact(staff=staff, data=GOOD)
    actions.edit_contact(contact, staff=staff, data=GOOD | {"active": False})
    contact.refresh_from_db()
    assert (contact.state, contact.name, contact.active) == ("AZ", "Arizona legal line", False)
    actions.delete_contact(contact, staff=staff)

    assert LegalContact.objects.count() == 0
    assert list(AuditEntry.objects.order_by("id").values_list("verb", flat=True)) == [
        "add_contact",
        "edit_contact",
        "delete_contact",
    ]
    assert len(bumps) == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"state": "ZZ"}, "state"),
        ({"name": "  "}, "name"),
        ({"phone": "", "url": ""}, "phone"),
        ({"phone": "call 555"}, "phone"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"kind": "lawyer"}, "kind"),
    ],
)
def test_bad_contacts_store_nothing(changes, field):
    staff, _ = make_staff(HubFactory())

    with pytest.raises(DayError) as error:
        actions.add_contact(staff=staff, data=GOOD | changes)

    assert error.value.field == field
    assert LegalContact.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_taking_back_a_summary():
    crew, _ = crew_starting_in(-H)
    lead = organizer_of(crew)
    with pytest.raises(DayError, match="no summary to take back"):
        actions.withdraw_summary(by=lead)
    _report(lead)
    with pytest.raises(DayError, match="no summary to take back"):
        actions.withdraw_summary(by=lead)
    actions.request_summary(by=lead, summary="We were 12.")
    member, _ = add_member(crew, "fox")
    with pytest.raises(DayForbidden):
        actions.withdraw_summary(by=member)

    actions.withdraw_summary(by=lead)

    report = Report.objects.get()
    assert (report.summary, report.summary_status) == ("", SummaryStatus.NONE)


def test_stats_rows_are_exact():
    from tests.factories import WalkoutFactory
    from walkout.day import stats

    crew, _ = crew_starting_in(-H)
    action = crew.walkout.action
    for state, turnout, status in [
        ("out", "10-50", "approved"),
        ("out", "", "approved"),
        ("done", "10-50", "approved"),
        ("done", "500+", "cancelled"),
    ]:
        Checkin.objects.create(
            walkout=WalkoutFactory(action=action, status=status),
            state=state,
            turnout=turnout,
            day=datetime.date(2026, 1, 1),
        )

    assert stats.checkins(action) == [("out", "We're out", 2), ("done", "Done", 1)]
    assert stats.turnout(action) == [
        ("1-10", "1 to 10", 0),
        ("10-50", "10 to 50", 2),
        ("50-100", "50 to 100", 0),
        ("100-250", "100 to 250", 0),
        ("250-500", "250 to 500", 0),
        ("500+", "More than 500", 0),
    ]
