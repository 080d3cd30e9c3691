from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "walkout.common"
    label = "common"
