from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "servicegap.invitations"
    label = "invitations"
    default_auto_field = "django.db.models.BigAutoField"
