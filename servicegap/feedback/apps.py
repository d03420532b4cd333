from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "servicegap.feedback"
    label = "feedback"
