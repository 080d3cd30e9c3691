from django.urls import path  # noqa: F401

app_name = "media_hub"
urlpatterns: list = []
