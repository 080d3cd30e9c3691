"""The "seized server" test (SAFETY.md requirements 1, 2, 5, 7, 9, 22, 41, 42).

In a process of its own with a fresh database (a SQLite file, or a new PostgreSQL database)
and fresh data and temporary folders, tests/seized_server_flow.py loads the demo, drives every
form and view with canary addresses, headers, cookies, tokens and texts, moves time past every
retention period and purges. Then this test reads everything the platform wrote (the database
dump, the raw SQLite files, the data and temporary folders, every log line, the caches) and
finds none of the canaries, and no text of a deleted record.
"""

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests import seized_server_flow as flow
from tests.common.test_security import IP_CANARIES

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "secret-key-canary-" + "k" * 40
FIELD_KEY = "field-key-canary-" + "f" * 30

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@contextlib.contextmanager
def flow_database(env: dict):
    """A SQLite file in the data folder by default; with PostgreSQL, a database of its own."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        env.pop("DATABASE_URL", None)
        yield "sqlite"
        return
    import psycopg

    name = f"{db['NAME']}_seized"[:63]
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        password = f":{params['password']}" if params["password"] else ""
        env["DATABASE_URL"] = (
            f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
        )
        try:
            yield "postgresql"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def everything_written(*folders: Path) -> dict[str, bytes]:
    return {
        str(path): path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != "canaries.json"
    }


def test_seized_server_holds_no_canary(tmp_path):
    data, temp, out = tmp_path / "data", tmp_path / "tmp", tmp_path / "out"
    for folder in (data, temp, out):
        folder.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "walkout.settings",
        "WALKOUT_DATA_DIR": str(data),
        "TMPDIR": str(temp),
        "WALKOUT_SECRET_KEY": SECRET_KEY,
        "WALKOUT_FIELD_KEY": FIELD_KEY,
        "WALKOUT_LOG_LEVEL": "DEBUG",
        "WALKOUT_POW_BITS": "6",
        "WALKOUT_ALLOWED_HOSTS": "testserver",
        "WALKOUT_PURGE_IN_PROCESS": "false",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    with flow_database(env) as vendor:
        result = subprocess.run(  # noqa: S603 -- our own interpreter and module, fixed arguments
            [sys.executable, "-m", "tests.seized_server_flow", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=600,
            check=False,
        )
    assert result.returncode == 0, result.stderr.decode()[-4000:]
    report = json.loads((out / "canaries.json").read_text())

    # The flow did what it says: every walkout is gone, the public counts are the same after
    # the purge as before, and the dump is a real one.
    assert report["walkouts_left"] == 0
    assert report["counts_after"] == report["counts_before"]
    assert sum(n for counts in report["counts_after"].values() for _, n in counts) > 0
    dump = (out / "dump.txt").read_text()
    assert "walkouts_walkouttally" in dump
    assert "Spring Surge" in dump  # kept: the campaign

    written = everything_written(data, temp, out)
    written["stdout"], written["stderr"] = result.stdout, result.stderr
    if vendor == "sqlite":
        raw = data / "db.sqlite3"
        assert b"Spring Surge" in raw.read_bytes()  # the raw file is searched, and readable
        assert str(raw) in written
    canaries = [
        *IP_CANARIES,
        flow.USER_AGENT,
        "seized-ua-41c2",
        flow.REFERER,
        "seized-ref-90ab",
        "qzseized",
        flow.COOKIE,
        flow.QUERY,
        flow.SEARCH,
        flow.WRONG_PASSWORD,
        *report["tokens"],
        *report["secrets"],
        *report["texts"],
        "qz7f3bqz",  # the mark every canary text carries
    ]
    assert len(report["tokens"]) == 6  # organizer links, crew links, a case code
    assert len(report["texts"]) > 15
    found = [
        (canary, where)
        for canary in canaries
        for where, blob in written.items()
        if canary.encode() in blob
    ]
    packed = bytes([203, 0, 113, 77])
    found += [("packed IP", where) for where, blob in written.items() if packed in blob]

    assert found == []
    # Every URL pattern was reached (tests/common/test_security.py route_kwargs names the
    # arguments of each).
    assert report["unexercised"] == []
