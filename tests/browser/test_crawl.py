"""The crawl (issue 4): every page in tests/crawl_routes.py, as each of its visitors, in every
offered language, with JavaScript on and off, on a 360x740 phone and a 1280x800 desktop.

Every page, every pass: the expected status, `<html lang>` in the page's language, a link to
each other language, zero requests to another origin (SAFETY.md requirement 8), zero console
errors or Content-Security-Policy violations (requirement 34; Chromium logs a violation as a
console error even with JavaScript off, and an init script reports each
`securitypolicyviolation` event too), no persistent cookie (requirement 7), landmarks (one
header, nav, main and footer), every form field labelled, and no sideways scrolling.

With JavaScript on, on the phone (one pass per language, to keep the crawl quick): zero
axe-core violations at WCAG 2.2 AA, a visible focus on the first link and on a button, nothing
left in the browser's storage, and the weight: the page's HTML, CSS, JavaScript and fonts,
each gzipped at level 6 here (the test server does not compress; in production WhiteNoise
serves static files pre-compressed and common/pagecache.py compresses the shared public pages),
under the route's budget. The weights are printed (`-s`), written to
`crawl-weights-<lang>.txt` in pytest's temporary folder, and with --screenshots DIR to
DIR/weights.txt, next to a full-page PNG of every page (JavaScript on, both sizes).

The core flows complete with JavaScript off in their own tests: registering a walkout
(test_journey.py, nojs), joining a crew and its work (test_crew_journey.py, nojs), finding
one near you (test_find.py), the language switch (test_languages.py). RSVPs and reports do not
exist yet; when they do, their flows join that list.
"""

import gzip
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from tests.browser.conftest import SIZES
from tests.crawl_routes import (
    HUB_ROLES,
    ROUTES,
    SIGNING_IN,
    STRANGER,
    Route,
    Visit,
    build_world,
    visits,
)
from tests.helpers import sign_in_password_only, sign_in_verified
from walkout.hubs.permissions import can_view_audit
from walkout.people.models import User

pytestmark = pytest.mark.browser

LANGS = [code for code, _ in settings.LANGUAGES]
COMBOS = [
    pytest.param(lang, js, size, id=f"{lang}-{'js' if js else 'nojs'}-{size}")
    for lang in LANGS
    for js in (True, False)
    for size in ("phone", "desktop")
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
AXE = Axe()
AXE_RULES = {"color-contrast", "label", "html-has-lang", "target-size", "link-name", "button-name"}
# Requirement 33, as the browser receives them (tests/common/test_security.py has the detail).
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
}
CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}
KINDS = {".css": "css", ".js": "js", ".woff2": "font", ".woff": "font", ".ttf": "font"}

REPORT_CSP = """document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});"""

FACTS = """() => {
  const skip = ["hidden", "submit", "button", "reset", "image"];
  const fields = [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => !skip.includes(el.type));
  const named = (el) => (el.labels && el.labels.length) || el.getAttribute("aria-label")
    || el.getAttribute("aria-labelledby");
  return {
    lang: document.documentElement.lang,
    width: document.documentElement.scrollWidth,
    landmarks: {
      header: document.querySelectorAll("body > header").length,
      nav: document.querySelectorAll("nav").length,
      main: document.querySelectorAll("main").length,
      footer: document.querySelectorAll("body > footer").length,
    },
    unlabelled: fields.filter((el) => !named(el)).map((el) => el.name || el.id || el.tagName),
    switch: [...document.querySelectorAll("a[hreflang]")].map((a) => a.hreflang),
  };
}"""

FOCUS = """(selector) => {
  let el = document.activeElement;
  if (selector) {
    el = [...document.querySelectorAll(selector)].find((b) => b.offsetParent !== null);
    if (!el) return null;
    el.focus();
  }
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return {
    what: el.tagName + (el.className ? "." + el.className : ""),
    visible: outline || style.boxShadow !== "none",
  };
}"""

STORAGE = """async () => window.localStorage.length + window.sessionStorage.length
  + (indexedDB.databases ? (await indexedDB.databases()).length : 0)"""


def error_pages() -> list[Visit]:
    """Pages no route names: the 404 page, and the console's 403 page for a role that may
    not read the audit log."""
    barred = next(r for r in HUB_ROLES if not can_view_audit(User(role=r.removeprefix("hub-"))))
    return [
        Visit("not found", STRANGER, "", Route(), status=404, path="/no-such-page/"),
        Visit("hubs:audit", barred, "", ROUTES["hubs:audit"], status=403),
    ]


class Recorder:
    """What one browser context asked for and complained about since the last `take`."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("console", self._console)
        context.on("weberror", lambda error: self.errors.append(f"page error: {error.error}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text[:300]}")

    def take(self, status: int = 200) -> list[str]:
        """The problems seen since the last call; an error page's own status is no problem."""
        expected = f"the server responded with a status of {status} "
        self.errors = [error for error in self.errors if expected not in error]
        foreign = [
            url
            for url in self.requests
            if not url.startswith(("data:", self.origin + "/")) and url != self.origin
        ]
        problems = [f"request to another origin: {url}" for url in foreign] + self.errors
        self.requests, self.errors = [], []
        return problems


class Sessions:
    """One browser context, with one page, per kind of visitor: anonymous (strangers and
    holders of secret links), a staff member between password and second factor, and each
    signed-in staff role (a session made on the server, so no code is used up)."""

    def __init__(self, browser, site, world, lang: str, js: bool, size: str):
        self.browser, self.site, self.world = browser, site, world
        self.options = {
            **SIZES[size],
            "locale": {"en": "en-US", "es": "es-US"}.get(lang, lang),
            "java_script_enabled": js,
            "base_url": site.url,
        }
        self.open: dict[str, tuple] = {}

    def page(self, role: str):
        kind = role if role.startswith("hub-") or role == SIGNING_IN else "anonymous"
        if kind not in self.open:
            context = self.browser.new_context(**self.options)
            context.set_default_timeout(15_000)
            context.add_init_script(REPORT_CSP)
            recorder = Recorder(context, self.site.url)
            cookie = self._session(kind)
            if cookie:
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.site.url}]
                )
            self.open[kind] = (context.new_page(), recorder)
        return self.open[kind]

    def _session(self, kind: str) -> str | None:
        if kind == "anonymous":
            return None
        staff = self.world.extra["staff"]
        client = Client()
        if kind == SIGNING_IN:
            sign_in_password_only(client, staff["hub-moderator"])
        else:
            sign_in_verified(client, staff[kind])
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    def close(self) -> None:
        for page, _ in self.open.values():
            page.context.close()


def _persistent_cookies(response) -> list[str]:
    lines = response.all_headers().get("set-cookie", "").split("\n")
    return [
        line.split("=", 1)[0]
        for line in lines
        if re.search(r";\s*(max-age|expires)=", line, flags=re.IGNORECASE)
    ]


def check_page(page, visit: Visit, lang: str, width: int) -> tuple[list[str], object]:
    """Open the page and run the checks of every pass; return (problems, response)."""
    url = visit.url_for(lang)
    response = page.goto(url)
    problems = []
    if response.status != visit.status:
        problems.append(f"answered {response.status}, not {visit.status}")
    facts = page.evaluate(FACTS)
    if facts["lang"] != lang:
        problems.append(f'<html lang="{facts["lang"]}">')
    missing = sorted({code for code in LANGS if code != lang} - set(facts["switch"]))
    if missing:
        problems.append(f"no link to the page in {missing}")
    landmarks = facts["landmarks"]
    if landmarks["main"] != 1 or not all(landmarks.values()):
        problems.append(f"landmarks: {landmarks}")
    if facts["unlabelled"]:
        problems.append(f"fields without a label: {facts['unlabelled']}")
    if facts["width"] > width:
        problems.append(f"{facts['width']}px wide: scrolls sideways at {width}px")
    headers = response.all_headers()
    wrong = {name: headers.get(name) for name, want in HEADERS.items() if headers.get(name) != want}
    policy = dict(
        part.strip().split(" ", 1) for part in headers.get("content-security-policy", "").split(";")
    )
    wrong |= {name: policy.get(name) for name, want in CSP.items() if policy.get(name) != want}
    if wrong:
        problems.append(f"headers: {wrong}")
    persistent = _persistent_cookies(response)
    if persistent:
        problems.append(f"persistent cookies: {persistent}")
    return problems, response


def check_deeply(page, ran: set[str] | None = None) -> list[str]:
    """axe-core at WCAG 2.2 AA, and a visible focus on the first link and on a button.
    The ids of the axe rules that passed go into `ran` (proof that axe really ran)."""
    problems = []
    results = AXE.run(page, options=AXE_OPTIONS).response
    if ran is not None:
        ran.update(rule["id"] for rule in results["passes"])
    for violation in results["violations"]:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        problems.append(f"axe {violation['id']} ({violation['impact']}) at {targets}")
    page.keyboard.press("Tab")
    for selector in ("", "main button, main input[type=submit]"):
        focus = page.evaluate(FOCUS, selector)
        if focus is not None and not focus["visible"]:
            problems.append(f"no visible focus on {focus['what']}")
    return problems


class Scale:
    """Compressed weights of a page's HTML, CSS, JavaScript and fonts."""

    def __init__(self):
        self.known: dict[str, int] = {}

    def weigh(self, page, response) -> dict[str, int]:
        sizes = {"html": len(gzip.compress(response.body(), 6)), "css": 0, "js": 0, "font": 0}
        names = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
        for url in set(names):
            kind = KINDS.get(Path(url.split("?")[0]).suffix)
            if kind:
                if url not in self.known:
                    self.known[url] = len(gzip.compress(page.request.get(url).body(), 6))
                sizes[kind] += self.known[url]
        sizes["total"] = sum(sizes.values())
        return sizes


def write_report(lang: str, rows: list[tuple], folders: list[Path]) -> str:
    lines = [f"Weights in {lang}: gzip level 6, bytes, heaviest first (budget in brackets)"]
    lines.append(f"{'page':<48} {'html':>7} {'css':>6} {'js':>6} {'font':>5} {'total':>7}")
    for label, sizes, budget in sorted(rows, key=lambda row: -row[1]["total"]):
        lines.append(
            f"{label:<48} {sizes['html']:>7} {sizes['css']:>6} {sizes['js']:>6} "
            f"{sizes['font']:>5} {sizes['total']:>7} [{budget}]"
        )
    text = "\n".join(lines) + "\n"
    for folder in folders:
        (folder / f"crawl-weights-{lang}.txt").write_text(text)
    return text


def _shot_name(lang: str, size: str, number: int, visit: Visit) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", visit.label.lower()).strip("-")
    return f"{lang}-{size}-{number:02d}-{slug}.png"


@pytest.mark.parametrize(("lang", "js", "size"), COMBOS)
def test_crawl(browser, site, request, tmp_path_factory, lang, js, size):
    world = build_world()
    deep = js and size == "phone"
    shots = request.config.getoption("--screenshots")
    shots = Path(shots) if shots and js else None
    width = SIZES[size]["viewport"]["width"]
    sessions = Sessions(browser, site, world, lang, js, size)
    scale, rows, problems, ran = Scale(), [], [], set()
    pages = [visit.bound(world) for visit in [*visits(), *error_pages()]]
    try:
        for number, visit in enumerate(pages, start=1):
            page, recorder = sessions.page(visit.role)
            found, response = check_page(page, visit, lang, width)
            if shots:  # before the deep checks move the focus
                shots.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=shots / _shot_name(lang, size, number, visit), full_page=True)
            if deep:
                found += check_deeply(page, ran)
                sizes = scale.weigh(page, response)
                rows.append((visit.label, sizes, visit.route.budget))
                if sizes["total"] > visit.route.budget:
                    found.append(f"weighs {sizes['total']} bytes, over {visit.route.budget}")
            found += recorder.take(visit.status)
            problems += [f"{visit.label}: {problem}" for problem in found]
        if js:
            page, _ = sessions.page(STRANGER)
            left = page.evaluate(STORAGE)
            if left:
                problems.append(f"{left} items left in the browser's storage")
    finally:
        sessions.close()
    if deep:
        folders = [tmp_path_factory.getbasetemp()] + ([shots] if shots else [])
        print("\n" + write_report(lang, rows, folders))
        if shots:
            _write_combined(shots)
    assert problems == [], "\n".join(problems)
    if deep:
        assert ran >= AXE_RULES, f"axe did not run {sorted(AXE_RULES - ran)}"


def _write_combined(folder: Path) -> None:
    """weights.txt: every language's report so far (each pass may run in another worker)."""
    reports = sorted(folder.glob("crawl-weights-*.txt"))
    (folder / "weights.txt").write_text("\n".join(path.read_text() for path in reports))


BAD_PAGE = """<!doctype html><html lang="fr"><head><title>Bad</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { margin: 0; } a:focus { outline: none; }</style></head><body>
<div style="width: 900px">Too wide</div>
<img src="https://elsewhere.example/pixel.png" alt="">
<script>console.error("broken");</script>
<p><a href="/x">a link with no focus style</a></p>
<form><input name="nameless"><button>Go</button></form>
<p style="color: #aaa; background: #fff">low contrast</p>
</body></html>"""


def test_the_checks_find_problems(browser, site):
    """A deliberately bad page, served in place of the home page, trips every check."""
    context = browser.new_context(**SIZES["phone"], base_url=site.url)
    context.add_init_script(REPORT_CSP)
    context.route("https://elsewhere.example/**", lambda route: route.abort())
    headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
    context.route(
        f"{site.url}/",
        lambda route: route.fulfill(body=BAD_PAGE, headers=headers, content_type="text/html"),
    )
    recorder = Recorder(context, site.url)
    page = context.new_page()
    visit = Visit("public:home", STRANGER, "", ROUTES["public:home"])

    found, _ = check_page(page, visit, "en", 360)
    deep = check_deeply(page)
    seen = recorder.take()
    context.close()

    assert found[:-1] == [
        '<html lang="fr">',
        "no link to the page in ['es']",
        "landmarks: {'header': 0, 'nav': 0, 'main': 0, 'footer': 0}",
        "fields without a label: ['nameless']",
        "900px wide: scrolls sideways at 360px",
    ]
    assert found[-1].startswith("headers: {'x-content-type-options': None, 'referrer-policy'")
    assert "'default-src': \"'none'\"" not in found[-1]  # that one was right
    assert {line.split(" (")[0] for line in deep} >= {"axe color-contrast", "axe label"}
    assert "no visible focus on A" in deep
    assert "request to another origin: https://elsewhere.example/pixel.png" in seen
    assert [line for line in seen if "CSP violation: script-src" in line] != []
