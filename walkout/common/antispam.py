"""Abuse limits that never store an address (SAFETY.md decision 8, requirements 43 and 45).

* A signed form stamp: a form must be older than a few seconds, younger than a few hours, and
  each stamp is accepted once.
* A per-network counter, keyed by HMAC(secret, network prefix) where the secret is random,
  lives only in this process's memory and changes every UTC day. The key cannot be turned
  back into an address, and yesterday's keys become meaningless at midnight.
"""

import datetime
import hashlib
import hmac
import ipaddress
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import caches

_SALT = "walkout.antispam.stamp"
_daily_secret: dict[datetime.date, bytes] = {}


def _secret_for_today() -> bytes:
    today = datetime.datetime.now(datetime.UTC).date()
    if today not in _daily_secret:
        _daily_secret.clear()
        _daily_secret[today] = secrets.token_bytes(32)
    return _daily_secret[today]


def issue_stamp() -> str:
    return signing.dumps({"n": secrets.token_hex(8), "t": time.time()}, salt=_SALT)


def check_stamp(stamp: str) -> str | None:
    """Return None when the stamp is good, else the reason: 'invalid', 'fast', 'reused'."""
    max_age = getattr(settings, "WALKOUT_FORM_MAX_SECONDS", 4 * 3600)
    try:
        payload = signing.loads(stamp or "", salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return "invalid"
    if time.time() - payload["t"] < getattr(settings, "WALKOUT_FORM_MIN_SECONDS", 2):
        return "fast"
    if not caches["shared"].add(f"stamp:{payload['n']}", 1, timeout=max_age):
        return "reused"
    return None


def network_key(request) -> str:
    """An unlinkable, day-scoped key for the client's network (/24 for IPv4, /48 for IPv6)."""
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
        prefix = 24 if address.version == 4 else 48
        network = str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
    except ValueError:
        network = "unknown"
    return hmac.new(_secret_for_today(), network.encode(), hashlib.sha256).hexdigest()[:24]


def within_limit(bucket: str, key: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count one use of `bucket` for `key`; False once `limit` uses fall in the window."""
    cache = caches["shared"]
    name = f"limit:{bucket}:{key}:{int(time.time() // window_seconds)}"
    cache.add(name, 0, timeout=window_seconds)
    try:
        used = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window_seconds)
        used = 1
    return used <= limit
