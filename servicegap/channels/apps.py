from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "servicegap.channels"
    label = "channels"
    verbose_name = "Channels: kiosk, widget, Tell us"
