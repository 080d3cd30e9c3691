from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import set_language

from walkout.common.views import choose_language
from walkout.public.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    # The language switch: a link that remembers the pick for the browser session.
    path("language/<str:code>/", choose_language, name="choose_language"),
    # The JSON API is language-neutral: outside i18n_patterns, never under /es/.
    path("api/v1/", include("walkout.api.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("walkout.public.urls")),
    path("", include("walkout.walkouts.urls")),
    path("", include("walkout.crews.urls")),
    path("", include("walkout.hubs.organizer_urls")),
    path("", include("walkout.outreach.urls")),
    path("", include("walkout.press.urls")),
    path("", include("walkout.day.urls")),
    path("", include("walkout.cases.urls")),
    path("", include("walkout.media.urls")),
    path("hub/", include("walkout.hubs.urls")),
    path("hub/", include("walkout.outreach.hub_urls")),
    path("hub/", include("walkout.press.hub_urls")),
    path("hub/", include("walkout.day.hub_urls")),
    path("hub/", include("walkout.cases.hub_urls")),
    path("hub/", include("walkout.media.hub_urls")),
    prefix_default_language=False,
)

handler404 = "walkout.common.errors.not_found"
handler500 = "walkout.common.errors.server_error"
