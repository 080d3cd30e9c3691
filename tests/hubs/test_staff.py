"""Staff accounts managed by an admin: one-time setup links, resets, deactivation; the
create_staff command; the audit log page."""

import datetime
import io

import pyotp
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import STAFF_PASSWORD, HubFactory, make_staff
from tests.helpers import dump_everything, session_queries, sign_in_verified
from walkout.hubs.actions import record_audit
from walkout.hubs.models import AuditEntry
from walkout.people import actions as people_actions
from walkout.people.middleware import VERIFIED
from walkout.people.models import User

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 3, 2, 15, 0, 10, tzinfo=datetime.UTC)
NEW_PASSWORD = "three unrelated words plus 7"


@pytest.fixture
def now(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def setup_link_token(html: str) -> str:
    start = html.index("readonly>") + len("readonly>")
    link = html[start : html.index("</textarea>", start)]
    return link.rstrip("/").rsplit("/", 1)[1]


def test_admin_creates_member_who_sets_up_password_and_second_factor(client, now, admin):
    sign_in_verified(client, admin)

    response = client.post(reverse("hubs:staff"), {"username": "river-mod", "role": "moderator"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "This link is shown once and works once, for 48 hours." in html
    token = setup_link_token(html)
    member = User.objects.get(username="river-mod")
    assert (member.hub, member.role, member.has_usable_password()) == (
        admin.hub,
        "moderator",
        False,
    )
    assert token not in dump_everything()  # only its digest is stored
    assert list(AuditEntry.objects.values_list("staff", "verb", "object_kind", "object_id")) == [
        (admin.pk, "create_staff", "user", str(member.pk))
    ]

    # The new member, in their own browser.
    client.logout()
    page = client.get(reverse("hubs:setup", args=[token]))
    assert "Your username is <strong>river-mod</strong>." in page.content.decode()
    done = client.post(
        reverse("hubs:setup", args=[token]),
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert done.headers["Location"] == reverse("hubs:second_factor")
    assert client.session[VERIFIED] is False
    setup = client.get(reverse("hubs:second_factor")).content.decode()
    seed = setup.split('<code class="key">')[1].split("</code>")[0]
    verified = client.post(reverse("hubs:second_factor"), {"code": pyotp.TOTP(seed).at(T0)})
    assert verified.headers["Location"] == reverse("hubs:queue")
    assert client.get(reverse("hubs:queue")).status_code == 200
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert (member.setup_token_digest, member.setup_expires_at) == ("", None)
    # The link worked once.
    client.logout()
    assert client.get(reverse("hubs:setup", args=[token])).status_code == 404


def test_setup_link_expires_after_48_hours(client, now, admin):
    member, token = people_actions.invite_staff_member(admin=admin, username="late", role="support")
    now.move_to(T0 + datetime.timedelta(hours=47, minutes=59), tick=False)
    assert client.get(reverse("hubs:setup", args=[token])).status_code == 200

    now.move_to(T0 + datetime.timedelta(hours=48, seconds=1), tick=False)
    response = client.get(reverse("hubs:setup", args=[token]))

    assert response.status_code == 404
    unknown = client.get(reverse("hubs:setup", args=["x" * 43]))
    assert len(response.content) == len(unknown.content)


def test_setup_short_password_refused(client, admin):
    member, token = people_actions.invite_staff_member(
        admin=admin, username="shorty", role="support"
    )

    response = client.post(
        reverse("hubs:setup", args=[token]),
        {"password": "vq8#Lm2@xR4!tZ", "password_again": "vq8#Lm2@xR4!tZ"},
    )

    assert response.status_code == 200
    assert "This password is too short. It must contain at least 15 characters." in (
        response.content.decode()
    )
    member.refresh_from_db()
    assert member.has_usable_password() is False
    assert people_actions.member_for_setup(token) == member


def test_setup_passwords_differ(client, admin):
    _, token = people_actions.invite_staff_member(admin=admin, username="typo", role="support")

    response = client.post(
        reverse("hubs:setup", args=[token]),
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "!"},
    )

    assert "The two passwords differ." in response.content.decode()


def test_username_taken(client, admin):
    sign_in_verified(client, admin)

    response = client.post(reverse("hubs:staff"), {"username": "ADMIN", "role": "support"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "The username ADMIN is taken." in html
    assert 'value="ADMIN"' in html
    assert User.objects.count() == 1


def test_username_shape(client, admin):
    sign_in_verified(client, admin)

    response = client.post(reverse("hubs:staff"), {"username": "a b", "role": "support"})

    assert "Use 3 to 40 letters, digits, dots, dashes or underscores." in response.content.decode()
    assert User.objects.count() == 1


def test_deactivate_ends_the_members_sessions(client, admin, moderator):
    other = type(client)()
    sign_in_verified(other, moderator)
    assert other.get(reverse("hubs:queue")).status_code == 200
    sign_in_verified(client, admin)

    response = client.post(reverse("hubs:staff_deactivate", args=[moderator.pk]))

    assert response.headers["Location"] == reverse("hubs:staff")
    moderator.refresh_from_db()
    assert (moderator.is_active, moderator.has_usable_password()) == (False, False)
    assert other.get(reverse("hubs:queue")).headers["Location"] == reverse("hubs:login")
    assert list(AuditEntry.objects.values_list("verb", flat=True)) == ["deactivate_staff"]


def test_admin_cannot_deactivate_themselves(client, admin):
    sign_in_verified(client, admin)

    response = client.post(reverse("hubs:staff_deactivate", args=[admin.pk]))

    assert response.status_code == 400
    assert "You can&#x27;t deactivate your own account. Ask another admin." in (
        response.content.decode()
    )
    admin.refresh_from_db()
    assert admin.is_active is True
    assert AuditEntry.objects.count() == 0


def test_new_setup_link_resets_password_and_second_factor(client, admin, moderator):
    sign_in_verified(client, admin)

    response = client.post(reverse("hubs:staff_setup_link", args=[moderator.pk]))

    token = setup_link_token(response.content.decode())
    moderator.refresh_from_db()
    assert (moderator.has_usable_password(), moderator.totp_confirmed) == (False, False)
    assert moderator.totp_secret_encrypted == ""
    assert people_actions.member_for_setup(token) == moderator
    assert not moderator.check_password(STAFF_PASSWORD)


def test_setup_link_reactivates_a_deactivated_member(admin, moderator):
    people_actions.deactivate_staff_member(admin=admin, member=moderator)

    token = people_actions.reissue_setup_link(admin=admin, member=moderator)

    moderator.refresh_from_db()
    assert moderator.is_active is True
    assert people_actions.member_for_setup(token) == moderator


def test_deactivated_members_setup_link_stops_working(admin):
    member, token = people_actions.invite_staff_member(admin=admin, username="gone", role="support")

    people_actions.deactivate_staff_member(admin=admin, member=member)

    assert people_actions.member_for_setup(token) is None


def test_admin_cannot_reset_themselves(client, admin):
    sign_in_verified(client, admin)

    response = client.post(reverse("hubs:staff_setup_link", args=[admin.pk]))

    assert response.status_code == 400
    assert "You can&#x27;t reset your own account." in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_staff_list_query_count(client, django_assert_num_queries, admin, n):
    for i in range(n):
        make_staff(hub=admin.hub, username=f"member-{i}")
    make_staff(hub=HubFactory(), username="someone-else")
    sign_in_verified(client, admin)

    # session, user; members; session save (3)
    with django_assert_num_queries(session_queries(6)):
        response = client.get(reverse("hubs:staff"))

    html = response.content.decode()
    assert html.count('<h2 class="h3">member-') == n
    assert "someone-else" not in html


# --- the command ---------------------------------------------------------------------------------


def test_create_staff_command_with_setup_link(hub):
    out = io.StringIO()

    call_command(
        "create_staff",
        "cli-admin",
        "--hub",
        hub.slug,
        "--role",
        "admin",
        "--setup-link",
        stdout=out,
    )

    lines = out.getvalue().splitlines()
    assert lines[0] == f"Created admin 'cli-admin' for {hub.name}."
    assert lines[1].startswith("One-time setup link, valid 48 hours (shown once): /hub/setup/")
    token = lines[1].rstrip("/").rsplit("/", 1)[1]
    assert people_actions.member_for_setup(token).username == "cli-admin"


def test_create_staff_command_roles():
    from walkout.people.management.commands.create_staff import Command

    parser = Command().create_parser("walkout", "create_staff")
    role = next(a for a in parser._actions if a.dest == "role")
    assert role.choices == ["admin", "moderator", "support"]


# --- the audit log page -------------------------------------------------------------------


def test_audit_log_filters(client, admin, moderator, call):
    record_audit(staff=moderator, verb="approve", obj=call)
    record_audit(staff=admin, verb="edit_action", obj=call)
    other, _ = make_staff(username="elsewhere")
    record_audit(staff=other, verb="approve", obj=call)
    sign_in_verified(client, admin)
    url = reverse("hubs:audit")

    everything = client.get(url).content.decode()
    approvals = client.get(url, {"verb": "approve"}).content.decode()
    by_admin = client.get(url, {"staff": admin.pk}).content.decode()

    assert everything.count("<tr><td>") == 2
    assert "elsewhere" not in everything
    assert (
        '<td data-label="Who">moderator</td><td data-label="What">Approved a walkout</td>'
        in approvals
    )
    assert '<td data-label="What">Edited a call</td>' not in approvals
    assert (by_admin.count("<tr><td>"), '<td data-label="What">Edited a call</td>' in by_admin) == (
        1,
        True,
    )


@pytest.mark.parametrize("n", [1, 3])
def test_audit_log_query_count(client, django_assert_num_queries, admin, call, n):
    for _ in range(n):
        record_audit(staff=admin, verb="edit_action", obj=call)
    sign_in_verified(client, admin)

    # session, user; staff for the filter; count, entries; session save (3)
    with django_assert_num_queries(session_queries(8)):
        response = client.get(reverse("hubs:audit"))

    assert response.content.decode().count("<tr><td>") == n


def test_audit_table_has_no_request_columns():
    names = {f.name for f in AuditEntry._meta.get_fields()}

    assert names == {"id", "staff", "verb", "object_kind", "object_id", "day"}
