from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "walkout.media"
    label = "media"
