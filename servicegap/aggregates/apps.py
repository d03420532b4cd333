from servicegap.core.capabilities import Capability
from servicegap.runtime.schedule import Job, hourly


class AggregatesConfig(Capability):
    """The report aggregates: cells and presence rows kept up to date in the ingest transaction,
    rebuilt when stale, folded hourly; the reports below read them (``servicegap.gaps``)."""

    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.aggregates"
    label = "aggregates"
    verbose_name = "Report aggregates"
    cli = "servicegap.aggregates.cli"
    jobs = (
        Job("rebuild_stale_aggregates", hourly(25), "servicegap.aggregates.tasks.rebuild_stale"),
        Job("fold_aggregate_slots", hourly(40), "servicegap.aggregates.tasks.fold_slots"),
    )

    def ready(self) -> None:
        super().ready()
        from servicegap.aggregates import signals  # noqa: F401 - connects the receivers
