from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, daily


class MailboxConfig(Capability):
    """The demo mailbox: every mail the demo server sends is stored and shown to the owner
    (``backend.MailboxBackend``, on only with SERVICEGAP_DEMO_MAILBOX, which `servicegap demo`
    sets), so invitations can be tried end to end and nothing leaves the machine."""

    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.mailbox"
    label = "mailbox"
    verbose_name = "Demo mailbox"
    nav = (
        NavEntry(
            "Demo mailbox",
            "mailbox_list",
            roles=("owner",),
            order=87,
            group="Set up",
            setting="DEMO_MAILBOX",
        ),
    )
    jobs = (Job("prune_mailbox", daily("04:50"), "servicegap.mailbox.tasks.prune_mailbox"),)
