from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, daily
from servicegap.transfer.registry import ImportKind


class CoreConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.core"
    label = "core"
    verbose_name = "Workspaces, units and people"
    nav = (NavEntry("Audit log", "audit_log", roles=("owner",), order=100),)
    api_routers = ("servicegap.core.api:router", "servicegap.core.api:catalogue")
    import_kinds = (ImportKind("units", "servicegap.core.transfer", order=10),)
    jobs = (
        Job("prune_audit_entries", daily("04:00"), "servicegap.core.tasks.prune_audit_entries"),
    )
