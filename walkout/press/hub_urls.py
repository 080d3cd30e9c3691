from django.urls import path  # noqa: F401

app_name = "press_hub"
urlpatterns: list = []
