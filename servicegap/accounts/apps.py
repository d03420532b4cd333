from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "servicegap.accounts"
    label = "accounts"
