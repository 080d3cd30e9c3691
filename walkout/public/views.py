"""Public pages that read across campaigns and walkouts. No writes."""

import logging
import math

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from walkout.campaigns import queries as campaign_queries
from walkout.campaigns.models import ActionStatus
from walkout.common.middleware import permissions_policy
from walkout.common.pagecache import cached_page
from walkout.public import live, svgmap
from walkout.public.forms import DEFAULT_RADIUS_MILES, LocationForm, NearForm
from walkout.walkouts import calendar, nearby
from walkout.walkouts import queries as walkout_queries
from walkout.walkouts.calendar import calendar_response
from walkout.walkouts.countdown import countdown
from walkout.walkouts.us_states import STATE_NAMES

logger = logging.getLogger(__name__)
STATE_PAGE_SIZE = 100
NEAR_LIMIT = 25


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@cached_page
def home(request):
    actions = list(campaign_queries.public_actions().order_by("-date"))
    upcoming = [a for a in actions if a.status == ActionStatus.OPEN]
    past = [a for a in actions if a.status == ActionStatus.CLOSED]
    return render(request, "public/home.html", {"upcoming": upcoming, "past": past})


def _action_or_404(campaign_slug, action_slug):
    action = campaign_queries.action_by_slugs(campaign_slug, action_slug)
    if action is None:
        raise Http404
    return action


@cached_page
def action_page(request, campaign_slug, action_slug):
    action = _action_or_404(campaign_slug, action_slug)
    counts = walkout_queries.state_counts(action)
    return render(
        request,
        "public/action.html",
        {
            "action": action,
            "total": sum(n for _, n in counts),
            "states": len(counts),
            "is_open": action.status == ActionStatus.OPEN,
            "today": timezone.now().date(),
            "featured": walkout_queries.featured_walkouts(action),
        },
    )


@cached_page
def state_list(request, campaign_slug, action_slug):
    action = _action_or_404(campaign_slug, action_slug)
    return render(request, "public/states.html", {"action": action, "rows": _state_rows(action)})


@cached_page
def state_page(request, campaign_slug, action_slug, state):
    """A state's own map and its walkouts, a page of STATE_PAGE_SIZE at a time."""
    action = _action_or_404(campaign_slug, action_slug)
    state = state.upper()
    if state not in STATE_NAMES:
        raise Http404
    points = walkout_queries.state_points(action, state)
    pages = max(1, math.ceil(len(points) / STATE_PAGE_SIZE))
    number = request.GET.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= pages:
        raise Http404
    start = (int(number) - 1) * STATE_PAGE_SIZE
    walkouts = walkout_queries.walkouts_in_state(action, state)[start : start + STATE_PAGE_SIZE]
    context = {
        "action": action,
        "state": state,
        "state_name": STATE_NAMES[state],
        "walkouts": walkouts,
        "number": int(number),
        "pages": pages,
        "total": len(points),
        "map": _state_map(state, points),
    }
    return render(request, "public/state.html", context)


def _state_map(state: str, points) -> str:
    title = _("Map of %(state)s with its listed walkouts") % {"state": STATE_NAMES[state]}
    try:
        return mark_safe(svgmap.state_svg(state, points, title=title))  # noqa: S308 -- escaped  # nosec
    except svgmap.MapDataMissing as error:
        logger.warning("%s", error)
        return ""


def _state_rows(action) -> list[dict]:
    rows = [
        {"code": code, "name": STATE_NAMES.get(code, code), "count": n}
        for code, n in walkout_queries.state_counts(action)
    ]
    return sorted(rows, key=lambda row: row["name"])


@cached_page
def map_page(request, campaign_slug, action_slug):
    """The national map, drawn on the server, with the counts by state as its text."""
    action = _action_or_404(campaign_slug, action_slug)
    rows = _state_rows(action)
    counts = {row["code"]: row["count"] for row in rows}
    slugs = (action.campaign.slug, action.slug)

    def label(code: str) -> str:
        n = counts.get(code, 0)
        text = ngettext("%(state)s: %(n)s walkout", "%(state)s: %(n)s walkouts", n)
        return text % {"state": STATE_NAMES[code], "n": intcomma(n)}

    try:
        svg = svgmap.national_svg(
            walkout_queries.map_points(action),
            state_url=lambda code: reverse("public:state", args=[*slugs, code]),
            state_label=label,
            title=_("Map of listed walkouts; each state links to its own page"),
        )
    except svgmap.MapDataMissing as error:
        logger.warning("%s", error)
        svg = ""
    context = {
        "action": action,
        "rows": rows,
        "total": sum(counts.values()),
        "map": mark_safe(svg),  # noqa: S308 -- svgmap escapes every text  # nosec
        "off_map": [row for row in rows if row["code"] in svgmap.OFF_MAP],
    }
    return render(request, "public/map.html", context)


# --- near me ---------------------------------------------------------------------------------


def near(request):
    """Walkouts near a ZIP code, a city, a school, or the visitor's own location.

    The location comes by POST (filled in by locate.js), so it never sits in a URL, the
    browser's history or a log; it is rounded to about a kilometre and used for this one
    query only. Only this page may ask the browser for the location (Permissions-Policy).
    """
    actions = campaign_queries.open_actions()
    chosen = campaign_queries.action_by_public_id(request.GET.get("action", ""))
    if request.method == "POST":
        search, locate = NearForm(), LocationForm(request.POST)
        bound = locate
    else:
        search = NearForm(
            _with_radius(request.GET) if request.GET.keys() & {"q", "school"} else None
        )
        locate = LocationForm()
        bound = search
    # The location form is always shown empty: a posted location is never sent back.
    context = {"search": search, "locate": LocationForm(), "actions": actions, "chosen": chosen}
    context["location_error"] = bool(locate.is_bound and locate.errors)
    context["start_action"] = chosen or (actions[0] if len(actions) == 1 else None)
    if bound.is_bound and bound.is_valid():
        place, *others = bound.places()
        context |= {"place": place, "others": others, "radius_miles": bound.radius_miles()}
        context |= _near_results(place, bound.radius_km(), [chosen] if chosen else actions)
    response = render(request, "public/near.html", context)
    response.headers["Permissions-Policy"] = permissions_policy(allow=("geolocation",))
    return response


def _with_radius(data):
    """The search as sent, with the default radius when none was chosen (the home page's
    search box has no radius)."""
    data = data.copy()
    data.setdefault("radius", str(DEFAULT_RADIUS_MILES))
    return data


def _near_results(place, radius_km: float, actions) -> dict:
    """The nearest walkouts; when none is within the radius, the few nearest farther away."""
    listed = walkout_queries.listed_walkouts().filter(action__in=actions)
    ranked = nearby.ranked_near(place.point, radius_km, listed)
    results = nearby.load(ranked[:NEAR_LIMIT], listed)
    farther = []
    if not results:
        wider = min(radius_km * 4, nearby.MAX_RADIUS_KM)
        farther = nearby.walkouts_near(place.point, wider, listed, limit=3)
    return {"results": results, "within": len(ranked), "farther": farther}


# --- the day, live ---------------------------------------------------------------------------


def _wave_context(action):
    now = timezone.now()
    wave = live.wave(walkout_queries.zone_schedule(action), now)
    step = wave.next_step
    return {
        "action": action,
        "wave": wave,
        "now": now,
        "next_step": step,
        "next_in": countdown(step.starts_at, now) if step else "",
    }


@cached_page(per_minute=True)
def live_page(request, campaign_slug, action_slug):
    """The day as 2PM reaches each time zone: counts only, from the published schedule."""
    action = _action_or_404(campaign_slug, action_slug)
    return render(request, "public/live.html", _wave_context(action))


@cached_page(per_minute=True)
def live_counts(request, campaign_slug, action_slug):
    """The counts part of the live page, fetched every minute by live.js."""
    action = _action_or_404(campaign_slug, action_slug)
    return render(request, "public/_live_counts.html", _wave_context(action))


# --- calendar --------------------------------------------------------------------------------


@cached_page
def action_calendar(request, campaign_slug, action_slug):
    """The call as an iCalendar event at its local time wherever the reader is."""
    action = _action_or_404(campaign_slug, action_slug)
    url = request.build_absolute_uri(reverse("public:action", args=[campaign_slug, action_slug]))
    body = calendar.action_calendar(
        action,
        summary=action.t("title"),
        description=f"{action.t('call_text')}\n\n{url}",
        url=url,
    )
    return calendar_response(body, f"{action.slug}.ics")
