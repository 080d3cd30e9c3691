from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation


def site(request):
    """Language-switch links for every page, built on the server so they work without JS.

    Each link goes through common/views.choose_language, which remembers the pick for the
    browser session and lands on this same page in that language.
    """
    current = translation.get_language()
    path = request.get_full_path()
    switch = [
        {
            "code": code,
            "name": name,
            "url": reverse("choose_language", args=[code])
            + "?"
            + urlencode({"next": translate_url(path, code)}),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {"language_switch": switch, "demo_banner": settings.WALKOUT_DEMO_BANNER}
