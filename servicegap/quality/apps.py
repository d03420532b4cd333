from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "servicegap.quality"
    label = "quality"
