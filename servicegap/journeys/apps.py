from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "servicegap.journeys"
    label = "journeys"
