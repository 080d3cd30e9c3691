"""Walkouts near a point, without a GIS extension.

The database narrows the candidates to a box around the circle, on the indexed coordinates
of schools (TECH_NOTES.md 1.5); Python then computes each school's great-circle distance and
keeps those inside the radius; their listed walkouts are found through the school index,
sorted by distance, and only the page asked for is loaded as full rows. The cost follows the
number of schools near the point, not the number of walkouts in the country.

The point searched from is a visitor's input: it is used for the query and never stored,
cached or logged.
"""

import math
import re
from dataclasses import dataclass

from django.db.models import Q

from walkout.walkouts.geo import lookup_city, lookup_zip
from walkout.walkouts.models import School, Walkout
from walkout.walkouts.queries import listed_walkouts, search_schools

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
DEFAULT_RADIUS_KM = 40.0
MAX_RADIUS_KM = 500.0
CHUNK = 2000  # ids per IN (...) list, well under every database's parameter limit
_POINT = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Nearby:
    walkout: Walkout
    distance_km: float


def parse_point(text: str) -> Point | None:
    """'41.88,-87.62' -> Point; None unless both parts are numbers on the globe."""
    match = _POINT.match(text or "")
    if not match:
        return None
    lat, lon = float(match.group(1)), float(match.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return Point(lat, lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(point: Point, radius_km: float) -> Q:
    """A filter on school coordinates for the box that holds the circle.

    Longitudes wrap at ±180° (the Aleutians), so the box may be two boxes.
    """
    angle = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angle)
    lat_min, lat_max = point.latitude - dlat, point.latitude + dlat
    box = Q(latitude__gte=max(lat_min, -90), latitude__lte=min(lat_max, 90))
    ratio = math.sin(angle) / max(math.cos(math.radians(point.latitude)), 1e-12)
    if lat_min <= -90 or lat_max >= 90 or ratio >= 1:
        return box
    dlon = math.degrees(math.asin(ratio))
    west, east = point.longitude - dlon, point.longitude + dlon
    if west < -180:
        spans = [(west + 360, 180.0), (-180.0, east)]
    elif east > 180:
        spans = [(west, 180.0), (-180.0, east - 360)]
    else:
        spans = [(west, east)]
    lon = Q()
    for low, high in spans:
        lon |= Q(longitude__gte=low, longitude__lte=high)
    return box & lon


def schools_within(point: Point, radius_km: float) -> dict[int, float]:
    """{school id: distance in km} of directory schools within the radius.

    Reads only the (latitude, longitude) index: the database walks the latitude band, and
    Python measures each school in the box.
    """
    found = {}
    rows = School.objects.filter(bounding_box(point, radius_km)).order_by()
    for pk, lat, lon in rows.values_list("pk", "latitude", "longitude"):
        distance = haversine_km(point.latitude, point.longitude, lat, lon)
        if distance <= radius_km:
            found[pk] = distance
    return found


def ranked_near(point: Point, radius_km: float, walkouts=None) -> list[tuple[float, int]]:
    """(distance in km, walkout id) of listed walkouts within the radius, nearest first.

    `walkouts` narrows the candidates (a queryset of listed walkouts, e.g. one action's).
    Schools come first, so that the database never scans every walkout of a busy action.
    """
    distances = schools_within(point, radius_km)
    listed = (walkouts if walkouts is not None else listed_walkouts()).order_by()
    ids = sorted(distances)
    ranked = []
    for start in range(0, len(ids), CHUNK):
        chunk = listed.filter(school_id__in=ids[start : start + CHUNK])
        ranked += [(distances[school], pk) for pk, school in chunk.values_list("pk", "school_id")]
    ranked.sort()
    return ranked


def load(ranked: list[tuple[float, int]], walkouts=None) -> list[Nearby]:
    """Full rows (school, action) for a slice of ranked_near(), in the same order."""
    rows = (walkouts if walkouts is not None else listed_walkouts()).in_bulk(
        [pk for _, pk in ranked]
    )
    return [Nearby(rows[pk], distance) for distance, pk in ranked if pk in rows]


def walkouts_near(point: Point, radius_km: float, walkouts=None, limit: int = 50) -> list[Nearby]:
    """The `limit` nearest listed walkouts within `radius_km` of `point`, nearest first."""
    return load(ranked_near(point, radius_km, walkouts)[:limit], walkouts)


# --- what a visitor typed -> a point ---------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a search is centred. `kind` is "zip", "city", "school" or "here"."""

    kind: str
    name: str
    point: Point
    state: str = ""
    city: str = ""
    school_id: int | None = None


def _zip_place(text: str) -> Place | None:
    place = lookup_zip(text)
    if place is None:
        return None
    point = Point(place.latitude, place.longitude)
    return Place("zip", place.zip_code, point, place.state, place.city)


def school_place(school: School) -> Place:
    point = Point(school.latitude, school.longitude)
    return Place("school", school.name, point, school.state, school.city, school.pk)


def find_places(text: str, limit: int = 6) -> list[Place]:
    """What a ZIP code, a city ('Portland, ME') or a school name may mean, best first.

    A ZIP code means one place. A name may mean several: the biggest city of that name
    first, then other cities and directory schools of that name, so a page can offer them.
    """
    text = " ".join((text or "").split())[:100]
    if text.isdigit():
        place = _zip_place(text) if len(text) == 5 else None
        return [place] if place else []
    places = [
        Place("city", c.city, Point(c.latitude, c.longitude), c.state, c.city)
        for c in lookup_city(text)[:limit]
    ]
    places += [school_place(s) for s in search_schools(text)[: limit - len(places)]]
    return places[:limit]


def place_of_school(school_id: int) -> Place | None:
    """A directory school picked from a list of matches (confirmed schools only)."""
    school = School.objects.filter(pk=school_id, confirmed=True).first()
    return school_place(school) if school else None
