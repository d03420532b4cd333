from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, daily, minutely


class NotificationsConfig(Capability):
    """Webhooks signed per the Standard Webhooks specification (the events other capabilities
    emit, and customer input as it arrives) and the leaders' digest e-mail."""

    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.notifications"
    label = "notifications"
    verbose_name = "Notifications: webhooks and digests"
    api_routers = ("servicegap.notifications.api:router",)
    cli = "servicegap.notifications.cli"
    ingest_hooks = ("servicegap.notifications.hooks:on_stored",)
    nav = (
        NavEntry("Webhooks", "webhook_list", roles=("owner",), order=85, group="Set up"),
        NavEntry("Digest", "digest_choice", roles=("owner", "leader"), order=105, group="Set up"),
    )
    jobs = (
        Job("deliver_webhooks", minutely(), "servicegap.notifications.tasks.deliver_due"),
        Job("send_digests", daily("06:00"), "servicegap.notifications.tasks.send_digests"),
    )
