from django.apps import AppConfig


class WalkoutsConfig(AppConfig):
    name = "walkout.walkouts"
    label = "walkouts"
