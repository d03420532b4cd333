from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.core.schedule import Job, hourly


class GapsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.gaps"
    label = "gaps"
    cli = "servicegap.gaps.cli"

    nav = (
        NavEntry("Home", "workspace_home", order=10),
        NavEntry("Reports", "report_index", order=40),
    )
    report_kinds = (
        "servicegap.gaps.reports:HEADLINE",
        "servicegap.gaps.kinds.gaps:KIND",
        "servicegap.gaps.kinds.perception:KIND",
        "servicegap.gaps.kinds.moments:KIND",
        "servicegap.gaps.kinds.scores:NPS",
        "servicegap.gaps.kinds.scores:CSAT",
        "servicegap.gaps.kinds.scores:CES",
        "servicegap.gaps.kinds.drivers:KIND",
        "servicegap.gaps.kinds.kano:KIND",
        "servicegap.gaps.kinds.alerts:KIND",
    )
    jobs = (
        Job("rebuild_stale_aggregates", hourly(25), "servicegap.gaps.tasks.rebuild_stale"),
        Job("fold_aggregate_slots", hourly(40), "servicegap.gaps.tasks.fold_slots"),
    )

    def ready(self) -> None:
        super().ready()
        from servicegap.gaps import signals  # noqa: F401 - connects the receivers
