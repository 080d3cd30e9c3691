"""Headers, inline code, cookies, CSRF and metadata canaries (SAFETY.md requirements 1, 2, 7,
9, 22, 26, 31-34, 38)."""

import logging
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.crawl_routes import World, all_patterns
from tests.crawl_routes import route_kwargs as registry_kwargs
from tests.factories import (
    STAFF_PASSWORD,
    ActionFactory,
    CampaignFactory,
    SchoolFactory,
    WalkoutFactory,
    make_staff,
)
from tests.helpers import (
    dump_everything,
    fresh_stamp,
    inline_code,
    sign_in_verified,
)
from walkout.campaigns.models import Action, Campaign
from walkout.common import tokens
from walkout.hubs.models import AuditEntry, Hub
from walkout.people.models import User
from walkout.walkouts.models import School, Walkout, WalkoutStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """One of everything a visitor can reach, with a pending walkout that must stay unlisted."""
    action = ActionFactory(campaign=CampaignFactory(slug="spring-surge"), slug="feb-13")
    school = SchoolFactory(name="Lincoln High School", zip_code="60614")
    approved = WalkoutFactory(action=action, school=school)
    free_school = SchoolFactory(name="Kenwood Academy", zip_code="60615")
    token, digest = tokens.new_token()
    pending = WalkoutFactory(
        action=action, status=WalkoutStatus.PENDING, organizer_token_digest=digest
    )
    return {
        "action": action,
        "school": school,
        "free_school": free_school,
        "approved": approved,
        "pending": pending,
        "token": token,
    }


def page_urls(site) -> dict[str, str]:
    action = site["action"]
    slugs = [action.campaign.slug, action.slug]
    return {
        "home": reverse("public:home"),
        "action": reverse("public:action", args=slugs),
        "states": reverse("public:states", args=slugs),
        "state": reverse("public:state", args=[*slugs, "IL"]),
        "walkout": reverse("walkouts:walkout", args=[site["approved"].public_id]),
        "pending walkout": reverse("walkouts:walkout", args=[site["pending"].public_id]),
        "start": reverse("walkouts:start"),
        "start search": reverse("walkouts:start") + "?q=lincoln",
        "add school": reverse("walkouts:add_school", args=[action.public_id]),
        "register": reverse("walkouts:register", args=[action.public_id, site["free_school"].pk]),
        "organizer": reverse("walkouts:organizer", args=[site["token"]]),
        "hub sign-in": reverse("hubs:login"),
        "not found": "/no-such-page/",
        "spanish start": "/es/start/",
    }


PAGES = [
    "home",
    "action",
    "states",
    "state",
    "walkout",
    "pending walkout",
    "start",
    "start search",
    "add school",
    "register",
    "organizer",
    "hub sign-in",
    "not found",
    "spanish start",
]

EXPECTED_CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
}


def csp_directives(header: str) -> dict[str, str]:
    parts = [p.strip().split(" ", 1) for p in header.split(";") if p.strip()]
    return {name: value for name, value in parts}


# --- headers (requirement 33) ----------------------------------------------------------------


@pytest.mark.parametrize("page_name", PAGES)
def test_security_headers(client, site, page_name):
    response = client.get(page_urls(site)[page_name], secure=True)

    assert response.status_code == (404 if page_name == "not found" else 200)
    headers = response.headers
    assert csp_directives(headers["Content-Security-Policy"]) == EXPECTED_CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"
    permissions = dict(p.split("=", 1) for p in headers["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "display-capture", "usb", "payment"):
        assert permissions[feature] == "()"


@pytest.mark.parametrize(
    ("page_name", "noindex"),
    [
        ("walkout", False),
        ("home", False),
        ("pending walkout", True),
        ("organizer", True),
        ("hub sign-in", True),
    ],
)
def test_robots_header(client, site, page_name, noindex):
    response = client.get(page_urls(site)[page_name], secure=True)

    assert response.headers.get("X-Robots-Tag") == ("noindex, noarchive" if noindex else None)
    assert ('<meta name="robots" content="noindex, noarchive">' in response.content.decode()) is (
        noindex
    )


def test_security_headers_on_hub_queue_and_redirects(client, site):
    staff, _ = make_staff(hub=site["action"].campaign.hub)
    anonymous = client.get(reverse("hubs:queue"), secure=True)
    sign_in_verified(client, staff)
    queue = client.get(reverse("hubs:queue"), secure=True)

    for response in (anonymous, queue):
        assert csp_directives(response.headers["Content-Security-Policy"]) == EXPECTED_CSP
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert anonymous.status_code == 302
    assert queue.status_code == 200


# Reviewed exceptions to "deny everything": the near-me page may ask the browser for its
# location (walkout/public/views.py).
SELF_PERMISSIONS = {("public:near", "geolocation")}


def test_security_headers_on_every_route(site, settings):
    """Requirement 33 over every URL pattern, signed in as staff so staff views answer too,
    with the HSTS settings of a production deployment."""
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()  # a new client loads the middleware with these settings
    staff, _ = make_staff(hub=site["action"].campaign.hub)
    pending = WalkoutFactory(action=site["action"], status=WalkoutStatus.PENDING)
    kwargs = route_kwargs(site, pending)
    sign_in_verified(client, staff)
    wanted = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cache-Control": "no-store",
        "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    }
    checked, problems = [], []

    for name, _ in all_patterns():
        response = client.get(reverse(name, kwargs=kwargs.get(name, {})), secure=True)
        headers = response.headers
        csp = csp_directives(headers.get("Content-Security-Policy", ""))
        for directive in ("default-src", "object-src", "base-uri", "frame-ancestors"):
            if csp.get(directive) != "'none'":
                problems.append((name, directive, csp.get(directive)))
        for directive in ("script-src", "form-action"):
            if csp.get(directive, "'self'") != "'self'":
                problems.append((name, directive, csp.get(directive)))
        for header, value in wanted.items():
            if headers.get(header) != value:
                problems.append((name, header, headers.get(header)))
        permissions = dict(
            p.split("=", 1) for p in headers.get("Permissions-Policy", "").split(", ") if p
        )
        for feature in ("camera", "microphone", "geolocation"):
            allowed = "(self)" if (name, feature) in SELF_PERMISSIONS else "()"
            if permissions.get(feature) != allowed:
                problems.append((name, feature, permissions.get(feature)))
        checked.append(name)

    assert problems == []
    assert {"public:home", "public:privacy", "walkouts:organizer", "hubs:queue"} <= set(checked)


def test_static_files_carry_the_security_headers(settings):
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()  # WhiteNoise reads its settings when the middleware starts

    for path in ("/static/walkout/site.css", "/static/walkout/pow.js"):
        response = client.get(path, secure=True)
        headers = response.headers

        assert (path, response.status_code) == (path, 200)
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "no-store" not in headers.get("Cache-Control", "")


def test_healthz_headers(client):
    response = client.get("/healthz", secure=True)

    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# --- no inline code (requirement 34) ---------------------------------------------------------

CLEAN = {"inline_scripts": 0, "handlers": [], "style_attributes": [], "style_tags": 0}


@pytest.mark.parametrize("page_name", PAGES)
def test_no_inline_script_or_style(client, site, page_name):
    html = client.get(page_urls(site)[page_name]).content.decode()

    assert inline_code(html) == CLEAN


def test_no_inline_code_on_post_results_and_staff_pages(client, site):
    action = site["action"]
    saved = client.post(
        reverse("walkouts:register", args=[action.public_id, SchoolFactory().pk]),
        {"description": "Hi", "organizer_pseudonym": "fox", "stamp": fresh_stamp()},
    )
    error = client.post(
        reverse("walkouts:add_school", args=[action.public_id]),
        {"name": "X", "kind": "high", "zip_code": "00000", "stamp": fresh_stamp()},
    )
    unconfirmed, _ = make_staff(hub=action.campaign.hub, username="new", verified_seed=False)
    client.force_login(unconfirmed)
    setup = client.get(reverse("hubs:second_factor"))
    staff, _ = make_staff(hub=action.campaign.hub)
    sign_in_verified(client, staff)
    queue = client.get(reverse("hubs:queue"))
    assert 'class="card" id="w-' in queue.content.decode()

    for response in (saved, error, setup, queue):
        assert inline_code(response.content.decode()) == CLEAN


def test_inline_code_scanner_finds_problems():
    html = '<script>alert(1)</script><a onclick="x()" style="color:red">x</a><style></style>'

    assert inline_code(html) == {
        "inline_scripts": 1,
        "handlers": ["a[onclick]"],
        "style_attributes": ["a"],
        "style_tags": 1,
    }


# --- traces on a shared device (requirement 38) ----------------------------------------------


class _TextFields(HTMLParser):
    """Each text field with the autocomplete setting that applies to it."""

    def __init__(self):
        super().__init__()
        self.form_autocomplete = None
        self.fields: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form_autocomplete = attrs.get("autocomplete")
        elif (tag == "input" and attrs.get("type") == "text") or tag == "textarea":
            self.fields[attrs["name"]] = attrs.get("autocomplete") or self.form_autocomplete

    def handle_endtag(self, tag):
        if tag == "form":
            self.form_autocomplete = None


@pytest.mark.parametrize("page_name", ["start", "add school", "register", "organizer"])
def test_student_forms_do_not_autocomplete(client, site, page_name):
    parser = _TextFields()
    parser.feed(client.get(page_urls(site)[page_name]).content.decode())

    assert parser.fields
    assert {name: value for name, value in parser.fields.items() if value != "off"} == {}


# --- cookies (requirements 7 and 31) ---------------------------------------------------------


def _cookies(responses):
    return [(name, morsel) for r in responses for name, morsel in r.cookies.items()]


def test_no_persistent_cookies(client, site):
    urls = page_urls(site)
    responses = [client.get(urls[page_name], secure=True) for page_name in PAGES]
    responses.append(client.post(reverse("set_language"), {"language": "es"}))
    staff, _ = make_staff(hub=site["action"].campaign.hub)
    signed_in = client.post(
        reverse("hubs:login"), {"username": staff.username, "password": STAFF_PASSWORD}
    )
    assert signed_in.status_code == 302
    responses.append(signed_in)

    cookies = _cookies(responses)

    session, csrf, language = (
        django_settings.SESSION_COOKIE_NAME,
        django_settings.CSRF_COOKIE_NAME,
        django_settings.LANGUAGE_COOKIE_NAME,
    )
    assert {name for name, _ in cookies} == {session, csrf, language}
    for name, morsel in cookies:
        assert (name, morsel["max-age"], morsel["expires"]) == (name, "", "")
    by_name = dict(cookies)
    for name in (session, csrf):
        assert (name, by_name[name]["httponly"], by_name[name]["samesite"]) == (name, True, "Lax")


def test_sign_out_only_deletes_cookies(client, site):
    staff, _ = make_staff(hub=site["action"].campaign.hub)
    sign_in_verified(client, staff)

    response = client.post(reverse("hubs:logout"))

    for name, morsel in response.cookies.items():
        assert (name, morsel.value, morsel["max-age"]) == (name, "", 0)


# --- CSRF on every route (requirement 32) ----------------------------------------------------


def route_kwargs(site, pending) -> dict[str, dict]:
    """Every route's URL keyword arguments (tests/crawl_routes.py, the one registry), for
    this module's site: crew pages and the join link open with the organizer's link."""
    world = World(
        action=site["action"],
        approved=site["approved"],
        pending=pending,
        free_school=site["free_school"],
        organizer_token=site["token"],
    )
    return registry_kwargs(world)


def domain_rows() -> str:
    """Every row a visitor or staff member could change, without session bookkeeping."""
    return "\n".join(
        repr(list(model.objects.values()))
        for model in (Campaign, Action, Hub, AuditEntry, School, Walkout)
    ) + repr(list(User.objects.values("id", "username", "totp_last_step", "totp_confirmed")))


def test_no_view_is_csrf_exempt():
    assert [name for name, p in all_patterns() if getattr(p.callback, "csrf_exempt", False)] == []


def test_post_without_csrf_token_is_refused_on_every_route(site):
    staff, _ = make_staff(hub=site["action"].campaign.hub)
    pending = WalkoutFactory(action=site["action"], status=WalkoutStatus.PENDING)
    client = Client(enforce_csrf_checks=True)
    sign_in_verified(client, staff)  # so that staff views reach their CSRF check too
    kwargs = route_kwargs(site, pending)
    before = domain_rows()
    names = []

    for name, _ in all_patterns():
        url = reverse(name, kwargs=kwargs.get(name, {}))
        data = {
            "op": "cancel",
            "confirm": "yes",
            "decision": "approve",
            "description": "CSRF",
            "organizer_pseudonym": "csrf",
            "name": "CSRF High",
            "kind": "high",
            "zip_code": "60601",
            "stamp": fresh_stamp(),
            "language": "es",
            "username": staff.username,
            "password": STAFF_PASSWORD,
        }
        response = client.post(url, data)
        assert (name, response.status_code) == (name, 403)
        names.append(name)

    assert "walkouts:register" in names
    assert "hubs:decide" in names
    assert "walkouts:organizer" in names
    assert domain_rows() == before


def test_get_requests_change_nothing(client, site):
    staff, _ = make_staff(hub=site["action"].campaign.hub)
    pending = WalkoutFactory(action=site["action"], status=WalkoutStatus.PENDING)
    kwargs = route_kwargs(site, pending)
    sign_in_verified(client, staff)
    before = domain_rows()

    for name, _ in all_patterns():
        client.get(reverse(name, kwargs=kwargs.get(name, {})))

    assert domain_rows() == before


# --- no IP, User-Agent, Referer or raw token anywhere (requirements 1, 2, 9, 22) -------------

LINK = re.compile(r"readonly>http://testserver/o/([A-Za-z0-9_-]{43})/</textarea>")
IP = "203.0.113.77"
FORWARDED = "198.51.100.23"
USER_AGENT = "CanaryBrowser/9.9 (uniq-ua-5b1f0c)"
REFERER = "https://canary-referer.example/uniq-ref-7d3e"
ACCEPT_LANGUAGE = "en-qzcanary"
IP_CANARIES = [
    IP,
    FORWARDED,
    "203.0.113.",
    "198.51.100.",
    "::ffff:203.0.113.77",
    "::ffff:cb00:714d",
    "cb00714d",
    "c6336417",
    repr(bytes([203, 0, 113, 77])),
]


@pytest.fixture
def all_logs(caplog):
    """caplog at DEBUG, also hooked to loggers that do not propagate to the root."""
    caplog.set_level(logging.DEBUG)
    loggers = [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in loggers:
        logger.removeHandler(caplog.handler)


def test_no_canary_stored_or_logged(site, all_logs):
    client = Client(
        REMOTE_ADDR=IP,
        HTTP_X_FORWARDED_FOR=FORWARDED,
        HTTP_USER_AGENT=USER_AGENT,
        HTTP_REFERER=REFERER,
        HTTP_ACCEPT_LANGUAGE=ACCEPT_LANGUAGE,
    )
    action = site["action"]
    client.get(reverse("walkouts:start"), {"q": "lincoln", "action": action.public_id})
    added = client.post(
        reverse("walkouts:add_school", args=[action.public_id]),
        {"name": "Canary High", "kind": "high", "zip_code": "60601", "stamp": fresh_stamp()},
    )
    register_url = added.headers["Location"]
    client.get(register_url)
    saved = client.post(
        register_url,
        {
            "description": "We walk out",
            "organizer_pseudonym": "fox",
            "meeting_spot": "Gym",
            "stamp": fresh_stamp(),
        },
    )
    token = LINK.search(saved.content.decode()).group(1)
    organizer_url = reverse("walkouts:organizer", args=[token])
    client.get(organizer_url)
    client.post(
        organizer_url,
        {"op": "edit", "description": "We walk out at 2", "organizer_pseudonym": "fox"},
    )
    rotated = client.post(organizer_url, {"op": "rotate"})
    new_token = LINK.search(rotated.content.decode()).group(1)
    assert client.get(organizer_url).status_code == 404  # the old link, now unknown
    new_url = reverse("walkouts:organizer", args=[new_token])
    client.post(new_url, {"op": "cancel", "confirm": "yes"})
    client.get("/no-such-page/")
    client.post(reverse("hubs:login"), {"username": "nobody", "password": "wrong password!!"})
    walkout = Walkout.objects.get(school__name="Canary High")
    assert walkout.status == WalkoutStatus.CANCELLED  # every step went through

    dump = dump_everything()
    # The checks below are not vacuous: the limits and stamps did write to the shared cache.
    assert "limit:anon-write:" in dump
    assert "stamp:" in dump
    logs = "\n".join(
        [r.getMessage() for r in all_logs.records] + [repr(r.__dict__) for r in all_logs.records]
    )

    for canary in [*IP_CANARIES, USER_AGENT, REFERER, "qzcanary", token, new_token]:
        assert (canary, canary in dump) == (canary, False)
        assert (canary, canary in logs) == (canary, False)
    assert walkout.organizer_token_digest == tokens.digest(new_token)


def test_logging_never_mails_and_scrubs_requests():
    config = django_settings.LOGGING

    assert "mail_admins" not in repr(config)
    assert "AdminEmailHandler" not in repr(config)
    assert django_settings.ADMINS == []
    assert config["loggers"]["django.server"]["handlers"] == []
    for name, handler in config["handlers"].items():
        assert (name, handler["filters"]) == (name, ["scrub"])


def test_request_error_log_names_no_path(all_logs):
    # What Django logs for a failed request: the path (a secret link) and the request.
    token = tokens.new_token()[0]
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Not Found: %s", (f"/o/{token}/",), None
    )
    record.status_code, record.request = 404, object()

    for handler in logging.getLogger("django.request").handlers:
        for scrub in handler.filters:
            scrub.filter(record)

    assert (record.getMessage(), record.request) == ("django.request 404", None)
    assert token not in repr(record.__dict__)


# --- public ids are not sequential (requirement 26) ------------------------------------------


def test_walkout_ids_cannot_be_enumerated(client):
    walkouts = [WalkoutFactory() for _ in range(5)]
    walkouts.append(WalkoutFactory(status=WalkoutStatus.PENDING))

    # Every row id that exists (and the ids around them) answers 404 as a public id.
    last = max(w.pk for w in walkouts)
    statuses = {n: client.get(f"/w/{n}/").status_code for n in range(max(1, last - 49), last + 1)}

    assert set(statuses.values()) == {404}
    for walkout in walkouts:
        assert len(walkout.public_id) == 16
        assert not walkout.public_id.isdigit()
        assert client.get(f"/w/{walkout.public_id}/").status_code == 200


def test_action_ids_are_random():
    ids = {ActionFactory().public_id for _ in range(3)}

    assert len(ids) == 3
    assert all(len(i) == 16 and not i.isdigit() for i in ids)


def _post_with_origin(origin: str, fetch_site: str | None):
    """Post the add-school form the way a browser under `no-referrer` does."""
    action = ActionFactory()
    client = Client(enforce_csrf_checks=True)
    url = reverse("walkouts:add_school", args=[action.public_id])
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode()
    )
    headers = {"HTTP_ORIGIN": origin}
    if fetch_site:
        headers["HTTP_SEC_FETCH_SITE"] = fetch_site
    data = {"name": "Origin High", "kind": "high", "zip_code": "60601", "stamp": fresh_stamp()}
    return client.post(url, data | {"csrfmiddlewaretoken": token.group(1)}, **headers)


def test_null_origin_from_the_same_site_is_accepted():
    response = _post_with_origin("null", "same-origin")

    assert response.status_code == 302
    assert list(School.objects.values_list("name", flat=True)) == ["Origin High"]


@pytest.mark.parametrize(
    ("origin", "fetch_site"),
    [
        ("null", "cross-site"),
        ("null", "same-site"),
        ("null", None),
        ("https://evil.example", "same-origin"),
    ],
)
def test_null_or_foreign_origin_from_elsewhere_is_refused(origin, fetch_site):
    response = _post_with_origin(origin, fetch_site)

    assert response.status_code == 403
    assert School.objects.count() == 0


def test_csrf_middleware_is_djangos_own_subclassed():
    from django.middleware.csrf import CsrfViewMiddleware
    from django.utils.module_loading import import_string

    csrf = [m for m in django_settings.MIDDLEWARE if "Csrf" in m]
    assert csrf == ["walkout.common.csrf.NoReferrerCsrfViewMiddleware"]
    assert issubclass(import_string(csrf[0]), CsrfViewMiddleware)
