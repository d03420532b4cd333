from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "servicegap.surveys"
    label = "surveys"
