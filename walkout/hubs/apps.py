from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "walkout.hubs"
    label = "hubs"
