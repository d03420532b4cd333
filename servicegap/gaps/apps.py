from django.apps import AppConfig


class GapsConfig(AppConfig):
    name = "servicegap.gaps"
    label = "gaps"

    def ready(self) -> None:
        from servicegap.gaps import signals  # noqa: F401 - connects the receivers
