"""Offline ZIP lookup (PyPI `zipcodes`, data compiled into the package)."""

from dataclasses import dataclass

import zipcodes


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
