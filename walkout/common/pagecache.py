"""A server-side cache for public read pages and API responses.

Browsers still get `Cache-Control: no-store` (the headers middleware adds it to every
response, cached or not, with the rest of the security headers): only the server keeps
copies. Entries are keyed by a *publication version* that changes whenever anything public
changes (walkouts/actions.py bumps it), so nothing is ever served stale after a moderator
approves, rejects or a student cancels; old entries simply stop being read and expire.

The version is shared by every server process: through Redis when `REDIS_URL` is set, else
through the modification time of a small file in the data folder (one `stat` per request,
no database query, so query counts stay the same with and without a cached version).

Keys hold the path, the language and the host, never anything about the visitor. Views
decide what may be cached: nothing with a visitor's own input (a search, a location), and
nothing marked `noindex`. Pages holding a CSRF token and pages for signed-in staff are
never shared.
"""

import functools
import gzip
import hashlib
import os
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

VERSION_KEY = "public-version"
GZIP_MIN_BYTES = 1024


def _version_file():
    return settings.WALKOUT_PUBLIC_VERSION_FILE


def _uses_redis() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


def current_version() -> str:
    """The publication version every process agrees on."""
    if _uses_redis():
        cache = caches["default"]
        value = cache.get(VERSION_KEY)
        if value is None:
            cache.add(VERSION_KEY, secrets.token_hex(4), timeout=None)
            value = cache.get(VERSION_KEY, "0")
        return value
    try:
        return str(os.stat(_version_file()).st_mtime_ns)
    except FileNotFoundError:
        return "0"


def _bump() -> None:
    if _uses_redis():
        caches["default"].set(VERSION_KEY, secrets.token_hex(4), timeout=None)
        return
    path = _version_file()
    path.write_text(secrets.token_hex(4))
    # Two bumps within the file system's clock resolution must still differ.
    stamp = time.time_ns()
    os.utime(path, ns=(stamp, max(stamp, os.stat(path).st_mtime_ns + 1)))


def bump_version() -> None:
    """Something public changed: stop serving every cached page and response.

    Bumped at once and again after the transaction commits, so a request that read the old
    rows between the two cannot leave them cached under the new version.
    """
    _bump()
    transaction.on_commit(_bump)


def _key(request, per_minute: bool) -> str:
    parts = [
        current_version(),
        translation.get_language() or "",
        request.get_host(),
        request.path,
        "&".join(sorted(request.GET.urlencode().split("&"))),
        "htmx" if getattr(request, "htmx", False) else "",
        str(int(time.time() // 60)) if per_minute else "",
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _respond(request, entry: dict) -> HttpResponse:
    wants_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    if wants_gzip and entry["gzip"] is not None:
        response = HttpResponse(entry["gzip"], content_type=entry["type"], status=entry["status"])
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(entry["body"], content_type=entry["type"], status=entry["status"])
    if entry["gzip"] is not None:
        patch_vary_headers(response, ["Accept-Encoding"])
    for name, value in entry["headers"].items():
        response.headers[name] = value
    return response


def _cacheable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page that holds a CSRF token belongs to one browser only.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "noindex", False)
        and not getattr(request, "no_page_cache", False)
    )


def _personal(request) -> bool:
    """Signed-in staff see pages rendered for them, never the shared copies."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


KEPT_HEADERS = ("Access-Control-Allow-Origin", "Content-Disposition", "Permissions-Policy", "Link")


def cached_page(view=None, *, timeout: int = 300, per_minute: bool = False):
    """Serve the view's 200 responses from the cache until something public changes.

    `per_minute` also changes the key every minute, for pages that show "in 5 minutes".
    A view opts out for one request with `request.no_page_cache = True`.
    """

    def decorate(func):
        @functools.wraps(func)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or _personal(request):
                return func(request, *args, **kwargs)
            cache = caches["default"]
            key = _key(request, per_minute)
            entry = cache.get(key)
            if entry is not None:
                return _respond(request, entry)
            response = func(request, *args, **kwargs)
            if not _cacheable(request, response):
                return response
            body = response.content
            entry = {
                "body": body,
                "gzip": gzip.compress(body, 6) if len(body) >= GZIP_MIN_BYTES else None,
                "type": response["Content-Type"],
                "status": response.status_code,
                "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
            }
            cache.set(key, entry, timeout=60 if per_minute else timeout)
            return _respond(request, entry)

        return wrapper

    return decorate(view) if view is not None else decorate
