"""The server-side page cache: what it keeps, for whom, and when it lets go."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories import ActionFactory, WalkoutFactory, make_staff
from tests.helpers import dump_caches, sign_in_verified
from walkout.common import pagecache
from walkout.walkouts import actions
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def counting_view(calls, *, csrf=False):
    @pagecache.cached_page
    def view(request):
        calls.append(1)
        return HttpResponse(f"page {len(calls)} {get_token(request) if csrf else ''}")

    return view


def anonymous(factory_request):
    from django.contrib.auth.models import AnonymousUser

    factory_request.user = AnonymousUser()
    return factory_request


def test_bump_changes_the_version_every_process_reads():
    before = pagecache.current_version()
    pagecache.bump_version()
    middle = pagecache.current_version()
    pagecache.bump_version()

    assert len({before, middle, pagecache.current_version()}) == 3


def test_a_page_is_built_once_per_version():
    calls = []
    view = counting_view(calls)
    request = anonymous(RequestFactory().get("/x/"))

    first, second = view(request).content, view(request).content
    pagecache.bump_version()
    third = view(request).content

    assert (first, second, third) == (b"page 1 ", b"page 1 ", b"page 2 ")


def test_query_strings_and_languages_are_kept_apart():
    calls = []
    view = counting_view(calls)
    factory = RequestFactory()

    view(anonymous(factory.get("/x/", {"a": "1", "b": "2"})))
    view(anonymous(factory.get("/x/", {"b": "2", "a": "1"})))
    view(anonymous(factory.get("/x/", {"a": "2"})))
    with translation.override("es"):
        view(anonymous(factory.get("/x/", {"a": "1", "b": "2"})))

    # The same parameters in another order are the same page; another language is not.
    assert len(calls) == 3


def test_pages_holding_a_csrf_token_are_never_shared():
    calls = []
    view = counting_view(calls, csrf=True)

    first = view(anonymous(RequestFactory().get("/x/"))).content
    second = view(anonymous(RequestFactory().get("/x/"))).content

    assert len(calls) == 2
    assert first != second


def test_signed_in_staff_never_read_nor_fill_the_cache(client):
    action = ActionFactory()
    WalkoutFactory(action=action)
    staff, _ = make_staff(hub=action.campaign.hub)
    url = reverse("public:map", args=[action.campaign.slug, action.slug])
    sign_in_verified(client, staff)

    client.get(url)

    assert "page:" not in dump_caches()


def test_unlisted_walkout_pages_are_never_cached(client, django_assert_num_queries):
    pending = WalkoutFactory(status=WalkoutStatus.PENDING)
    url = reverse("walkouts:walkout", args=[pending.public_id])
    client.get(url)

    with django_assert_num_queries(2):
        response = client.get(url)

    assert response.headers["X-Robots-Tag"] == "noindex, noarchive"


def test_cached_pages_still_carry_every_security_header(client):
    walkout = WalkoutFactory()
    url = reverse("walkouts:walkout", args=[walkout.public_id])

    first = client.get(url, secure=True)
    cached = client.get(url, secure=True)

    for header in (
        "Content-Security-Policy",
        "Cache-Control",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ):
        assert (header, cached.headers.get(header)) == (header, first.headers.get(header))
    assert cached.headers["Cache-Control"] == "no-store"
    assert cached.content == first.content


def test_cancelling_a_walkout_drops_its_cached_page(client):
    walkout = WalkoutFactory()
    url = reverse("walkouts:walkout", args=[walkout.public_id])
    client.get(url)

    actions.cancel_walkout(walkout)
    html = client.get(url).content.decode()

    assert "This walkout has been cancelled by its organizers." in html
