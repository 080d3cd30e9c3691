from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "walkout.press"
    label = "press"
