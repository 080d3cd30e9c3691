"""Public JSON API, version 1: read-only, listed walkouts only, cached, paginated.

Every view reads through the domain queries (`listed_walkouts()` decides what is public)
and returns plain dicts from shapes.py. Errors are JSON: {"error": {"status", "message",
"parameter"}}. Responses without a visitor's own input are cached on the server until
something public changes; searches by place or name never are.
"""

import functools
import json
import math

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation

from walkout.api import openapi, shapes
from walkout.campaigns import queries as campaign_queries
from walkout.common.pagecache import cached_page
from walkout.outreach.queries import with_rsvp_counts
from walkout.walkouts import nearby, queries
from walkout.walkouts.geo import lookup_zip
from walkout.walkouts.us_states import STATE_NAMES

PAGE_SIZE = openapi.PAGE_SIZE
JSON = {"ensure_ascii": False, "separators": (",", ":")}


class ApiError(Exception):
    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status, self.message, self.parameter = status, message, parameter


def _json(data, status: int = 200, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params=JSON, content_type=content_type
    )
    # Public data without cookies: any site may read it (no credentials are ever allowed).
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def error(status: int, message: str, parameter: str | None = None) -> JsonResponse:
    body = {"status": status, "message": message}
    if parameter:
        body["parameter"] = parameter
    return _json({"error": body}, status=status)


def api_view(func):
    """GET only; English URLs and texts; ApiError -> its JSON error."""

    @functools.wraps(func)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return error(405, "Only GET is allowed: the API is read-only.")
        with translation.override("en"):
            try:
                return func(request, *args, **kwargs)
            except ApiError as problem:
                return error(problem.status, problem.message, problem.parameter)

    return wrapper


# --- parameters ----------------------------------------------------------------------------


def _action(request):
    value = request.GET.get("action", "").strip()
    if not value:
        return None
    action = campaign_queries.action_by_public_id(value)
    if action is None:
        raise ApiError(
            400, f"Unknown action {value!r}: use an action id from /campaigns/.", "action"
        )
    return action


def _state(request) -> str | None:
    value = request.GET.get("state", "").strip().upper()
    if not value:
        return None
    if value not in STATE_NAMES:
        raise ApiError(400, f"Unknown state {value!r}: use a two-letter code such as CA.", "state")
    return value


def _query(request) -> str | None:
    value = " ".join(request.GET.get("q", "").split())
    if not value:
        return None
    if not 2 <= len(value) <= 100:
        raise ApiError(400, "q must be 2 to 100 characters long.", "q")
    return value


def _near(request) -> nearby.Point | None:
    value = request.GET.get("near", "").strip()
    if not value:
        return None
    if value.isdigit() and len(value) == 5:
        place = lookup_zip(value)
        if place is None:
            raise ApiError(400, f"Unknown ZIP code {value}.", "near")
        return nearby.Point(place.latitude, place.longitude)
    point = nearby.parse_point(value)
    if point is None:
        raise ApiError(
            400,
            "near must be a 5-digit ZIP code or latitude,longitude "
            "(for example near=60614 or near=41.88,-87.63).",
            "near",
        )
    return point


def _radius(request, near) -> float:
    value = request.GET.get("radius_km", "").strip()
    if not value:
        return nearby.DEFAULT_RADIUS_KM
    if near is None:
        raise ApiError(400, "radius_km needs near.", "radius_km")
    try:
        radius = float(value)
    except ValueError:
        radius = math.nan
    if not (0 < radius <= nearby.MAX_RADIUS_KM):
        raise ApiError(
            400,
            f"radius_km must be a number above 0 and at most {nearby.MAX_RADIUS_KM:g}.",
            "radius_km",
        )
    return radius


def _page_number(request) -> int:
    value = request.GET.get("page", "1").strip()
    if not value.isdigit() or int(value) < 1:
        raise ApiError(400, "page must be a whole number from 1.", "page")
    return int(value)


def _page(request, count: int) -> tuple[int, dict]:
    """(page number, the envelope without results) for `count` items."""
    number = _page_number(request)
    pages = max(1, math.ceil(count / PAGE_SIZE))
    if number > pages:
        raise ApiError(404, f"Page {number} does not exist: there are {pages}.", "page")

    def link(n):
        if not 1 <= n <= pages:
            return None
        params = request.GET.copy()
        params["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    envelope = {
        "count": count,
        "page": number,
        "pages": pages,
        "next": link(number + 1),
        "previous": link(number - 1),
    }
    return number, envelope


def _paginated(request, queryset, shape) -> dict:
    paginator = Paginator(queryset, PAGE_SIZE)
    number, envelope = _page(request, paginator.count)
    items = paginator.page(number).object_list if paginator.count else []
    return envelope | {"results": [shape(item) for item in items]}


# --- endpoints -----------------------------------------------------------------------------


@api_view
@cached_page
def openapi_document(request):
    return _json(openapi.document(request.build_absolute_uri(reverse("api:root"))))


@api_view
@cached_page
def campaigns(request):
    listed = campaign_queries.public_campaigns().order_by("slug")
    return _json(_paginated(request, listed, lambda c: shapes.campaign(request, c)))


@api_view
@cached_page
def campaign(request, slug):
    found = campaign_queries.public_campaign(slug)
    if found is None:
        raise ApiError(404, f"No public campaign {slug!r}.")
    actions = list(campaign_queries.public_actions().filter(campaign=found).order_by("date"))
    counts = queries.listed_counts(actions)
    return _json(
        shapes.campaign(request, found)
        | {"actions": [shapes.action(request, a, counts.get(a.pk, 0)) for a in actions]}
    )


@api_view
@cached_page
def walkouts(request):
    """Listed walkouts, filtered; nearest first when `near` is given."""
    action, state, query = _action(request), _state(request), _query(request)
    near = _near(request)
    radius = _radius(request, near)
    listed = queries.listed_walkouts(action)
    if state:
        listed = listed.filter(school__state=state)
    if query:
        listed = queries.matching(listed, query)
    if near is not None or query is not None:
        request.no_page_cache = True  # a place or words someone typed: never kept
    if near is None:
        listed = with_rsvp_counts(listed).order_by("starts_at", "school__name", "pk")
        return _json(_paginated(request, listed, lambda w: shapes.walkout(request, w)))
    ranked = nearby.ranked_near(near, radius, listed)
    number, envelope = _page(request, len(ranked))
    page = nearby.load(
        ranked[(number - 1) * PAGE_SIZE : number * PAGE_SIZE], with_rsvp_counts(listed)
    )
    results = [shapes.walkout(request, n.walkout, n.distance_km) for n in page]
    return _json(envelope | {"results": results})


@api_view
@cached_page
def walkout(request, public_id):
    found = with_rsvp_counts(queries.listed_walkouts()).filter(public_id=public_id).first()
    if found is None:
        raise ApiError(404, f"No listed walkout {public_id!r}.")
    return _json(shapes.walkout(request, found))


@api_view
@cached_page
def geojson(request):
    """Every listed walkout (of one action) as a GeoJSON FeatureCollection, unpaginated."""
    action = _action(request)
    rows = (
        queries.listed_walkouts(action)
        .order_by("starts_at", "school__name", "pk")
        .values_list(
            "public_id",
            "school__name",
            "school__city",
            "school__state",
            "school__latitude",
            "school__longitude",
            "timezone",
            "starts_at",
        )
    )
    collection = {"type": "FeatureCollection", "features": shapes.features(request, rows)}
    response = HttpResponse(json.dumps(collection, **JSON), content_type="application/geo+json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@api_view
@cached_page
def stats(request):
    action = _action(request)
    by_state = queries.public_counts("state", action)
    by_zone = queries.public_counts("timezone", action)
    return _json(
        {
            "action": action.public_id if action else None,
            "total": sum(n for _, n in by_state),
            "by_state": shapes.counts(by_state, "state"),
            "by_timezone": shapes.counts(by_zone, "timezone"),
        }
    )


@api_view
def root(request):
    """An index of the endpoints."""
    return _json(
        {
            "version": "1",
            "openapi": request.build_absolute_uri(reverse("api:openapi")),
            "campaigns": request.build_absolute_uri(reverse("api:campaigns")),
            "walkouts": request.build_absolute_uri(reverse("api:walkouts")),
            "geojson": request.build_absolute_uri(reverse("api:geojson")),
            "stats": request.build_absolute_uri(reverse("api:stats")),
        }
    )
