from django.urls import path

from walkout.media.views import crew, public

app_name = "media"
urlpatterns = [
    path("crew/<str:token>/media/", crew.media, name="media"),
    path("crew/<str:token>/media/<str:public_id>/", crew.upload, name="upload"),
    path("crew/<str:token>/media/<str:public_id>/preview/", crew.preview, name="preview"),
    path("m/<str:name>", public.media_file, name="file"),
    path("gallery/<slug:campaign_slug>/", public.campaign_gallery, name="campaign_gallery"),
]
