from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

POLICY_FEATURES = (
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
    "interest-cohort",
    "browsing-topics",
)


def permissions_policy(allow: tuple[str, ...] = ()) -> str:
    """Every powerful feature denied, except `allow`ed ones for this origin only.

    One page may set its own (the near-me page allows geolocation for "use my location");
    the middleware keeps a header a view has set.
    """
    return ", ".join(
        f"{feature}=(self)" if feature in allow else f"{feature}=()" for feature in POLICY_FEATURES
    )


PERMISSIONS_POLICY = permissions_policy()


class SecurityHeadersMiddleware:
    """Headers every response carries (SAFETY.md requirement 33).

    Pages are `no-store` so a shared or school device keeps no copy; static files (served
    before this middleware by WhiteNoise) keep their own caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if not request.path.startswith(settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store"
        if getattr(request, "noindex", False):
            response.headers["X-Robots-Tag"] = "noindex, noarchive"
        return response


class PreferredLanguageMiddleware:
    """The browser's language on a first visit; the visitor's own choice after that.

    English pages have no prefix (i18n_patterns with prefix_default_language=False), so
    LocaleMiddleware serves them in English whatever the browser prefers. A GET of such a
    page is redirected to the same page in another offered language when the visitor picked
    it in the language switch this browser session (the session-only cookie that
    common/views.choose_language sets), or, with no pick made, when the browser's
    Accept-Language prefers it. A prefixed URL (/es/...) is served as asked: it is a choice
    too. Only page loads are redirected, never a script's fetch (Sec-Fetch-Mode), and the
    header is read for this request only, never kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self._elsewhere(request)
        if target is None:
            return self.get_response(request)
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def _elsewhere(self, request) -> str | None:
        if request.method not in ("GET", "HEAD"):
            return None
        if request.headers.get("Sec-Fetch-Mode", "navigate") != "navigate":
            return None
        if translation.get_language_from_path(request.path_info):
            return None
        wanted = translation.get_language_from_request(request)
        if wanted == settings.LANGUAGE_CODE:
            return None
        here = request.get_full_path()
        there = translate_url(here, wanted)
        return there if there != here else None
