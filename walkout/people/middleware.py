import time

from django.conf import settings
from django.contrib.auth import logout

SIGNED_IN_AT = "staff_signed_in_at"
SEEN_AT = "staff_seen_at"
VERIFIED = "staff_second_factor"


class StaffSessionMiddleware:
    """End staff sessions after 30 idle minutes or 12 hours (SAFETY.md requirement 31)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(SIGNED_IN_AT, 0)
            seen = request.session.get(SEEN_AT, 0)
            if (
                now - seen > settings.STAFF_IDLE_SECONDS
                or now - started > settings.STAFF_ABSOLUTE_SECONDS
            ):
                logout(request)
            else:
                request.session[SEEN_AT] = now
        return self.get_response(request)
