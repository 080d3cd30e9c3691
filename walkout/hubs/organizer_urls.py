"""The organizer's side of hub support, under the organizer's secret link (no staff login)."""

from django.urls import path

from walkout.hubs.views import support

app_name = "organizer_support"
urlpatterns = [
    path("o/<str:token>/support/", support.organizer_thread, name="thread"),
]
