from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, hourly


class ChannelsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.channels"
    label = "channels"
    verbose_name = "Channels: kiosk, widget, Tell us"
    api_routers = ("servicegap.channels.api:router",)
    nav = (NavEntry("Channels", "channel_page", roles=("owner",), order=80, group="Collect"),)
    jobs = (
        Job("prune_rate_counters", hourly(35), "servicegap.channels.tasks.prune_rate_counters"),
    )
