from django.urls import path

from walkout.public import privacy, views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("c/<slug:campaign_slug>/<slug:action_slug>/", views.action_page, name="action"),
    path("c/<slug:campaign_slug>/<slug:action_slug>/states/", views.state_list, name="states"),
    path(
        "c/<slug:campaign_slug>/<slug:action_slug>/states/<str:state>/",
        views.state_page,
        name="state",
    ),
    path("near/", views.near, name="near"),
    path("c/<slug:campaign_slug>/<slug:action_slug>/map/", views.map_page, name="map"),
    path("c/<slug:campaign_slug>/<slug:action_slug>/live/", views.live_page, name="live"),
    path(
        "c/<slug:campaign_slug>/<slug:action_slug>/live/now/",
        views.live_counts,
        name="live_counts",
    ),
    path(
        "c/<slug:campaign_slug>/<slug:action_slug>/calendar.ics",
        views.action_calendar,
        name="action_calendar",
    ),
]
