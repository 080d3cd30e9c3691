from django.urls import path

from walkout.api import views

app_name = "api"
urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi_document, name="openapi"),
    path("campaigns", views.campaigns, name="campaigns"),
    path("campaigns/<slug:slug>", views.campaign, name="campaign"),
    path("walkouts", views.walkouts, name="walkouts"),
    path("walkouts.geojson", views.geojson, name="geojson"),
    path("walkouts/<str:public_id>", views.walkout, name="walkout"),
    path("stats", views.stats, name="stats"),
]
