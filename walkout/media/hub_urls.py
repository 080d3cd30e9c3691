from django.urls import path

from walkout.media.views import hub

app_name = "media_hub"
urlpatterns = [
    path("media/", hub.media_queue, name="queue"),
    path("media/<str:public_id>/decide/", hub.decide, name="decide"),
    path("media/file/<str:name>", hub.staff_file, name="file"),
]
