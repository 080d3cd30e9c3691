import pytest
from django.core.cache import caches
from django.utils import translation

from tests.helpers import FAST_HASHERS


def _uses_db(request) -> bool:
    names = set(request.fixturenames)
    return bool(
        request.node.get_closest_marker("django_db")
        or names & {"db", "transactional_db", "live_server", "django_db_setup_done"}
    )


@pytest.fixture(autouse=True)
def _fresh_caches(request, settings, tmp_path):
    """Each test starts with empty caches and no minimum form-filling time."""
    settings.WALKOUT_FORM_MIN_SECONDS = 0
    # Cached public pages: a version of this test's own, not one shared with other runs.
    settings.WALKOUT_PUBLIC_VERSION_FILE = tmp_path / "public-version"
    # Uploaded photos and videos (walkout/media): a folder of this test's own.
    settings.MEDIA_ROOT = tmp_path / "media"
    caches["default"].clear()
    if _uses_db(request) or settings.CACHES["shared"]["BACKEND"].endswith("RedisCache"):
        caches["shared"].clear()


def pytest_addoption(parser):
    parser.addoption(
        "--require-browser",
        action="store_true",
        help="Fail, rather than skip, the browser tests when Chromium is missing (CI).",
    )
    parser.addoption(
        "--screenshots", default="", help="Folder for the screenshot tour (make screenshots)."
    )


@pytest.fixture(autouse=True)
def _english():
    """Start in English and leave no language active (a request to /es/ activates Spanish)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_hashing(request, settings):
    """Cheap Argon2id parameters, except for tests that ask for `real_hashing`."""
    if "real_hashing" not in request.fixturenames:
        settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def real_hashing():
    """The production hashers (settings.PASSWORD_HASHERS as shipped)."""
