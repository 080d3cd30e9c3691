"""Small helpers shared by the unit and integration tests (not fixtures, not factories)."""

import base64
import pickle
import re
import time
from html.parser import HTMLParser

from django.apps import apps
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.db import connection

from walkout.common import antispam
from walkout.people.middleware import SEEN_AT, SIGNED_IN_AT, VERIFIED


def fresh_stamp() -> str:
    """A valid, unused anti-spam stamp (conftest sets the minimum filling time to 0)."""
    return antispam.issue_stamp()


def solve_work(stamp: str) -> str:
    """The proof of work walkout/static/walkout/pow.js would find for `stamp`."""
    bits, nonce = antispam.stamp_bits(stamp), 0
    while not antispam.work_is_valid(stamp, str(nonce), bits):
        nonce += 1
    return str(nonce)


def stamp_and_work() -> dict:
    """Form data for a stamp with its proof of work solved, as a browser with JavaScript sends."""
    stamp = antispam.issue_stamp()
    return {"stamp": stamp, "work": solve_work(stamp)}


def sign_in_verified(client, user) -> None:
    """A session that passed password and second factor just now (for tests of other things)."""
    client.force_login(user)
    session = client.session
    session[SIGNED_IN_AT] = session[SEEN_AT] = time.time()
    session[VERIFIED] = True
    session.save()


def sign_in_password_only(client, user) -> None:
    client.force_login(user)
    session = client.session
    session[SIGNED_IN_AT] = session[SEEN_AT] = time.time()
    session[VERIFIED] = False
    session.save()


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden input {name!r}"
    return match.group(1)


def _decode_cache_value(raw) -> str:
    try:
        return repr(pickle.loads(base64.b64decode(raw)))  # noqa: S301 - our own cache rows
    except Exception:
        return repr(raw)


def dump_models() -> str:
    """Every row of every model, as values() dicts."""
    return "\n".join(repr(list(model._default_manager.values())) for model in apps.get_models())


def dump_tables() -> str:
    """Every row of every table, raw; session data and database-cache values decoded."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from introspection
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                record = dict(zip(columns, row, strict=True))
                out.append(f"{table}: {record!r}")
                if table == "django_session":
                    out.append(repr(SessionStore().decode(record["session_data"])))
                if "cache_key" in record and "value" in record:
                    out.append(_decode_cache_value(record["value"]))
    return "\n".join(out)


def _cache_entries(cache):
    """(key, raw value) of every entry: the in-process dict, or every key in Redis."""
    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):
        yield from list(cache._cache.items())
    elif cache.__class__.__name__ == "RedisCache":
        client = cache._cache.get_client()
        for key in client.scan_iter("*"):
            yield key, client.get(key)


def dump_caches() -> str:
    """Keys and values of the in-process cache and, with Redis, of every Redis key."""
    out = []
    for key, value in _cache_entries(caches["default"]):
        out.append(repr(key))
        try:
            out.append(repr(pickle.loads(value)))  # noqa: S301 - our own cache entries
        except Exception:
            out.append(repr(value))
    return "\n".join(out)


def dump_everything() -> str:
    return "\n".join([dump_models(), dump_tables(), dump_caches()])


class _PageScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts = 0
        self.handlers: list[str] = []
        self.styles: list[str] = []
        self.style_tags = 0

    def handle_starttag(self, tag, attrs):
        names = [name.lower() for name, _ in attrs]
        if tag == "script" and "src" not in names:
            self.inline_scripts += 1
        if tag == "style":
            self.style_tags += 1
        self.handlers += [f"{tag}[{n}]" for n in names if n.startswith("on")]
        self.styles += [tag for n in names if n == "style"]

    handle_startendtag = handle_starttag


def inline_code(html: str) -> dict:
    """What a strict CSP would block in a page: inline scripts, handlers, styles."""
    scan = _PageScan()
    scan.feed(html)
    return {
        "inline_scripts": scan.inline_scripts,
        "handlers": scan.handlers,
        "style_attributes": scan.styles,
        "style_tags": scan.style_tags,
    }


class FastArgon2Hasher(Argon2PasswordHasher):
    """Argon2id with tiny costs, for tests that are not about password hashing."""

    time_cost = 1
    memory_cost = 256
    parallelism = 1


FAST_HASHERS = ["tests.helpers.FastArgon2Hasher"]


def session_queries(on_database: int) -> int:
    """A staff page's query count: the cached_db session engine (with Redis) reads the
    session from the cache, one database query fewer."""
    from django.conf import settings

    return on_database - (settings.SESSION_ENGINE.endswith("cached_db"))
