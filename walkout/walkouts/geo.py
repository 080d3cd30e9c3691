"""Offline ZIP and city lookup (PyPI `zipcodes`, data compiled into the package)."""

import functools
from dataclasses import dataclass

import zipcodes

from walkout.common.text import normalize_name
from walkout.walkouts.us_states import STATE_NAMES


@dataclass(frozen=True)
class ZipPlace:
    zip_code: str
    city: str
    state: str
    latitude: float
    longitude: float


def lookup_zip(zip_code: str) -> ZipPlace | None:
    """The place of a 5-digit US ZIP, or None when unknown or without a location."""
    zip_code = (zip_code or "").strip()
    if len(zip_code) != 5 or not zip_code.isdigit():
        return None
    try:
        matches = zipcodes.matching(zip_code)
    except (ValueError, TypeError):
        return None
    for row in matches:
        lat, lon = float(row["lat"] or 0), float(row["long"] or 0)
        if lat == 0 and lon == 0:  # the package's marker for "no location"
            continue
        return ZipPlace(zip_code, row["city"], row["state"], lat, lon)
    return None


@dataclass(frozen=True)
class CityPlace:
    city: str
    state: str
    latitude: float
    longitude: float


@functools.cache
def _cities() -> dict[str, list[CityPlace]]:
    """Normalized city name -> its places, biggest first (by number of ZIP codes).

    A city's point is the mean of its located ZIP codes. Built once per process (about half
    a second) from the same offline table as lookup_zip.
    """
    sums: dict[tuple[str, str], list] = {}
    for row in zipcodes.list_all():
        lat, lon = float(row["lat"] or 0), float(row["long"] or 0)
        if (lat == 0 and lon == 0) or not row["active"] or row["state"] not in STATE_NAMES:
            continue
        entry = sums.setdefault((row["city"], row["state"]), [0.0, 0.0, 0])
        entry[0] += lat
        entry[1] += lon
        entry[2] += 1
    by_name: dict[str, list[tuple[int, CityPlace]]] = {}
    for (city, state), (lat, lon, n) in sums.items():
        place = CityPlace(city, state, round(lat / n, 4), round(lon / n, 4))
        by_name.setdefault(normalize_name(city), []).append((n, place))
    return {
        key: [place for _, place in sorted(places, key=lambda p: (-p[0], p[1].state))]
        for key, places in by_name.items()
    }


_STATE_WORDS = {normalize_name(name): code for code, name in STATE_NAMES.items()}


def _split_state(text: str) -> tuple[str, str | None]:
    """'Portland, ME' / 'portland me' / 'Portland Maine' -> ('Portland', 'ME')."""
    if "," in text:
        head, _, tail = text.rpartition(",")
        code = tail.strip().upper()
        code = code if code in STATE_NAMES else _STATE_WORDS.get(normalize_name(tail))
        return (head.strip(), code) if code else (text, None)
    words = text.split()
    for size in (3, 2, 1):
        if len(words) > size:
            tail = " ".join(words[-size:])
            code = tail.upper() if size == 1 and tail.upper() in STATE_NAMES else None
            code = code or _STATE_WORDS.get(normalize_name(tail))
            if code:
                return " ".join(words[:-size]), code
    return text, None


def lookup_city(text: str) -> list[CityPlace]:
    """US places named `text` ('Chicago', 'Portland, ME'), most likely first; [] if none."""
    name, state = _split_state(" ".join((text or "").split()))
    places = _cities().get(normalize_name(name), [])
    return [p for p in places if p.state == state] if state else places
