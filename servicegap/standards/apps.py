from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "servicegap.standards"
    label = "standards"
