from django.urls import path

from walkout.hubs import views

app_name = "hubs"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-in/code/", views.second_factor, name="second_factor"),
    path("sign-out/", views.sign_out, name="logout"),
    path("", views.queue, name="queue"),
    path("walkouts/<str:public_id>/decide/", views.decide, name="decide"),
]
