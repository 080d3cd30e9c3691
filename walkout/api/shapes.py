"""Plain dicts the API returns. The only fields that ever leave: listed walkouts' schools,
places and times, never a meeting spot, a note, a pseudonym or anything about organizers."""

import functools
from zoneinfo import ZoneInfo

from django.urls import reverse

from walkout.campaigns.models import Action, Campaign
from walkout.outreach.queries import rsvp_count
from walkout.walkouts.models import Walkout
from walkout.walkouts.us_states import STATE_NAMES


def _absolute(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _walkout_urls(request) -> tuple[str, str]:
    """The walkout page and calendar URLs with "{}" for the id, worked out once a request
    (`reverse` for each of 30,000 rows would cost more than the rest of the row)."""
    cached = getattr(request, "_walkout_urls", None)
    if cached is None:
        marker = "ID-MARKER"
        cached = tuple(
            _absolute(request, name, marker).replace(marker, "{}")
            for name in ("walkouts:walkout", "walkouts:walkout_calendar")
        )
        request._walkout_urls = cached
    return cached


@functools.lru_cache(maxsize=4096)
def local_iso(starts_at, zone: str) -> str:
    """ISO 8601 with the school's own offset: '2026-12-04T14:00:00-06:00'.

    Memoized: the walkouts of an action share a handful of (instant, zone) pairs.
    """
    return starts_at.astimezone(ZoneInfo(zone)).isoformat()


def _rsvps(item: Walkout) -> int:
    """The "I'm in" count, joined in by outreach.queries.with_rsvp_counts (else one query)."""
    counted = getattr(item, "rsvps", None)
    return counted if counted is not None else rsvp_count(item)


def walkout(request, item: Walkout, distance_km: float | None = None) -> dict:
    school = item.school
    page_url, calendar_url = _walkout_urls(request)
    shaped = {
        "id": item.public_id,
        "action": item.action.public_id,
        "school": {
            "name": school.name,
            "kind": school.kind,
            "city": school.city,
            "state": school.state,
        },
        "lat": round(school.latitude, 5),
        "lon": round(school.longitude, 5),
        "timezone": item.timezone,
        "starts_at": local_iso(item.starts_at, item.timezone),
        "status": item.status,
        "url": page_url.format(item.public_id),
        "calendar_url": calendar_url.format(item.public_id),
        "rsvps": _rsvps(item),
    }
    if distance_km is not None:
        shaped["distance_km"] = round(distance_km, 1)
    return shaped


def campaign(request, item: Campaign) -> dict:
    return {
        "slug": item.slug,
        "name": item.name,
        "summary": item.summary,
        "url": _absolute(request, "api:campaign", item.slug),
    }


def action(request, item: Action, walkouts: int) -> dict:
    slugs = (item.campaign.slug, item.slug)
    return {
        "id": item.public_id,
        "slug": item.slug,
        "title": item.title,
        "date": item.date.isoformat(),
        "local_time": item.local_time.strftime("%H:%M"),
        "status": item.status,
        "walkouts": walkouts,
        "url": _absolute(request, "public:action", *slugs),
        "map_url": _absolute(request, "public:map", *slugs),
        "calendar_url": _absolute(request, "public:action_calendar", *slugs),
    }


def features(request, rows) -> list[dict]:
    """GeoJSON Features from (id, school, city, state, lat, lon, zone, starts_at) rows."""
    page_url = _walkout_urls(request)[0]
    return [_feature(page_url, row) for row in rows]


def _feature(page_url: str, row: tuple) -> dict:
    public_id, name, city, state, lat, lon, zone, starts_at = row
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": {
            "id": public_id,
            "school": name,
            "city": city,
            "state": state,
            "starts_at": local_iso(starts_at, zone),
            "url": page_url.format(public_id),
        },
    }


def counts(rows: list[tuple[str, int]], key: str) -> list[dict]:
    shaped = [{key: value, "count": n} for value, n in rows]
    if key == "state":
        for item in shaped:
            item["name"] = STATE_NAMES.get(item["state"], item["state"])
    return shaped
