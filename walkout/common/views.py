"""The language switch: a plain link, so that it works without JavaScript."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def choose_language(request, code):
    """Remember the visitor's pick for this browser session, then go to `next`.

    The switch links here with `next` set to the same page in that language. The choice
    lives only in the browser: a cookie without an expiry (LANGUAGE_COOKIE_AGE = None) that
    ends with the browser session (SAFETY.md requirement 7); the server keeps nothing, so a
    GET is safe. PreferredLanguageMiddleware reads the cookie so that the pick beats the
    browser's Accept-Language on every later page.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response
