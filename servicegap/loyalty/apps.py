from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "servicegap.loyalty"
    label = "loyalty"
