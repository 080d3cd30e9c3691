from django.urls import path

from walkout.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:campaign_slug>/<slug:action_slug>/", views.action_page, name="action"),
    path("c/<slug:campaign_slug>/<slug:action_slug>/states/", views.state_list, name="states"),
    path(
        "c/<slug:campaign_slug>/<slug:action_slug>/states/<str:state>/",
        views.state_page,
        name="state",
    ),
]
