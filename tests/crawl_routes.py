"""Every URL pattern of the site, and how the tests reach it: one source of truth.

`ROUTES` maps each route name (as `reverse` takes it) to a `Route`: its URL keyword arguments,
built from a `World` of demo data, who opens it in the browser crawl (tests/browser/
test_crawl.py), or why the crawl leaves it out. tests/common/test_security.py takes the same
keyword arguments (`route_kwargs`) for its checks over every route. A URL pattern without an
entry here fails tests/test_crawl_routes.py (not a browser test: it runs everywhere), so a new
page is crawled from the day it appears.

Visitors ("roles"): a stranger; the organizer, through the organizer's secret link; a crew
member, through their own crew link; a hub staff member between password and second factor;
and one signed-in staff member per `StaffRole`, each opening the console pages their role may
use (hubs/permissions.py).
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from walkout.day import permissions as day
from walkout.hubs import permissions as hub
from walkout.people.models import StaffRole, User
from walkout.press import permissions as press

STRANGER = "stranger"
ORGANIZER = "organizer"
MEMBER = "member"
SIGNING_IN = "signing-in"  # password accepted, second factor not yet
HUB_ROLES = tuple(f"hub-{role}" for role in StaffRole.values)

# Compressed HTML, CSS, JavaScript and fonts of one page (issue 4; bytes, gzip level 6).
PUBLIC_BUDGET = 50_000
WALKOUT_BUDGET = 30_000


@dataclass
class World:
    """The objects the routes' URLs need. Tests that only need URLs fill what they have."""

    action: object  # the open call (campaigns.Action)
    approved: object  # an approved walkout whose organizer link is `organizer_token`
    pending: object  # a walkout awaiting review
    free_school: object  # a school without a walkout for `action`
    organizer_token: str
    member_token: str = ""  # a crew member's own link (the organizer's link works too)
    invite_token: str = ""
    setup_token: str = "x" * 43
    announcement_pk: int = 1
    staff_pk: int = 1
    state: str = "IL"
    near_query: str = "60614"
    extra: dict = field(default_factory=dict)


Kwargs = Callable[[World, str], dict]


def _none(world: World, role: str) -> dict:
    return {}


def _slugs(world: World, role: str) -> dict:
    return {"campaign_slug": world.action.campaign.slug, "action_slug": world.action.slug}


def _crew_token(world: World, role: str) -> dict:
    """A crew page as the organizer (their organizer link) or as a member (their own)."""
    token = world.member_token if role == MEMBER and world.member_token else world.organizer_token
    return {"token": token}


@dataclass(frozen=True)
class Route:
    """How the crawl reaches one URL pattern.

    roles: who opens it (nobody: `skip` says why). kwargs(world, role): the URL's keyword
    arguments. queries: the query strings to open it with ("" = none), each a format string
    over the world (`{world.near_query}`). budget: the most its compressed HTML, CSS,
    JavaScript and fonts may weigh.
    """

    roles: tuple[str, ...] = ()
    kwargs: Kwargs = _none
    queries: tuple[str, ...] = ("",)
    skip: str = ""
    budget: int = PUBLIC_BUDGET

    def url(self, name: str, world: World, role: str, lang: str = "en", query: str = "") -> str:
        with translation.override(lang):
            path = reverse(name, kwargs=self.kwargs(world, role))
        return path + query.format(world=world)


def skipped(reason: str, kwargs: Kwargs = _none) -> Route:
    return Route(kwargs=kwargs, skip=reason)


def staff(can: Callable[[User], bool], kwargs: Kwargs = _none, **options) -> Route:
    """A console page, opened by every staff role that has the capability `can`."""
    roles = tuple(f"hub-{role}" for role in StaffRole.values if can(User(role=role)))
    return Route(roles=roles, kwargs=kwargs, **options)


def _public_id(attr: str) -> Kwargs:
    return lambda world, role: {"public_id": getattr(world, attr).public_id}


def _action_id(world: World, role: str) -> dict:
    return {"action_id": world.action.public_id}


def _case_code(world: World, role: str) -> dict:
    return {"code": world.extra.get("case_code", "x" * 43)}


def _case_id(world: World, role: str) -> dict:
    return {"public_id": world.extra.get("case_id", "x" * 22)}


def _case_kid(world: World, role: str) -> dict:
    return {"kid": world.extra.get("case_kid", "x" * 16)}


POST_ONLY = "POST only: answers a form; the page it leads to is crawled"
DOWNLOAD = "a download, not a page (its own tests check type and headers)"
JSON = "JSON API, not a page (tests/api)"
CREW_PAGES = ("home", "roles", "plan", "demands", "ideas", "board", "schools", "people")

ROUTES: dict[str, Route] = {
    "healthz": skipped("a plain-text health check for the operator"),
    "set_language": skipped("POST only: Django's own language view"),
    "choose_language": skipped(
        "the language switch's redirect (tests/common/test_languages.py); every crawled page "
        "is checked for its links",
        lambda world, role: {"code": "en"},
    ),
    **{
        f"api:{name}": skipped(JSON, kwargs)
        for name, kwargs in {
            "root": _none,
            "openapi": _none,
            "campaigns": _none,
            "campaign": lambda world, role: {"slug": world.action.campaign.slug},
            "walkouts": _none,
            "geojson": _none,
            "walkout": _public_id("approved"),
            "stats": _none,
        }.items()
    },
    # --- public pages
    "public:home": Route(roles=(STRANGER,)),
    "public:privacy": Route(roles=(STRANGER,)),
    "public:action": Route(roles=(STRANGER,), kwargs=_slugs),
    "public:states": Route(roles=(STRANGER,), kwargs=_slugs),
    "public:state": Route(
        roles=(STRANGER,), kwargs=lambda world, role: _slugs(world, role) | {"state": world.state}
    ),
    "public:near": Route(roles=(STRANGER,), queries=("", "?q={world.near_query}")),
    "public:map": Route(roles=(STRANGER,), kwargs=_slugs),
    "public:live": Route(roles=(STRANGER,), kwargs=_slugs),
    "public:live_counts": skipped(
        "a fragment live.js swaps into the live page, which is crawled", _slugs
    ),
    "public:action_calendar": skipped(DOWNLOAD, _slugs),
    # --- starting a walkout, and a walkout's own pages
    "walkouts:start": Route(
        roles=(STRANGER,), queries=("", "?action={world.action.public_id}&q=high")
    ),
    "walkouts:add_school": Route(roles=(STRANGER,), kwargs=_action_id),
    "walkouts:register": Route(
        roles=(STRANGER,),
        kwargs=lambda world, role: _action_id(world, role) | {"school_id": world.free_school.pk},
    ),
    "walkouts:walkout": Route(
        roles=(STRANGER,), kwargs=_public_id("approved"), budget=WALKOUT_BUDGET
    ),
    "walkouts:walkout_calendar": skipped(DOWNLOAD, _public_id("approved")),
    "walkouts:organizer": Route(
        roles=(ORGANIZER,), kwargs=lambda world, role: {"token": world.organizer_token}
    ),
    "organizer_support:thread": Route(
        roles=(ORGANIZER,), kwargs=lambda world, role: {"token": world.organizer_token}
    ),
    # --- crews
    "crews:join": Route(
        roles=(STRANGER,),
        kwargs=lambda world, role: {"token": world.invite_token or world.organizer_token},
    ),
    **{
        f"crews:{name}": Route(roles=(ORGANIZER, MEMBER), kwargs=_crew_token) for name in CREW_PAGES
    },
    # --- the hub console
    "hubs:login": Route(roles=(STRANGER,)),
    "hubs:second_factor": Route(roles=(SIGNING_IN,)),
    "hubs:logout": skipped(POST_ONLY),
    "hubs:setup": Route(roles=(STRANGER,), kwargs=lambda world, role: {"token": world.setup_token}),
    "hubs:queue": staff(hub.can_moderate),  # others are sent to their landing page
    "hubs:decide": skipped(POST_ONLY, _public_id("pending")),
    "hubs:merge": skipped(POST_ONLY, _public_id("pending")),
    "hubs:walkouts": staff(hub.can_view_console),
    "hubs:walkout": staff(hub.can_view_console, _public_id("pending")),
    "hubs:reply": skipped(POST_ONLY, _public_id("pending")),
    "hubs:feature": skipped(POST_ONLY, _public_id("pending")),
    "hubs:support": staff(hub.can_support),
    "hubs:announcements": staff(hub.can_announce),
    "hubs:withdraw_announcement": skipped(
        POST_ONLY, lambda world, role: {"pk": world.announcement_pk}
    ),
    "hubs:campaigns": staff(hub.can_manage_campaigns),
    "hubs:campaign_new": staff(hub.can_manage_campaigns),
    "hubs:campaign_edit": staff(
        hub.can_manage_campaigns, lambda world, role: {"slug": world.action.campaign.slug}
    ),
    "hubs:action_new": staff(
        hub.can_manage_campaigns, lambda world, role: {"slug": world.action.campaign.slug}
    ),
    "hubs:action_edit": staff(hub.can_manage_campaigns, _public_id("action")),
    "hubs:action_status": skipped(POST_ONLY, _public_id("action")),
    "hubs:stats": staff(hub.can_view_console, queries=("?action={world.action.public_id}",)),
    "hubs:stats_export": skipped(DOWNLOAD),
    "hubs:staff": staff(hub.can_manage_staff),
    "hubs:staff_setup_link": skipped(POST_ONLY, lambda world, role: {"pk": world.staff_pk}),
    "hubs:staff_deactivate": skipped(POST_ONLY, lambda world, role: {"pk": world.staff_pk}),
    "hubs:audit": staff(hub.can_view_audit),
    # --- the press kit (walkout/press)
    "press:advisory": Route(roles=(STRANGER,), kwargs=_public_id("approved")),
    "press:advisory_pdf": skipped(DOWNLOAD, _public_id("approved")),
    "press:crew": Route(roles=(ORGANIZER, MEMBER), kwargs=_crew_token),
    "press:crew_advisory": Route(roles=(ORGANIZER, MEMBER), kwargs=_crew_token),
    "press:crew_advisory_pdf": skipped(DOWNLOAD, _crew_token),
    "press_hub:tiplines": staff(press.can_view_tiplines, queries=("", "?state=AZ&show=all")),
    "press_hub:tipline_new": staff(press.can_edit_tiplines),
    "press_hub:tipline_edit": staff(
        press.can_edit_tiplines, lambda world, role: {"pk": world.extra.get("tipline_pk", 1)}
    ),
    "press_hub:tipline_active": skipped(
        POST_ONLY, lambda world, role: {"pk": world.extra.get("tipline_pk", 1)}
    ),
    "press_hub:suggestions": staff(press.can_edit_tiplines),
    "press_hub:suggestion_decide": skipped(
        POST_ONLY, lambda world, role: {"pk": world.extra.get("suggestion_pk", 1)}
    ),
    # --- the day and after (walkout/day)
    "day:day": Route(roles=(STRANGER,), kwargs=_public_id("approved")),
    "day:rights": Route(
        roles=(STRANGER,), kwargs=lambda world, role: {"campaign_slug": world.action.campaign.slug}
    ),
    "day:rights_state": Route(
        roles=(STRANGER,),
        kwargs=lambda world, role: {
            "campaign_slug": world.action.campaign.slug,
            "state": world.state,
        },
    ),
    "day:crew_day": Route(roles=(ORGANIZER, MEMBER), kwargs=_crew_token),
    "day:crew_report": Route(roles=(ORGANIZER, MEMBER), kwargs=_crew_token),
    "day_hub:contacts": staff(day.can_manage_contacts),
    "day_hub:contact_edit": staff(
        day.can_manage_contacts, lambda world, role: {"pk": world.extra.get("contact_pk", 1)}
    ),
    "day_hub:contact_delete": skipped(
        POST_ONLY, lambda world, role: {"pk": world.extra.get("contact_pk", 1)}
    ),
    "day_hub:summaries": staff(day.can_review_summaries),
    "day_hub:decide_summary": skipped(POST_ONLY, _public_id("approved")),
    # --- repercussion reports and the support console (walkout/cases)
    "cases:report": Route(roles=(STRANGER,)),
    "cases:case": Route(roles=(STRANGER,), kwargs=_case_code),
    "cases:case_more": skipped(POST_ONLY, _case_code),
    "cases_hub:cases": staff(hub.can_support, queries=("", "?status=new")),
    "cases_hub:keys": staff(hub.can_support),
    "cases_hub:case": staff(hub.can_support, _case_id),
    "cases_hub:status": skipped(POST_ONLY, _case_id),
    "cases_hub:note": skipped(POST_ONLY, _case_id),
    "cases_hub:activate_key": skipped(POST_ONLY, _case_kid),
    "cases_hub:revoke_key": skipped(POST_ONLY, _case_kid),
    # --- "I'm in" (walkout/outreach/views/rsvp.py)
    "outreach:rsvp": Route(roles=(STRANGER,), kwargs=_public_id("approved")),
    # --- flyers, posters and share images (walkout/outreach/views/material.py)
    "outreach:flyer": skipped(
        DOWNLOAD, lambda w, r: _public_id("approved")(w, r) | {"paper": "a4", "language": "es"}
    ),
    "outreach:share": skipped(
        DOWNLOAD, lambda w, r: _public_id("approved")(w, r) | {"kind": "story", "language": "en"}
    ),
    "outreach:crew_material": Route(roles=(ORGANIZER, MEMBER), kwargs=_crew_token),
    "outreach:crew_flyer": skipped(
        DOWNLOAD, lambda w, r: _crew_token(w, r) | {"paper": "letter", "language": "en"}
    ),
    "outreach:crew_share": skipped(
        DOWNLOAD, lambda w, r: _crew_token(w, r) | {"kind": "preview", "language": "es"}
    ),
    # --- photos and videos (walkout/media)
    "media:media": Route(roles=(ORGANIZER, MEMBER), kwargs=_crew_token),
    "media:upload": Route(
        roles=(MEMBER,),
        kwargs=lambda w, r: _crew_token(w, r) | {"public_id": w.extra.get("media_upload", "x")},
    ),
    "media:preview": skipped(
        "the picture under review, an image (tests/media/test_review.py)",
        lambda w, r: _crew_token(w, r) | {"public_id": w.extra.get("media_upload", "x")},
    ),
    "media:file": skipped(DOWNLOAD, lambda w, r: {"name": w.extra.get("media_file", "x.jpg")}),
    "media:campaign_gallery": Route(
        roles=(STRANGER,), kwargs=lambda w, r: {"campaign_slug": w.action.campaign.slug}
    ),
    "media_hub:queue": staff(hub.can_moderate),
    "media_hub:decide": skipped(
        POST_ONLY, lambda w, r: {"public_id": w.extra.get("media_submitted", "x")}
    ),
    "media_hub:file": skipped(DOWNLOAD, lambda w, r: {"name": w.extra.get("media_file", "x.jpg")}),
}


def all_patterns(resolver=None, prefix="") -> Iterator[tuple[str, URLPattern]]:
    """(name, pattern) of every URL pattern, namespaced as `reverse` takes it."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from all_patterns(entry, prefix + namespace)
        elif isinstance(entry, URLPattern):
            yield prefix + entry.name, entry


def route_kwargs(world: World) -> dict[str, dict]:
    """The URL keyword arguments of every route, as its first visitor opens it."""
    return {
        name: route.kwargs(world, (route.roles or (STRANGER,))[0]) for name, route in ROUTES.items()
    }


@dataclass(frozen=True)
class Visit:
    """One page the crawl opens: a route, as one visitor, with one query string; or a `path`
    that no route names (an error page), with the `status` it must answer."""

    name: str
    role: str
    query: str
    route: Route
    status: int = 200
    path: str = ""
    world: World | None = None

    @property
    def label(self) -> str:
        suffix = f" {self.query.split('=')[0]}=" if self.query else ""
        return f"{self.name}{suffix} ({self.role})"

    def bound(self, world: World) -> "Visit":
        return replace(self, world=world)

    def url_for(self, lang: str) -> str:
        if self.path:
            return ("" if lang == settings.LANGUAGE_CODE else f"/{lang}") + self.path
        return self.route.url(self.name, self.world, self.role, lang, self.query)


def visits() -> list[Visit]:
    """Every page the crawl opens, in a stable order."""
    return [
        Visit(name, role, query, route)
        for name, route in ROUTES.items()
        for role in route.roles
        for query in route.queries
    ]


# --- the crawl's world: the demo data, and one of each thing a page can show -------------------


def build_world() -> World:
    """Demo data (walkouts.demo, one school a state) plus an organizer with a full crew,
    a walkout awaiting review, a support thread, an announcement and one staff member per
    role. Returns the World; `world.extra["staff"]` maps each hub role to its User."""
    from tests.crews.world import add_member
    from tests.factories import STAFF_PASSWORD, SchoolFactory, WalkoutFactory
    from walkout.campaigns.models import Action, ActionStatus
    from walkout.crews import actions as crew
    from walkout.crews.models import ItemState, RoleKind
    from walkout.hubs.actions import moderation, support
    from walkout.people import actions as people
    from walkout.walkouts import actions as walkouts
    from walkout.walkouts.demo import load_demo
    from walkout.walkouts.models import SchoolSource, WalkoutStatus

    load_demo(per_state=1)
    upcoming = Action.objects.get(status=ActionStatus.OPEN)
    hub_ = upcoming.campaign.hub
    users = {}
    for role in StaffRole.values:
        user = people.create_staff_user(
            username=f"crawl-{role}", password=STAFF_PASSWORD, hub=hub_, role=role
        )
        user.totp_confirmed = True
        user.save(update_fields=["totp_confirmed"])
        users[f"hub-{role}"] = user
    admin = users["hub-admin"]

    def school(name, **fields):
        return SchoolFactory(
            name=name,
            city="Phoenix",
            state="AZ",
            zip_code="85004",
            latitude=33.4513,
            longitude=-112.0686,
            timezone="America/Phoenix",
            source=SchoolSource.DEMO,
            **fields,
        )

    approved, organizer_token = walkouts.register_walkout(
        action=upcoming,
        school=school("Dolores Huerta Preparatory High School"),
        description="We walk out at 2PM to stand with our classmates and their families. "
        "Meet at the front doors; bring a sign, stay peaceful.",
        organizer_pseudonym="sunflower",
        meeting_spot="By the flagpole, north lawn",
    )
    walkouts.approve_walkout(approved, staff=admin)
    pending = WalkoutFactory(
        action=upcoming,
        school=school("César Chávez High School"),
        status=WalkoutStatus.PENDING,
        description="A first walkout at our school: we meet at the gym doors at 2PM.",
        organizer_pseudonym="comet",
    )
    moderation.request_changes(pending, staff=admin, message="Tell us which door you use.")

    team = crew.ensure_crew(approved)
    organizer = team.members.get(is_organizer=True)
    fox, member_token = add_member(team, "fox")
    owl, _ = add_member(team, "owl", lead=True)
    crew.take_role(member=fox, role=team.roles.get(kind=RoleKind.MEDIA))
    crew.add_role(by=organizer, label="Water and snacks")
    first_item = team.plan_items.first()
    crew.take_item(member=fox, item=first_item)
    crew.set_item_state(member=fox, item=first_item, state=ItemState.DONE)
    demand = crew.propose_demand(member=fox, text="Counselors, not cops")
    crew.vote(member=owl, demand=demand)
    crew.add_idea(member=fox, kind="chant", text="Here to learn, here to stay!")
    crew.post_note(member=organizer, text="We go out the east doors at 1:58.", decision=True)
    crew.post_note(member=fox, text="I'll bring markers and poster board.")
    invite_token = crew.create_invite(by=organizer, max_uses=10, days=7)

    support.write_to_hub(approved, body="Can the hub send us a flyer we can print?")
    support.reply_to_organizer(approved, staff=admin, body="Yes: read the know-your-rights card.")
    announcement = support.announce(
        action=upcoming,
        staff=admin,
        body="Know-your-rights training on Wednesday at 7PM Eastern.",
        body_es="Capacitación de derechos el miércoles a las 7PM del Este.",
    )
    newcomer, setup_token = people.invite_staff_member(
        admin=admin, username="newcomer", role=StaffRole.MODERATOR
    )
    free = school("Lakeview Middle School")
    press_kit = _press_kit(approved, organizer, admin)
    assert upcoming.date > timezone.now().date() - datetime.timedelta(days=1)
    return World(
        action=upcoming,
        approved=approved,
        pending=pending,
        free_school=free,
        organizer_token=organizer_token,
        member_token=member_token,
        invite_token=invite_token,
        setup_token=setup_token,
        announcement_pk=announcement.pk,
        staff_pk=newcomer.pk,
        state="AZ",
        near_query="85004",
        extra={
            "staff": users,
            **press_kit,
            **_day_kit(admin),
            **_cases_kit(admin),
            **_media_kit(approved, fox),
        },
    )


def _media_kit(walkout, member) -> dict:
    """A member's upload waiting to be processed, and a submitted photo (small files in this
    test's MEDIA_ROOT) for the hub's queue."""
    import io

    from PIL import Image

    from walkout.media import actions as media_actions
    from walkout.media.models import FileRole, MediaItem, MediaState

    today = timezone.now().date()
    upload = MediaItem.objects.create(
        walkout=walkout,
        member=member,
        kind="photo",
        created_day=today,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    sent = MediaItem.objects.create(
        walkout=walkout,
        kind="photo",
        state=MediaState.SUBMITTED,
        created_day=today,
        submitted_day=today,
    )
    for role in (FileRole.FULL, FileRole.MEDIUM, FileRole.THUMB):
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), (60, 90, 140)).save(buffer, "JPEG")
        media_file = media_actions._store_file(sent, role, buffer.getvalue())
    return {
        "media_upload": upload.public_id,
        "media_submitted": sent.public_id,
        "media_file": media_file.filename,
    }


def _cases_kit(admin) -> dict:
    """A support key of the admin's and one report sealed to it (walkout/cases)."""
    from walkout.cases import actions as case_actions
    from walkout.cases import crypto

    _private, public = crypto.new_key_pair()
    key = case_actions.add_support_key(owner=admin, public_key=crypto.b64e(public))
    envelope = crypto.seal_envelope(
        {"type": "report", "what": "Suspended for three days."},
        item_id=crypto.new_item_id(),
        list_version=1,
        recipients={key.kid: public},
    )
    report, code = case_actions.file_report(envelope)
    return {"case_code": code, "case_id": report.public_id, "case_kid": key.kid}


def _day_kit(admin) -> dict:
    """A demo legal contact for the walkout's state (marked demo on every page)."""
    from walkout.day import actions as day_actions

    contact = day_actions.add_contact(
        staff=admin,
        data={
            "state": "AZ",
            "name": "Demo legal aid line (not real)",
            "kind": "legal_aid",
            "phone": "555-0100",
            "languages": "English, Spanish",
            "hours": "Mon-Fri 9-5",
            "active": True,
        },
    )
    contact.demo = True
    contact.save(update_fields=["demo"])
    return {"contact_pk": contact.pk}


def _press_kit(walkout, organizer, admin) -> dict:
    """A press contact, a tipline near the walkout's school and a crew's pending suggestion."""
    from walkout.press import actions as press_actions

    press_actions.set_press_contact(by=organizer, handle="huerta.walkout.01")
    tipline = press_actions.create_tipline(
        staff=admin,
        data={
            "outlet": "Phoenix Daily (demo)",
            "state": "AZ",
            "metro": "Phoenix",
            "channel": "web",
            "tipline": "https://example.org/tips",
            "language": "both",
        },
        is_demo=True,
    )
    suggestion = press_actions.suggest_tipline(
        by=organizer,
        data={
            "outlet": "Valley Radio (demo)",
            "state": "AZ",
            "metro": "Phoenix",
            "channel": "email",
            "tipline": "tips@example.org",
        },
    )
    return {"tipline_pk": tipline.pk, "suggestion_pk": suggestion.pk}
