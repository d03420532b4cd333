from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, daily
from servicegap.transfer.registry import ImportKind


class ActionsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.actions"
    label = "actions"
    verbose_name = "Improvement actions, their measured effect, and what became of each alert"
    nav = (NavEntry("Actions", "action_list", order=48, group="Act"),)
    api_routers = ("servicegap.actions.api:router",)
    report_kinds = ("servicegap.actions.report:KIND",)
    import_kinds = (ImportKind("actions", "servicegap.actions.transfer", order=75),)
    # After the night's rebuilds (the aggregates' stale rebuild runs hourly): the alerts of the
    # day before are complete in every time zone west of UTC+5 by then.
    jobs = (Job("record_alerts", daily("05:20"), "servicegap.actions.tasks.record_alerts"),)
