from django.urls import path

from walkout.crews import views

app_name = "crews"
urlpatterns = [
    path("crew/join/<str:token>/", views.join, name="join"),
    path("crew/<str:token>/", views.home, name="home"),
    path("crew/<str:token>/roles/", views.roles, name="roles"),
    path("crew/<str:token>/plan/", views.plan, name="plan"),
    path("crew/<str:token>/demands/", views.demands, name="demands"),
    path("crew/<str:token>/chants/", views.ideas, name="ideas"),
    path("crew/<str:token>/board/", views.board, name="board"),
    path("crew/<str:token>/schools/", views.schools, name="schools"),
    path("crew/<str:token>/people/", views.people, name="people"),
]
