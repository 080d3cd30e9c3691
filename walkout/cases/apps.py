from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "walkout.cases"
    label = "cases"
