from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, hourly


class TextConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.text"
    label = "text"
    verbose_name = "Understand text: comments labelled, redacted, routed and searchable"
    # New comments are queued inside the storing transaction, labelled by the worker.
    ingest_hooks = ("servicegap.text.tasks:on_stored",)
    api_routers = ("servicegap.text.api:router",)
    cli = "servicegap.text.cli"  # servicegap text classify (T1)
    personal_data = "servicegap.text.personal:HANDLER"
    nav = (
        NavEntry(
            "Comment labels",
            "text_model",
            roles=("owner", "leader", "manager"),
            order=51,  # the Act group's 41 to 49 are taken: last in it
            group="Act",
        ),
    )
    jobs = (Job("label_comments", hourly(35), "servicegap.text.tasks.enrich_backlog"),)
