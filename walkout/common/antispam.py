"""Abuse limits that never store an address (SAFETY.md decision 8, requirements 43 to 45).

* A signed form stamp: a form must be older than a few seconds, younger than a few hours, and
  each stamp is accepted once.
* A small proof of work on the stamp: the browser finds a nonce such that SHA-256 of
  "stamp:nonce" starts with WALKOUT_POW_BITS zero bits (walkout/static/walkout/pow.js). A form
  sent without it (JavaScript off, Tor Browser "Safest") is still accepted, under a stricter
  per-network limit; a wrong nonce is refused.
* Counters keyed by HMAC(secret, network prefix) or HMAC(secret, object id), where the secret
  is random, lives only in this process's memory and changes every UTC day. A key cannot be
  turned back into an address, and yesterday's keys become meaningless at midnight.
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


def _keyed(value: str) -> str:
    return hmac.new(_secret_for_today(), value.encode(), hashlib.sha256).hexdigest()[:24]


def issue_stamp() -> str:
    """A signed stamp; it carries the proof-of-work difficulty in force when it was made."""
    payload = {"n": secrets.token_hex(8), "t": time.time(), "d": settings.WALKOUT_POW_BITS}
    return signing.dumps(payload, salt=_SALT)


def stamp_bits(stamp: str) -> int:
    """The difficulty a stamp asks for (0 for a stamp this module cannot read)."""
    try:
        return int(signing.loads(stamp, salt=_SALT).get("d", 0))
    except (signing.BadSignature, ValueError, TypeError, AttributeError):
        return 0


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def work_is_valid(stamp: str, nonce: str, bits: int) -> bool:
    if not nonce.isdigit() or len(nonce) > 12:
        return False
    digest = hashlib.sha256(f"{stamp}:{nonce}".encode()).digest()
    return leading_zero_bits(digest) >= bits


def check_stamp(stamp: str, work: str = "", *, min_seconds: float | None = None) -> str | None:
    """Return None when the stamp is good, else the reason.

    Reasons: 'invalid' (forged or expired), 'fast' (sent within seconds), 'work' (a proof of
    work that does not solve this stamp), 'reused' (sent before). A missing proof of work is
    not a reason: such a form counts against a stricter limit. `min_seconds` overrides
    WALKOUT_FORM_MIN_SECONDS (a one-click form with its proof of work solved passes 0).
    """
    max_age = getattr(settings, "WALKOUT_FORM_MAX_SECONDS", 4 * 3600)
    try:
        payload = signing.loads(stamp or "", salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return "invalid"
    if min_seconds is None:
        min_seconds = getattr(settings, "WALKOUT_FORM_MIN_SECONDS", 2)
    if time.time() - payload["t"] < min_seconds:
        return "fast"
    if work and not work_is_valid(stamp, work, int(payload.get("d", 0))):
        return "work"
    if not caches["shared"].add(f"stamp:{payload['n']}", 1, timeout=max_age):
        return "reused"
    return None


def client_address(request) -> str:
    """The client's address, from the proxy's header when one is configured. Never stored."""
    header = settings.WALKOUT_CLIENT_IP_HEADER
    if header:
        meta = "HTTP_" + header.upper().replace("-", "_")
        forwarded = request.META.get(meta, "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def network_key(request) -> str:
    """An unlinkable, day-scoped key for the client's network (/24 for IPv4, /48 for IPv6)."""
    try:
        address = ipaddress.ip_address(client_address(request))
        prefix = 24 if address.version == 4 else 48
        network = str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
    except ValueError:
        network = "unknown"
    return _keyed(network)


def object_key(kind: str, object_id: str) -> str:
    """An unlinkable, day-scoped key for one object (a walkout), for per-object limits."""
    return _keyed(f"{kind}:{object_id}")


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


def network_allows_write(request, *, work_done: bool) -> bool:
    """One anonymous write from this network: counted against the generous limit, and, when
    the proof of work is missing, also against the stricter one."""
    key = network_key(request)
    allowed = within_limit("anon-write", key, settings.WALKOUT_NETWORK_WRITES_PER_HOUR)
    if not work_done:
        limit = settings.WALKOUT_NETWORK_WRITES_NO_POW_PER_HOUR
        allowed = within_limit("anon-write-no-pow", key, limit) and allowed
    return allowed


def object_allows_write(kind: str, object_id: str) -> bool:
    """One write to one object (a walkout), against WALKOUT_WRITES_PER_WALKOUT_PER_HOUR."""
    limit = settings.WALKOUT_WRITES_PER_WALKOUT_PER_HOUR
    return within_limit(f"{kind}-write", object_key(kind, object_id), limit)
