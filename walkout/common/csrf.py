from django.middleware.csrf import CsrfViewMiddleware


class NoReferrerCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's CSRF protection, for pages sent with `Referrer-Policy: no-referrer`.

    Under that policy browsers send `Origin: null` even for a form posted to its own site,
    which Django rejects. Such a request is accepted only when the browser also says, in the
    `Sec-Fetch-Site` header that pages cannot set, that it comes from this same origin; the
    CSRF token is checked as always.
    """

    def _origin_verified(self, request):
        if (
            request.META.get("HTTP_ORIGIN") == "null"
            and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
        ):
            return True
        return super()._origin_verified(request)
