import datetime

import pytest
from django.utils import timezone

from tests.factories import HubFactory, SchoolFactory
from tests.press.conftest import tipline_data
from walkout.common import retention
from walkout.hubs.models import AuditEntry
from walkout.press import actions
from walkout.press.actions import PressError, PressForbidden
from walkout.press.models import PressContact, Suggestion, SuggestionStatus, Tipline

pytestmark = pytest.mark.django_db


def _error(call, **kwargs) -> tuple[str, str | None]:
    with pytest.raises(PressError) as caught:
        call(**kwargs)
    return str(caught.value), caught.value.field


def _audit():
    return list(AuditEntry.objects.order_by("id").values_list("verb", "object_kind", "object_id"))


# --- the press contact -----------------------------------------------------------------------


def test_press_role_sets_the_press_contact(crew, owl):
    contact = actions.set_press_contact(by=owl, handle="  lincoln.walkout.01  ")

    assert (contact.crew, contact.handle, contact.day) == (
        crew,
        "lincoln.walkout.01",
        timezone.now().date(),
    )


def test_a_lead_changes_and_removes_the_press_contact(crew, organizer):
    actions.set_press_contact(by=organizer, handle="first.handle")
    actions.set_press_contact(by=organizer, handle="lincolnpaper@example.edu")

    assert list(PressContact.objects.values_list("handle", flat=True)) == [
        "lincolnpaper@example.edu"
    ]
    actions.remove_press_contact(by=organizer)
    assert PressContact.objects.count() == 0


def test_a_member_without_the_press_role_is_refused(crew, fox):
    with pytest.raises(PressForbidden) as caught:
        actions.set_press_contact(by=fox, handle="fox.handle")

    assert str(caught.value) == "Only crew leads and whoever holds the press role can do this."
    assert PressContact.objects.count() == 0


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("ab", "Use 3 to 60 characters."),
        ("x" * 61, "Use 3 to 60 characters."),
        ("<script>", "Use letters, numbers and @ . _ - + only."),
        ("javascript:alert(1)", "Use letters, numbers and @ . _ - + only."),
        (
            "312 555 0199",
            "Don't publish a phone number: use a Signal username or a shared e-mail address.",
        ),
        (
            "+1-312-555-0199",
            "Don't publish a phone number: use a Signal username or a shared e-mail address.",
        ),
    ],
)
def test_bad_handles_change_nothing(crew, organizer, handle, message):
    actions.set_press_contact(by=organizer, handle="kept.handle")

    assert _error(actions.set_press_contact, by=organizer, handle=handle) == (message, "handle")
    assert list(PressContact.objects.values_list("handle", flat=True)) == ["kept.handle"]


# --- the hub's directory ---------------------------------------------------------------------


def test_create_tipline_places_the_metro_and_audits(hub, admin, call):
    SchoolFactory(state="IL", city="Chicago", latitude=41.0, longitude=-87.0)
    SchoolFactory(state="IL", city="chicago", latitude=42.0, longitude=-88.0)
    SchoolFactory(state="IL", city="Chicago", latitude=60.0, longitude=-60.0, confirmed=False)

    tipline = actions.create_tipline(
        staff=admin, data=tipline_data(channel="phone", tipline="+1 (312) 555-0100")
    )

    assert (tipline.hub, tipline.outlet, tipline.state, tipline.metro) == (
        hub,
        "Chicago Tribune",
        "IL",
        "Chicago",
    )
    assert tipline.tipline == "312-555-0100"
    assert (tipline.latitude, tipline.longitude) == (41.5, -87.5)
    assert (tipline.active, tipline.is_demo) == (True, False)
    assert _audit() == [("create_tipline", "tipline", str(tipline.pk))]


def test_statewide_tipline_has_no_place(admin):
    tipline = actions.create_tipline(staff=admin, data=tipline_data(metro=""))

    assert (tipline.latitude, tipline.longitude) == (None, None)


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"state": "ZZ"}, "Choose a US state.", "state"),
        ({"state": ""}, "Choose a US state.", "state"),
        ({"outlet": "  "}, "Name the news outlet.", "outlet"),
        ({"outlet": "x" * 121}, "Keep it under 120 characters.", "outlet"),
        ({"channel": "fax"}, "Choose how to reach the tipline.", "channel"),
        ({"language": "fr"}, "Choose a language.", "language"),
        ({"notes": "n" * 301}, "Keep it under 300 characters.", "notes"),
        ({"tipline": ""}, "Say how to reach the tipline.", "tipline"),
        (
            {"channel": "phone", "tipline": "555-0100"},
            "Enter a 10-digit US phone number, like 555-123-4567.",
            "tipline",
        ),
        (
            {"channel": "phone", "tipline": "312-555-0100 ask for Ana"},
            "Enter a 10-digit US phone number, like 555-123-4567.",
            "tipline",
        ),
        ({"channel": "email", "tipline": "tips@"}, "Enter a valid e-mail address.", "tipline"),
        (
            {"channel": "web", "tipline": "javascript:alert(1)"},
            "Enter a web address starting with https://.",
            "tipline",
        ),
        (
            {"channel": "web", "tipline": "ftp://example.com/tips"},
            "Enter a web address starting with https://.",
            "tipline",
        ),
    ],
)
def test_bad_tiplines_change_nothing(admin, changes, message, field):
    assert _error(actions.create_tipline, staff=admin, data=tipline_data(**changes)) == (
        message,
        field,
    )
    assert Tipline.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_update_and_deactivate_are_audited(admin):
    tipline = actions.create_tipline(staff=admin, data=tipline_data())

    actions.update_tipline(
        tipline,
        staff=admin,
        data=tipline_data(channel="web", tipline="https://example.com/tips", metro=""),
    )
    actions.set_tipline_active(tipline, staff=admin, active=False)
    actions.set_tipline_active(tipline, staff=admin, active=True)

    tipline.refresh_from_db()
    assert (tipline.channel, tipline.tipline, tipline.metro, tipline.active) == (
        "web",
        "https://example.com/tips",
        "",
        True,
    )
    pk = str(tipline.pk)
    assert _audit() == [
        ("create_tipline", "tipline", pk),
        ("update_tipline", "tipline", pk),
        ("deactivate_tipline", "tipline", pk),
        ("activate_tipline", "tipline", pk),
    ]


# --- suggestions -----------------------------------------------------------------------------


def test_press_role_suggests_a_tipline_to_its_hub(hub, crew, owl):
    suggestion = actions.suggest_tipline(by=owl, data=tipline_data(outlet="WBEZ"))

    assert (suggestion.hub, suggestion.crew, suggestion.outlet, suggestion.status) == (
        hub,
        crew,
        "WBEZ",
        SuggestionStatus.PENDING,
    )
    assert Tipline.objects.count() == 0


def test_suggestions_are_limited_per_crew_and_day(crew, organizer):
    for n in range(actions.SUGGESTIONS_PER_DAY):
        actions.suggest_tipline(by=organizer, data=tipline_data(outlet=f"Outlet {n}"))

    message, field = _error(actions.suggest_tipline, by=organizer, data=tipline_data())

    assert message == "Your crew has sent 3 suggestions today. Send more tomorrow."
    assert Suggestion.objects.count() == 3


def test_pending_suggestions_are_limited(crew, organizer):
    yesterday = timezone.now().date() - datetime.timedelta(days=1)
    for _n in range(actions.SUGGESTIONS_PENDING):
        Suggestion.objects.create(
            hub=crew.walkout.action.campaign.hub, crew=crew, day=yesterday, **tipline_data()
        )

    message, _field = _error(actions.suggest_tipline, by=organizer, data=tipline_data())

    assert message == "The hub has not looked at your crew's suggestions yet. Wait a bit."
    assert Suggestion.objects.count() == 10


def test_bad_suggestion_and_refused_member_change_nothing(crew, organizer, fox):
    assert _error(
        actions.suggest_tipline, by=organizer, data=tipline_data(channel="web", tipline="nope")
    ) == ("Enter a web address starting with https://.", "tipline")
    with pytest.raises(PressForbidden):
        actions.suggest_tipline(by=fox, data=tipline_data())
    assert Suggestion.objects.count() == 0


def test_approve_adds_the_tipline_and_reject_does_not(hub, crew, organizer, moderator):
    first = actions.suggest_tipline(by=organizer, data=tipline_data(outlet="WBEZ"))
    second = actions.suggest_tipline(by=organizer, data=tipline_data(outlet="Spam Daily"))

    tipline = actions.approve_suggestion(first, staff=moderator)
    actions.reject_suggestion(second, staff=moderator)

    assert list(Tipline.objects.values_list("outlet", "hub", "active")) == [("WBEZ", hub.pk, True)]
    first.refresh_from_db()
    second.refresh_from_db()
    today = timezone.now().date()
    assert (first.status, first.decided_day) == (SuggestionStatus.APPROVED, today)
    assert (second.status, second.decided_day) == (SuggestionStatus.REJECTED, today)
    assert _audit() == [
        ("create_tipline", "tipline", str(tipline.pk)),
        ("approve_suggestion", "suggestion", str(first.pk)),
        ("reject_suggestion", "suggestion", str(second.pk)),
    ]
    assert _error(actions.reject_suggestion, suggestion=first, staff=moderator) == (
        "This suggestion has already been decided.",
        None,
    )


def test_purge_deletes_decided_suggestions_after_30_days(crew, organizer, moderator):
    today = timezone.now().date()
    old, recent, waiting = (
        actions.suggest_tipline(by=organizer, data=tipline_data(outlet=name))
        for name in ("Old", "Recent", "Waiting")
    )
    actions.reject_suggestion(old, staff=moderator)
    actions.reject_suggestion(recent, staff=moderator)
    Suggestion.objects.filter(pk=old.pk).update(decided_day=today - datetime.timedelta(days=31))
    Suggestion.objects.filter(pk=recent.pk).update(decided_day=today - datetime.timedelta(days=30))
    Suggestion.objects.filter(pk=waiting.pk).update(day=today - datetime.timedelta(days=400))

    report = retention.purge(vacuum=False)

    assert report.deleted.get("press.Suggestion") == 1
    assert sorted(Suggestion.objects.values_list("outlet", flat=True)) == ["Recent", "Waiting"]


def test_a_deleted_crew_leaves_its_suggestion_to_the_hub(crew, organizer):
    suggestion = actions.suggest_tipline(by=organizer, data=tipline_data())

    crew.walkout.delete()

    suggestion.refresh_from_db()
    assert (suggestion.crew, suggestion.status) == (None, SuggestionStatus.PENDING)


def test_tiplines_of_another_hub_are_its_own(admin):
    other = HubFactory()
    actions.create_tipline(staff=admin, data=tipline_data())

    assert Tipline.objects.filter(hub=other).count() == 0
