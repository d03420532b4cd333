from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "servicegap.core"
    label = "core"
    verbose_name = "Workspaces, units and people"
