"""Every hub URL, for everyone who may knock: anonymous, a password without the second factor,
each role, and an admin (SAFETY.md requirement 29; issue 10 "Done when")."""

import pytest
from django.urls import get_resolver, reverse

from tests.factories import WalkoutFactory, make_staff
from tests.helpers import sign_in_password_only, sign_in_verified
from tests.hubs.conftest import pending
from walkout.hubs.models import Announcement, AuditEntry
from walkout.people import actions as people_actions
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "password_only", "moderator", "support", "admin"]
LOGIN = "login"
HOME = "home"
QUEUE = "queue"
SUPPORT = "support"

# name: (method, data, {who: expected}); missing who -> the route's default (last entry).
# An expected string names the page a 302 goes to; numbers are statuses.
ANY_STAFF = {"anonymous": LOGIN, "password_only": LOGIN}


def only(*roles, ok=200):
    return {
        **ANY_STAFF,
        **{role: (ok if role in roles else 403) for role in ("moderator", "support", "admin")},
    }


EVERYONE = {**ANY_STAFF, "moderator": 200, "support": 200, "admin": 200}
ROUTES = {
    "login": ("get", {}, dict.fromkeys(WHO, 200)),
    "second_factor": ("get", {}, {"anonymous": LOGIN, **dict.fromkeys(WHO[1:], 200)}),
    "logout": ("post", {}, dict.fromkeys(WHO, HOME)),
    "setup": ("get", {}, dict.fromkeys(WHO, 200)),
    "queue": ("get", {}, {**only("moderator", "admin"), "support": SUPPORT}),
    "decide": ("post", {"decision": "approve"}, only("moderator", "admin", ok=QUEUE)),
    "merge": ("post", {"keep": "sibling"}, only("moderator", "admin", ok=QUEUE)),
    "walkouts": ("get", {}, EVERYONE),
    "walkout": ("get", {}, EVERYONE),
    "reply": ("post", {"body": "We can help."}, only("support", "admin", ok="walkout")),
    "feature": ("post", {"featured": "1"}, only("moderator", "admin", ok="walkout")),
    "support": ("get", {}, only("support", "admin")),
    "announcements": ("get", {}, only("support", "admin")),
    "withdraw_announcement": ("post", {}, only("support", "admin", ok="announcements")),
    "campaigns": ("get", {}, only("admin")),
    "campaign_new": ("get", {}, only("admin")),
    "campaign_edit": ("get", {}, only("admin")),
    "action_new": ("get", {}, only("admin")),
    "action_edit": ("get", {}, only("admin")),
    "action_status": ("post", {"status": "closed"}, only("admin", ok="campaigns")),
    "stats": ("get", {}, EVERYONE),
    "stats_export": ("get", {}, EVERYONE),
    "staff": ("get", {}, only("admin")),
    "staff_setup_link": ("post", {}, only("admin")),
    "staff_deactivate": ("post", {}, only("admin", ok="staff")),
    "audit": ("get", {}, only("admin")),
}
TARGETS = {
    LOGIN: "hubs:login",
    HOME: "public:home",
    QUEUE: "hubs:queue",
    SUPPORT: "hubs:support",
    "walkout": "hubs:walkout",
    "announcements": "hubs:announcements",
    "campaigns": "hubs:campaigns",
    "staff": "hubs:staff",
}


def hub_route_names() -> set[str]:
    _, resolver = get_resolver().namespace_dict["hubs"]
    return {pattern.name for pattern in resolver.url_patterns}


def test_every_hub_route_is_in_the_matrix():
    assert hub_route_names() == set(ROUTES)


@pytest.fixture
def world(hub, call, school, admin, moderator, support_staff):
    walkout = pending(call, school=school, organizer_pseudonym="first")
    sibling = pending(call, school=school, organizer_pseudonym="second")
    approved = WalkoutFactory(action=call)
    announcement = Announcement.objects.create(action=call, body="Hello all", day=call.date)
    member, token = people_actions.create_staff_with_setup_link(
        username="newcomer", hub=hub, role="moderator"
    )
    return {
        "walkout": walkout,
        "sibling": sibling,
        "approved": approved,
        "announcement": announcement,
        "member": member,
        "token": token,
        "users": {"moderator": moderator, "support": support_staff, "admin": admin},
    }


def route_kwargs(name, world, call) -> dict:
    walkout = world["approved"] if name == "feature" else world["walkout"]
    return {
        "setup": {"token": world["token"]},
        "decide": {"public_id": walkout.public_id},
        "merge": {"public_id": walkout.public_id},
        "walkout": {"public_id": walkout.public_id},
        "reply": {"public_id": walkout.public_id},
        "feature": {"public_id": walkout.public_id},
        "withdraw_announcement": {"pk": world["announcement"].pk},
        "campaign_edit": {"slug": call.campaign.slug},
        "action_new": {"slug": call.campaign.slug},
        "action_edit": {"public_id": call.public_id},
        "action_status": {"public_id": call.public_id},
        "staff_setup_link": {"pk": world["member"].pk},
        "staff_deactivate": {"pk": world["member"].pk},
    }.get(name, {})


def sign_in_as(client, who, world):
    if who == "password_only":
        sign_in_password_only(client, world["users"]["moderator"])
    elif who != "anonymous":
        sign_in_verified(client, world["users"][who])


@pytest.mark.parametrize("name", sorted(ROUTES))
@pytest.mark.parametrize("who", WHO)
def test_hub_route_access(client, world, call, name, who):
    sign_in_as(client, who, world)
    method, data, expected = ROUTES[name]
    expect = expected[who]
    kwargs = route_kwargs(name, world, call)
    if data.get("keep") == "sibling":
        data = {"keep": world["sibling"].public_id}
    audited_before = AuditEntry.objects.count()

    response = getattr(client, method)(reverse(f"hubs:{name}", kwargs=kwargs), data)

    if isinstance(expect, int):
        assert (name, who, response.status_code) == (name, who, expect)
    else:
        assert (name, who, response.status_code) == (name, who, 302)
        target = reverse(TARGETS[expect], kwargs=kwargs if expect == "walkout" else {})
        assert response.headers["Location"].split("?")[0].split("#")[0] == target
    allowed = expect not in (403, LOGIN) and who not in ("anonymous", "password_only")
    if method == "post" and name != "logout" and not allowed:
        assert AuditEntry.objects.count() == audited_before
        world["walkout"].refresh_from_db()
        assert world["walkout"].status == WalkoutStatus.PENDING
    if expect == 403:
        html = response.content.decode()
        assert "<h1>Not for your role</h1>" in html
        assert "doesn't include this page. If you need it, ask an admin of your hub." in html


def test_password_only_session_reaches_no_console_page(client, world, call):
    sign_in_password_only(client, world["users"]["admin"])

    for name in sorted(hub_route_names() - {"login", "second_factor", "logout", "setup"}):
        method, data, _ = ROUTES[name]
        url = reverse(f"hubs:{name}", kwargs=route_kwargs(name, world, call))
        response = getattr(client, method)(url, data)
        assert (name, response.headers.get("Location")) == (name, reverse("hubs:login"))


def test_forbidden_page_is_translated(client, world):
    sign_in_verified(client, world["users"]["support"])

    response = client.get("/es" + reverse("hubs:campaigns"))

    assert response.status_code == 403
    assert '<html lang="es">' in response.content.decode()


def test_other_hubs_objects_are_not_found(client, world, call):
    other_admin, _ = make_staff(username="elsewhere")
    other_admin.role = "admin"
    other_admin.save(update_fields=["role"])
    sign_in_verified(client, other_admin)

    for name in (
        "walkout",
        "campaign_edit",
        "action_edit",
        "action_status",
        "decide",
        "merge",
        "reply",
        "feature",
        "withdraw_announcement",
        "staff_deactivate",
        "staff_setup_link",
    ):
        method, data, _ = ROUTES[name]
        if data.get("keep") == "sibling":
            data = {"keep": world["sibling"].public_id}
        url = reverse(f"hubs:{name}", kwargs=route_kwargs(name, world, call))
        assert (name, getattr(client, method)(url, data).status_code) == (name, 404)
    assert AuditEntry.objects.count() == 0
