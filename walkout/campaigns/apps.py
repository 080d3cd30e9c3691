from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "walkout.campaigns"
    label = "campaigns"
