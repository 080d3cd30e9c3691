from django.conf import settings

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
