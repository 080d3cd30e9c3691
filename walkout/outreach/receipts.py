"""The browser's RSVP receipts: a cookie that ends with the browser session.

It maps walkout ids to the random receipts this browser got when it said "I'm in". It has
no Max-Age or Expires (SAFETY.md requirement 7), is HttpOnly and SameSite=Lax, and holds at
most MAX_RECEIPTS entries. The server keeps only each receipt's SHA-256 digest, which says
that someone said "I'm in", never who.
"""

import re

from django.conf import settings

MAX_RECEIPTS = 20
_ENTRY = re.compile(r"^([A-Za-z0-9_-]{1,20}):([A-Za-z0-9_-]{43})$")


def cookie_name() -> str:
    return "__Host-rsvp" if settings.HTTPS else "rsvp"


def read(request) -> dict[str, str]:
    """{walkout public id: receipt} from the cookie; malformed entries are ignored."""
    found = {}
    for entry in request.COOKIES.get(cookie_name(), "").split("."):
        match = _ENTRY.match(entry)
        if match:
            found[match[1]] = match[2]
    return found


def write(response, receipts: dict[str, str]) -> None:
    """Set the cookie to `receipts` (the newest MAX_RECEIPTS). An empty one is set empty
    rather than deleted: deleting means an Expires date in the past, and no cookie of ours
    ever carries one."""
    name = cookie_name()
    kept = list(receipts.items())[-MAX_RECEIPTS:]
    response.set_cookie(
        name,
        ".".join(f"{pid}:{token}" for pid, token in kept),
        max_age=None,
        expires=None,
        path="/",
        secure=settings.HTTPS,
        httponly=True,
        samesite="Lax",
    )
