from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "walkout.people"
    label = "people"
