from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "servicegap.cases"
    label = "cases"
