from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.core.schedule import Job, daily, hourly


class CoreConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.core"
    label = "core"
    verbose_name = "Workspaces, units and people"
    nav = (NavEntry("Audit log", "audit_log", roles=("owner",), order=100),)
    jobs = (
        Job("prune_task_results", daily("03:00"), "servicegap.core.tasks.prune_task_results"),
        Job("prune_scheduled_runs", daily("03:15"), "servicegap.core.tasks.prune_scheduled_runs"),
        Job("prune_audit_entries", daily("04:00"), "servicegap.core.tasks.prune_audit_entries"),
        Job("requeue_stalled", hourly(20), "servicegap.core.tasks.requeue_stalled"),
    )
