"""Browser tests: headless Debian Chromium driven by Playwright against pytest-django's live server.

No browser is ever downloaded (TECH_NOTES.md section 5): Playwright launches the system
`chromium` (or $WALKOUT_CHROMIUM). Without it these tests are skipped, or fail with
`--require-browser` (CI). Every page a test opens records each request it makes and each
console error; at teardown all requests must have gone to the live server's own origin
(SAFETY.md decision 5, requirement 8) and no console error may have happened.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

# Loopback only, by address, so that nothing depends on how "localhost" resolves.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

HERE = Path(__file__).resolve().parent
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 1,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


def chromium_path() -> str | None:
    return shutil.which(os.environ.get("WALKOUT_CHROMIUM", "chromium"))


def _in_this_folder(item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_configure(config):
    # pytest-base-url (pulled in by pytest-playwright) defines a fixture pytest 9 deprecates.
    config.addinivalue_line(
        "filterwarnings", "ignore:Session-scoped fixtures defined as instance methods"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    missing = chromium_path() is None and not config.getoption("--require-browser")
    for item in items:
        if not _in_this_folder(item):
            continue
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(
                pytest.mark.skip(
                    reason="no Chromium found (install Debian's `chromium` or set "
                    "WALKOUT_CHROMIUM); pass --require-browser to fail instead"
                )
            )


def pytest_runtest_setup(item):
    # Not tryfirst: skip marks (the screenshot tour without --screenshots) are checked first.
    required = item.config.getoption("--require-browser")
    if required and _in_this_folder(item) and chromium_path() is None:
        pytest.fail(
            "--require-browser was given but no Chromium was found: "
            "apt-get install --no-install-recommends chromium (never `playwright install`)",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="module")
def playwright():
    """Playwright for one test module at a time, not (as pytest-playwright has it) the session.

    While Playwright's sync API is started, this thread has a running asyncio loop, so Django
    refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Scoping both to the module
    keeps the loop and the variable away from the other tests in the same worker, and from
    the subprocesses they start (`manage.py check --deploy` rejects the variable).
    """
    before = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as pw:
            yield pw
    finally:
        if before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = before


@pytest.fixture(scope="module")
def browser(playwright, browser_type_launch_args):
    browser = playwright.chromium.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def browser_context_args():
    # Each context gets its size, JavaScript switch and the live server's URL in open_context.
    return {}


@pytest.fixture
def site(live_server, settings):
    """The live server, reachable by its own host name (which Django must accept)."""
    host = urlsplit(live_server.url).hostname
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, host]
    return live_server


class Watch:
    """What the pages of one browser context asked for, and what they complained about."""

    def __init__(self, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.errors: list[str] = []

    def attach(self, context) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("console", self._console)
        context.on("weberror", lambda error: self.errors.append(f"page error: {error.error}"))
        context.on("response", self._response)

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.is_navigation_request():
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def allow(self, fragment: str) -> None:
        """Forget the errors that mention `fragment` (an expected 404, say)."""
        self.errors = [error for error in self.errors if fragment not in error]

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if not url.startswith("data:") and _origin(url) != self.origin
        ]

    def check(self) -> None:
        assert self.requests, "no request was recorded"
        foreign = self.foreign_requests()
        assert not foreign, f"requests left {self.origin}: {foreign}"
        assert not self.errors, f"the browser reported errors: {self.errors}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def open_context(new_context, site, request):
    """open_context("phone" | "desktop", js=True, **context_args) -> a watched BrowserContext.

    Its base URL is the live server, so pages can go to paths ("/hub/").

    Teardown asserts that every request went to the live server and no error was logged
    (skipped when the test itself already failed, so the first failure stays readable).
    """
    watches: list[Watch] = []

    def _open(size: str = "phone", *, js: bool = True, **kwargs):
        context = new_context(
            **{"locale": "en-US", **SIZES[size], **kwargs},
            base_url=site.url,
            java_script_enabled=js,
        )
        context.set_default_timeout(10_000)
        watch = Watch(_origin(site.url))
        watch.attach(context)
        context.watch = watch
        watches.append(watch)
        return context

    yield _open
    report = getattr(request.node, "rep_call", None)
    if report is None or report.passed:
        for watch in watches:
            watch.check()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if _in_this_folder(item) and report.when == "call":
        item.rep_call = report
    return report


@pytest.fixture
def phone_context(open_context):
    return open_context("phone")


@pytest.fixture
def phone_context_nojs(open_context):
    return open_context("phone", js=False)


@pytest.fixture
def desktop_context(open_context):
    return open_context("desktop")


@pytest.fixture
def desktop_context_nojs(open_context):
    return open_context("desktop", js=False)


@pytest.fixture
def phone_page(phone_context):
    return phone_context.new_page()


@pytest.fixture
def phone_page_nojs(phone_context_nojs):
    return phone_context_nojs.new_page()


@pytest.fixture
def desktop_page(desktop_context):
    return desktop_context.new_page()


@pytest.fixture
def desktop_page_nojs(desktop_context_nojs):
    return desktop_context_nojs.new_page()


def assert_clean(page) -> None:
    """Mid-test check of the same promises the teardown checks."""
    page.context.watch.check()


def submit(page, button) -> None:
    """Click a form's submit button and check that the page it leads to loaded (< 400)."""
    with page.expect_navigation() as navigation:
        button.click()
    response = navigation.value
    if response.status >= 400:
        text = " ".join(page.locator("body").inner_text().split())[:300]
        raise AssertionError(
            f"{response.request.method} {response.url} answered {response.status}: {text}"
        )


def assert_fits(page, width: int = 360) -> None:
    """No horizontal scrolling at this width."""
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways: {scroll}px wide at {width}px"


@pytest.fixture
def shots(request, tmp_path):
    """shots(page, name): a full-page PNG into tmp, and into --screenshots DIR when given."""
    folders = [tmp_path / "screenshots"]
    wanted = request.config.getoption("--screenshots")
    if wanted:
        folders.append(Path(wanted))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)

    def _shot(page, name: str) -> Path:
        first = folders[0] / f"{name}.png"
        page.screenshot(path=first, full_page=True)
        for folder in folders[1:]:
            shutil.copyfile(first, folder / first.name)
        return first

    return _shot
