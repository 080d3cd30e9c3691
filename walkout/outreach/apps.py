from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "walkout.outreach"
    label = "outreach"
