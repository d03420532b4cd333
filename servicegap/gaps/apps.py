from django.apps import AppConfig


class GapsConfig(AppConfig):
    name = "servicegap.gaps"
    label = "gaps"
