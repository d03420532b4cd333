from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, daily


class CoreConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.core"
    label = "core"
    verbose_name = "Workspaces, the web shell and the audit log"
    nav = (NavEntry("Audit log", "audit_log", roles=("owner",), order=100, group="Set up"),)
    api_routers = ("servicegap.core.api:router",)
    jobs = (
        Job("prune_audit_entries", daily("04:00"), "servicegap.core.tasks.prune_audit_entries"),
    )
