from django.apps import AppConfig


class DayConfig(AppConfig):
    name = "walkout.day"
    label = "day"
