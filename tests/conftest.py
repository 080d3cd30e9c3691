import pytest
from django.core.cache import caches


def _uses_db(request) -> bool:
    names = set(request.fixturenames)
    return bool(
        request.node.get_closest_marker("django_db")
        or names & {"db", "transactional_db", "live_server", "django_db_setup_done"}
    )


@pytest.fixture(autouse=True)
def _fresh_caches(request, settings):
    """Each test starts with empty caches and no minimum form-filling time."""
    settings.WALKOUT_FORM_MIN_SECONDS = 0
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
