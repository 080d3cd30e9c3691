from django.apps import AppConfig


class CrewsConfig(AppConfig):
    name = "walkout.crews"
    label = "crews"
