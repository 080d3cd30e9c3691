from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "walkout.public"
    label = "public"
