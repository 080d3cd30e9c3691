from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "walkout.api"
    label = "api"
