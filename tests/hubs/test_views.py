import datetime

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.factories import (
    STAFF_PASSWORD,
    ActionFactory,
    CampaignFactory,
    HubFactory,
    SchoolFactory,
    WalkoutFactory,
    make_staff,
)
from tests.helpers import (
    dump_everything,
    sign_in_verified,
)
from walkout.hubs.models import AuditEntry
from walkout.people import actions as people_actions
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db


T0 = datetime.datetime(2026, 1, 20, 15, 0, 10, tzinfo=datetime.UTC)
IP = "203.0.113.77"
FORWARDED = "198.51.100.23"
NO_MATCH = escape("That username and password don't match.")


@pytest.fixture
def now(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture
def staff():
    return make_staff(username="moderator")


def code_at(seed: str, moment: datetime.datetime) -> str:
    return pyotp.TOTP(seed).at(moment)


def sign_in(client, username="moderator", password=STAFF_PASSWORD):
    return client.post(reverse("hubs:login"), {"username": username, "password": password})


def enter_code(client, code):
    return client.post(reverse("hubs:second_factor"), {"code": code})


def is_signed_in(client) -> bool:
    return SESSION_KEY in client.session


def pending_walkout(hub, **extra):
    action = ActionFactory(campaign=CampaignFactory(hub=hub))
    return WalkoutFactory(action=action, status=WalkoutStatus.PENDING, **extra)


# --- sign-in: password, then a TOTP code ------------------------------------------------------


def test_sign_in_needs_password_then_code(client, now, staff):
    user, seed = staff

    response = sign_in(client)

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("hubs:second_factor")
    assert client.get(reverse("hubs:queue")).headers["Location"] == reverse("hubs:login")

    response = enter_code(client, code_at(seed, T0))

    assert response.headers["Location"] == reverse("hubs:queue")
    queue = client.get(reverse("hubs:queue"))
    assert queue.status_code == 200
    assert "Signed in as moderator" in queue.content.decode()
    assert queue.headers["X-Robots-Tag"] == "noindex, noarchive"


def test_sign_in_code_with_space_accepted(client, now, staff):
    _, seed = staff
    sign_in(client)
    code = code_at(seed, T0)

    response = enter_code(client, f"{code[:3]} {code[3:]}")

    assert response.headers["Location"] == reverse("hubs:queue")


def test_sign_in_wrong_password(client, staff):
    response = sign_in(client, password="correct horse battery staple 43")

    assert response.status_code == 200
    assert f'<div class="errors" role="alert"><p>{NO_MATCH}</p></div>' in (
        response.content.decode()
    )
    assert not is_signed_in(client)


def test_sign_in_unknown_user_same_message(client, staff):
    response = sign_in(client, username="nobody")

    assert NO_MATCH in response.content.decode()
    assert not is_signed_in(client)


def test_sign_in_wrong_code(client, now, staff):
    _, seed = staff
    sign_in(client)
    right = code_at(seed, T0)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = enter_code(client, wrong)

    assert (
        '<ul class="errorlist" id="id_code_error"><li>That code is not right. Codes change '
        "every 30 seconds.</li></ul>"
    ) in response.content.decode()
    assert client.get(reverse("hubs:queue")).status_code == 302


def test_sign_in_code_used_only_once(client, now, staff):
    _, seed = staff
    code = code_at(seed, T0)
    sign_in(client)
    assert enter_code(client, code).headers["Location"] == reverse("hubs:queue")
    client.post(reverse("hubs:logout"))

    sign_in(client)
    replay = enter_code(client, code)

    assert replay.status_code == 200
    assert "That code is not right." in replay.content.decode()
    assert client.get(reverse("hubs:queue")).status_code == 302
    # The next code works.
    now.move_to(T0 + datetime.timedelta(seconds=30), tick=False)
    fresh = enter_code(client, code_at(seed, T0 + datetime.timedelta(seconds=30)))
    assert fresh.headers["Location"] == reverse("hubs:queue")


def test_second_factor_setup_shown_until_confirmed(client, now):
    user, seed = make_staff(username="newcomer", verified_seed=False)
    sign_in(client, username="newcomer")

    page = client.get(reverse("hubs:second_factor"))

    html = page.content.decode()
    assert f'<code class="key">{seed}</code>' in html
    assert '<img class="qr" src="data:image/svg+xml' in html
    enter_code(client, code_at(seed, T0))
    user.refresh_from_db()
    assert user.totp_confirmed is True
    assert client.get(reverse("hubs:queue")).status_code == 200


def test_second_factor_hides_seed_once_confirmed(client, now, staff):
    _, seed = staff
    sign_in(client)

    html = client.get(reverse("hubs:second_factor")).content.decode()

    assert seed not in html
    assert 'class="qr"' not in html


# --- every hub page needs both factors: see test_permissions.py -------------------------------


def test_decide_get_not_allowed(client, staff):
    user, _ = staff
    walkout = pending_walkout(user.hub)
    sign_in_verified(client, user)

    response = client.get(reverse("hubs:decide", args=[walkout.public_id]))

    assert response.status_code == 405
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.PENDING


def test_unconfirmed_totp_with_verified_flag_is_not_enough(client):
    # A session flag alone never stands in for a confirmed second factor.
    user, _ = make_staff(username="halfway", verified_seed=False)
    sign_in_verified(client, user)

    response = client.get(reverse("hubs:queue"))

    assert response.headers["Location"] == reverse("hubs:login")


def test_inactive_staff_is_refused(client, staff):
    user, _ = staff
    sign_in_verified(client, user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert client.get(reverse("hubs:queue")).headers["Location"] == reverse("hubs:login")


# --- throttling by username, never by address (requirement 30) -------------------------------


def test_five_failures_block_sixth_sign_in_and_store_no_ip(now, staff):
    client = Client(REMOTE_ADDR=IP, HTTP_X_FORWARDED_FOR=FORWARDED)
    tables_before = dump_everything()
    for _ in range(5):
        failed = sign_in(client, password="wrong password for sure!")
        assert NO_MATCH in failed.content.decode()

    response = sign_in(client)

    assert (
        '<div class="errors" role="alert"><p>Too many failed attempts. Wait 15 minutes and '
        "try again.</p></div>"
    ) in response.content.decode()
    assert not is_signed_in(client)
    dump = dump_everything()
    assert "login-fail:" in dump  # the counter is in the shared cache, keyed by a hash
    assert IP not in tables_before
    for canary in (IP, FORWARDED, "203.0.113", "::ffff:203.0.113.77", "cb00714d", "c6336417"):
        assert canary not in dump
    # Another username is not affected.
    make_staff(username="second")
    assert sign_in(client, username="second").status_code == 302


def test_sign_in_block_lifts_after_fifteen_minutes(now, client, staff):
    for _ in range(5):
        sign_in(client, password="wrong password for sure!")
    assert sign_in(client).status_code == 200

    now.move_to(T0 + datetime.timedelta(minutes=16), tick=False)

    assert sign_in(client).status_code == 302


def test_five_wrong_codes_block_the_right_code(client, now, staff):
    _, seed = staff
    sign_in(client)
    for _ in range(5):
        enter_code(client, "000000" if code_at(seed, T0) != "000000" else "111111")

    response = enter_code(client, code_at(seed, T0))

    assert "Too many failed attempts. Wait 15 minutes and try again." in (response.content.decode())
    assert client.get(reverse("hubs:queue")).status_code == 302


# --- the moderation queue --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "status", "trusted", "verb"),
    [
        ("approve", WalkoutStatus.APPROVED, False, "approve"),
        ("trust", WalkoutStatus.APPROVED, True, "approve_and_trust"),
    ],
)
def test_queue_approve(client, now, staff, decision, status, trusted, verb):
    user, _ = staff
    school = SchoolFactory(name="Student Added High", confirmed=False)
    walkout = pending_walkout(user.hub, school=school)
    sign_in_verified(client, user)
    queue = client.get(reverse("hubs:queue")).content.decode()
    assert "New school added by a student" in queue
    assert f'action="/hub/walkouts/{walkout.public_id}/decide/"' in queue

    response = client.post(reverse("hubs:decide", args=[walkout.public_id]), {"decision": decision})

    assert response.headers["Location"] == reverse("hubs:queue")
    walkout.refresh_from_db()
    school.refresh_from_db()
    assert (walkout.status, walkout.trusted, school.confirmed) == (status, trusted, True)
    assert list(AuditEntry.objects.values("staff", "verb", "object_id", "day")) == [
        {"staff": user.pk, "verb": verb, "object_id": walkout.public_id, "day": T0.date()}
    ]
    assert "Nothing awaits review." in client.get(reverse("hubs:queue")).content.decode()


def test_queue_reject_with_reason(client, now, staff):
    user, _ = staff
    walkout = pending_walkout(user.hub)
    sign_in_verified(client, user)

    response = client.post(
        reverse("hubs:decide", args=[walkout.public_id]),
        {"decision": "reject", "reason": "Not a real school"},
    )

    assert response.headers["Location"] == reverse("hubs:queue")
    walkout.refresh_from_db()
    assert (walkout.status, walkout.rejection_reason) == (
        WalkoutStatus.REJECTED,
        "Not a real school",
    )
    assert list(AuditEntry.objects.values_list("verb", "object_id")) == [
        ("reject", walkout.public_id)
    ]


@pytest.mark.parametrize("reason", ["", "   "])
def test_queue_reject_without_reason(client, staff, reason):
    user, _ = staff
    walkout = pending_walkout(user.hub)
    sign_in_verified(client, user)

    response = client.post(
        reverse("hubs:decide", args=[walkout.public_id]), {"decision": "reject", "reason": reason}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert '<div class="errors" role="alert"><p>Give the organizer a reason.</p></div>' in html
    assert f'id="w-{walkout.public_id}"' in html
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.PENDING
    assert AuditEntry.objects.count() == 0


def test_queue_bad_decision(client, staff):
    user, _ = staff
    walkout = pending_walkout(user.hub)
    sign_in_verified(client, user)

    response = client.post(reverse("hubs:decide", args=[walkout.public_id]), {"decision": "delete"})

    assert response.status_code == 400
    assert (
        "Select a valid choice. delete is not one of the available choices."
        in response.content.decode()
    )
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.PENDING


def test_queue_second_approval_at_same_school_refused(client, staff):
    user, _ = staff
    action = ActionFactory(campaign=CampaignFactory(hub=user.hub))
    school = SchoolFactory()
    WalkoutFactory(action=action, school=school, status=WalkoutStatus.APPROVED)
    duplicate = WalkoutFactory(action=action, school=school, status=WalkoutStatus.PENDING)
    sign_in_verified(client, user)
    queue = client.get(reverse("hubs:queue")).content.decode()
    assert "Another walkout at this school is already approved for this call." in queue

    response = client.post(
        reverse("hubs:decide", args=[duplicate.public_id]), {"decision": "approve"}
    )

    assert response.status_code == 400
    assert (
        '<div class="errors" role="alert"><p>Another walkout at this school is already approved '
        "for this call.</p></div>"
    ) in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == WalkoutStatus.PENDING
    assert AuditEntry.objects.count() == 0


def test_queue_shows_only_own_hub(client, staff):
    user, _ = staff
    mine = pending_walkout(user.hub, school=SchoolFactory(name="Our Hub High"))
    pending_walkout(HubFactory(), school=SchoolFactory(name="Their Hub High"))
    sign_in_verified(client, user)

    html = client.get(reverse("hubs:queue")).content.decode()

    assert f'id="w-{mine.public_id}"' in html
    assert "Our Hub High" in html
    assert "Their Hub High" not in html


@pytest.mark.parametrize("decision", ["approve", "trust", "reject"])
def test_decide_other_hub_is_not_found(client, staff, decision):
    user, _ = staff
    theirs = pending_walkout(HubFactory())
    sign_in_verified(client, user)

    response = client.post(
        reverse("hubs:decide", args=[theirs.public_id]),
        {"decision": decision, "reason": "Because"},
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == WalkoutStatus.PENDING
    assert AuditEntry.objects.count() == 0


# --- sessions --------------------------------------------------------------------------------


def test_sign_out_clears_site_data(client, now, staff):
    _, seed = staff
    sign_in(client)
    enter_code(client, code_at(seed, T0))

    response = client.post(reverse("hubs:logout"))

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("public:home")
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not is_signed_in(client)
    assert client.get(reverse("hubs:queue")).headers["Location"] == reverse("hubs:login")


def test_idle_thirty_one_minutes_signs_out(client, now, staff):
    _, seed = staff
    sign_in(client)
    enter_code(client, code_at(seed, T0))
    now.move_to(T0 + datetime.timedelta(minutes=29), tick=False)
    assert client.get(reverse("hubs:queue")).status_code == 200

    now.move_to(T0 + datetime.timedelta(minutes=29 + 31), tick=False)
    response = client.get(reverse("hubs:queue"))

    assert response.headers["Location"] == reverse("hubs:login")
    assert not is_signed_in(client)


def test_staff_session_ends_after_twelve_hours_even_when_active(client, now, staff):
    _, seed = staff
    sign_in(client)
    enter_code(client, code_at(seed, T0))
    for step in range(1, 29):  # a request every 25 minutes, up to 11h40
        now.move_to(T0 + datetime.timedelta(minutes=25 * step), tick=False)
        assert client.get(reverse("hubs:queue")).status_code == 200

    now.move_to(T0 + datetime.timedelta(hours=12, minutes=5), tick=False)

    assert client.get(reverse("hubs:queue")).headers["Location"] == reverse("hubs:login")


def test_session_key_changes_at_each_sign_in_step(client, now, staff):
    _, seed = staff
    client.get(reverse("hubs:login"))
    sign_in(client)
    after_password = client.session.session_key

    enter_code(client, code_at(seed, T0))

    assert client.session.session_key != after_password


# --- staff passwords -------------------------------------------------------------------------


def test_staff_password_hashed_with_argon2id(real_hashing):
    user, _ = make_staff(username="hashed")

    assert user.password.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")
    assert STAFF_PASSWORD not in user.password
    assert user.check_password(STAFF_PASSWORD)


def test_staff_password_of_fourteen_characters_refused(real_hashing):
    hub = HubFactory()

    with pytest.raises(ValidationError) as error:
        people_actions.create_staff_user(username="shorty", password="vq8#Lm2@xR4!tZ", hub=hub)

    assert error.value.messages == [
        "This password is too short. It must contain at least 15 characters."
    ]


def test_staff_common_password_refused():
    with pytest.raises(ValidationError) as error:
        people_actions.create_staff_user(
            username="commoner", password="1qaz2wsx3edc4rfv", hub=HubFactory()
        )

    assert error.value.messages == ["This password is too common."]


def test_staff_password_of_fifteen_characters_accepted():
    user = people_actions.create_staff_user(
        username="longer", password="vq8#Lm2@xR4!tZw", hub=HubFactory()
    )

    assert user.check_password("vq8#Lm2@xR4!tZw")
