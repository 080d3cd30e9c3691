"""Maps of walkouts drawn on the server as SVG: no tiles, fonts or scripts from anywhere.

Boundaries come from the us-atlas npm package (`states-10m.json`: Census cartographic
boundaries, public domain; ISC), installed by `npm ci` into node_modules/ and never
committed (docs/decisions). They are decoded from TopoJSON and projected here, once per
process:

- the national map uses the Albers USA composite projection (d3's `geoAlbersUsa`, scale
  1300: lower 48, Alaska and Hawaii insets; TECH_NOTES.md 3.2), plus a fourth inset for
  Puerto Rico and the U.S. Virgin Islands, which d3's version leaves out;
- a state's own map uses a plain equirectangular projection around the state's middle
  latitude, fitted to the frame.

Walkouts are grouped on a grid of a few pixels: one circle per cell, its area proportional
to the number of walkouts in it (scaled so the busiest cell gets a 20 px circle, and a lone
walkout stays between 1 and 6 px), so 30,000 walkouts stay readable and light.
"""

import functools
import json
import math
from collections.abc import Callable, Iterable
from html import escape

from django.conf import settings

ATLAS_FILE = "node_modules/us-atlas/states-10m.json"
R = math.pi / 180

# Census FIPS code -> postal code, for the 56 states, district and territories in us-atlas.
FIPS = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
    "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
    "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
    "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
    "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
    "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
}  # fmt: skip
# Far Pacific territories: too far for an inset; the text list beside the map has them.
OFF_MAP = {"AS", "GU", "MP"}


class MapDataMissing(Exception):
    """node_modules/us-atlas is not installed (`npm ci --ignore-scripts`; make does it)."""


# --- projection ----------------------------------------------------------------------------


def _conic(rot: float, center: tuple, parallels: tuple, k: float, tx: float, ty: float):
    """A conic equal-area projection, as d3's geoConicEqualArea with rotate/center/scale."""
    sy0 = math.sin(parallels[0] * R)
    n = (sy0 + math.sin(parallels[1] * R)) / 2
    c = 1 + sy0 * (2 * n - sy0)
    r0 = math.sqrt(c) / n
    rc = math.sqrt(c - 2 * n * math.sin(center[1] * R)) / n
    xc, yc = rc * math.sin(center[0] * R * n), r0 - rc * math.cos(center[0] * R * n)

    def project(lon: float, lat: float) -> tuple[float, float]:
        lam = (lon * R + rot * R + math.pi) % (2 * math.pi) - math.pi
        r = math.sqrt(max(c - 2 * n * math.sin(lat * R), 0.0)) / n
        return tx + k * (r * math.sin(lam * n) - xc), ty - k * (r0 - r * math.cos(lam * n) - yc)

    return project


K, TX, TY = 1300.0, 487.5, 305.0
INSETS = {
    "lower48": _conic(96, (-0.6, 38.7), (29.5, 45.5), K, TX, TY),
    # d3's Alaska and Hawaii, moved 30 and 20 px right so the Aleutians stay in the frame.
    "alaska": _conic(154, (-2, 58.5), (55, 65), K * 0.35, TX - 0.307 * K + 30, TY + 0.201 * K),
    "hawaii": _conic(157, (-3, 19.9), (8, 18), K, TX - 0.205 * K + 20, TY + 0.212 * K),
    # Ours: Puerto Rico and the Virgin Islands, 1.4 times the mainland's scale, south-east
    # of Florida where the Atlantic leaves room.
    "caribbean": _conic(66, (0.4, 18.2), (17.5, 18.5), K * 1.4, TX + 0.33 * K, TY + 0.225 * K),
}
INSET_OF = {"AK": "alaska", "HI": "hawaii", "PR": "caribbean", "VI": "caribbean"}
VIEWBOX = (0.0, 0.0, 975.0, 620.0)
INSET_FRAMES = "M0 458H238V620M238 520H362V620M838 620V576H975"


def project_point(state: str, lon: float, lat: float) -> tuple[float, float] | None:
    """A walkout's place on the national map, by its school's state; None when off the map."""
    if state in OFF_MAP:
        return None
    return INSETS[INSET_OF.get(state, "lower48")](lon, lat)


# --- boundaries ----------------------------------------------------------------------------


@functools.cache
def _topology() -> dict:
    path = settings.BASE_DIR / ATLAS_FILE
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise MapDataMissing(f"{ATLAS_FILE} is missing: run `npm ci --ignore-scripts`") from None


@functools.cache
def _arcs() -> list[list[tuple[float, float]]]:
    """The topology's arcs as (lon, lat) lists: delta decoding and dequantization."""
    topology = _topology()
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    return geometry["arcs"]


@functools.cache
def _state_geometries() -> dict[str, list[list[list[int]]]]:
    """Postal code -> polygons (lists of rings, each a list of arc indexes)."""
    geometries = _topology()["objects"]["states"]["geometries"]
    return {FIPS[g["id"]]: _polygons(g) for g in geometries if g["id"] in FIPS}


def _simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative; keeps both ends."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            x, y = points[i]
            if length:
                distance = abs(dy * (x - x1) - dx * (y - y1)) / length
            else:  # a closed ring (an island drawn by one arc): distance to its start
                distance = math.hypot(x - x1, y - y1)
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _ring(arc_ids: list[int], arcs: Callable[[int], list]) -> list:
    points: list = []
    for arc_id in arc_ids:
        part = arcs(arc_id) if arc_id >= 0 else arcs(~arc_id)[::-1]
        points.extend(part if not points else part[1:])
    return points


def _number(value: float) -> str:
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "-" + text[2:]
    return "0" if text in ("-0", "") else text


def _path(rings: Iterable[list]) -> str:
    """An SVG path: absolute first point, then relative moves, in tenths of a pixel."""
    out = []
    for ring in rings:
        rounded = [(round(x, 1), round(y, 1)) for x, y in ring]
        kept = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
        if len(kept) < 3:
            continue
        (x0, y0), parts = kept[0], []
        for (xa, ya), (xb, yb) in zip(kept, kept[1:], strict=False):
            dx, dy = xb - xa, yb - ya
            parts.append(_number(dx) + ("" if dy < 0 else " ") + _number(dy))
        out.append(f"M{_number(x0)} {_number(y0)}l" + " ".join(parts) + "z")
    return "".join(out)


def _mean_longitude(ring: list[int], raw: list) -> float:
    points = _ring(ring, lambda i: raw[i])
    return sum(lon for lon, _ in points) / len(points)


@functools.cache
def national_paths() -> dict[str, str]:
    """Postal code -> SVG path of the state on the national map (cached per process)."""
    raw = _arcs()

    @functools.cache
    def arc(arc_id: int, inset: str) -> list:
        project = INSETS[inset]
        return _simplify([project(lon, lat) for lon, lat in raw[arc_id]], 0.35)

    paths = {}
    for code, polygons in _state_geometries().items():
        if code in OFF_MAP:
            continue
        inset = INSET_OF.get(code, "lower48")
        if code == "AK":  # the few Aleutians west of the antimeridian would leave the frame
            polygons = [p for p in polygons if _mean_longitude(p[0], raw) < 0]
        rings = [_ring(ring, lambda i, inset=inset: arc(i, inset)) for p in polygons for ring in p]
        paths[code] = _path(rings)
    return paths


# --- drawing -------------------------------------------------------------------------------


def clusters(points: Iterable[tuple[float, float]], cell: float) -> list[tuple[float, float, int]]:
    """Projected points grouped on a grid: (mean x, mean y, how many) per occupied cell."""
    cells: dict[tuple[int, int], list] = {}
    for x, y in points:
        entry = cells.setdefault((int(x // cell), int(y // cell)), [0.0, 0.0, 0])
        entry[0] += x
        entry[1] += y
        entry[2] += 1
    return [(sx / n, sy / n, n) for sx, sy, n in cells.values()]


def unit_for(groups: list[tuple[float, float, int]], biggest: float) -> float:
    """The radius of a one-walkout circle: the busiest cell gets `biggest`, but a single
    walkout never shrinks below 1 px nor grows past 6 px (a map with few walkouts)."""
    most = max((n for _, _, n in groups), default=1)
    return min(max(biggest / math.sqrt(most), 1.0), 6.0)


def radius(count: int, unit: float) -> float:
    """Circle area in proportion to the count: unit * sqrt(count)."""
    return unit * math.sqrt(count)


def _circles(groups: list[tuple[float, float, int]], biggest: float) -> str:
    unit = unit_for(groups, biggest)
    # Big circles first, so small ones stay visible on top of them.
    groups = sorted(groups, key=lambda g: -g[2])
    return "".join(
        f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{_number(radius(n, unit))}"/>'
        for x, y, n in groups
    )


def national_svg(
    points: Iterable[tuple[str, float, float]],
    *,
    state_url: Callable[[str], str],
    state_label: Callable[[str], str],
    title: str,
) -> str:
    """The national map: every state a link, walkouts as clustered circles.

    `points` are (state, latitude, longitude); `state_label(code)` is the accessible name of
    a state's link (its name and count), `state_url(code)` its page.
    """
    paths = national_paths()
    projected = []
    for state, lat, lon in points:
        xy = project_point(state, lon, lat)
        if xy is not None:
            projected.append(xy)
    links = "".join(
        f'<a href="{escape(state_url(code))}" aria-label="{escape(state_label(code))}">'
        f'<title>{escape(state_label(code))}</title><path d="{d}"/></a>'
        for code, d in sorted(paths.items())
    )
    x0, y0, width, height = VIEWBOX
    return (
        f'<svg class="map national" viewBox="{_number(x0)} {_number(y0)} {_number(width)} '
        f'{_number(height)}" role="group" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<g class="states">{links}</g>'
        f'<path class="insets" d="{INSET_FRAMES}"/>'
        f'<g class="dots" aria-hidden="true">{_circles(clusters(projected, 8), 20)}</g></svg>'
    )


def _state_rings(code: str) -> list[list[tuple[float, float]]]:
    raw = _arcs()
    rings = []
    for polygon in _state_geometries()[code]:
        for ring in polygon:
            points = _ring(ring, lambda i: raw[i])
            if code == "AK":  # the Aleutians cross the antimeridian
                points = [(lon - 360 if lon > 0 else lon, lat) for lon, lat in points]
            rings.append(points)
    return rings


def state_svg(
    code: str, points: Iterable[tuple[float, float]], *, title: str, width: float = 640
) -> str:
    """A state's own map with its walkouts (latitude, longitude), fitted to `width`."""
    if code not in _state_geometries():
        return ""
    rings = _state_rings(code)
    lons = [lon for ring in rings for lon, _ in ring]
    lats = [lat for ring in rings for _, lat in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    squeeze = math.cos((south + north) / 2 * R)
    span_x, span_y = (east - west) * squeeze or 1e-6, (north - south) or 1e-6
    height = min(width * span_y / span_x, width * 0.9)
    scale = min((width - 20) / span_x, (height - 20) / span_y)
    offset_x = (width - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        if code == "AK" and lon > 0:
            lon -= 360
        return offset_x + (lon - west) * squeeze * scale, offset_y + (north - lat) * scale

    shapes = [_simplify([project(lon, lat) for lon, lat in ring], 0.3) for ring in rings]
    projected = [project(lon, lat) for lat, lon in points]
    return (
        f'<svg class="map state" viewBox="0 0 {_number(width)} {_number(height)}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f'<path class="shape" d="{_path(shapes)}"/>'
        f'<g class="dots">{_circles(clusters(projected, 6), 24)}</g></svg>'
    )
