from django.urls import path

from walkout.walkouts import views

app_name = "walkouts"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("start/<str:action_id>/new-school/", views.add_school, name="add_school"),
    path("start/<str:action_id>/school/<int:school_id>/", views.register, name="register"),
    path("w/<str:public_id>/", views.walkout_page, name="walkout"),
    path("w/<str:public_id>/calendar.ics", views.walkout_calendar, name="walkout_calendar"),
    path("o/<str:token>/", views.organizer, name="organizer"),
]
