from django.urls import path

from walkout.day import views

app_name = "day"
urlpatterns = [
    path("w/<str:public_id>/day/", views.day_page, name="day"),
    path("rights/<slug:campaign_slug>/", views.rights, name="rights"),
    path("rights/<slug:campaign_slug>/<str:state>/", views.rights, name="rights_state"),
    path("crew/<str:token>/day/", views.crew_day, name="crew_day"),
    path("crew/<str:token>/how-it-went/", views.crew_report, name="crew_report"),
]
