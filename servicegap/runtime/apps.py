from servicegap.core.capabilities import Capability
from servicegap.runtime.schedule import Job, daily, hourly


class RuntimeConfig(Capability):
    """What runs the product: the task queue and its worker, the scheduler, backups, mail, fast
    inserts and the SQLite backend. No models: the rows it keeps (scheduled runs) are core's."""

    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.runtime"
    label = "runtime"
    verbose_name = "Runtime: worker, scheduler, backups"
    jobs = (
        Job("prune_task_results", daily("03:00"), "servicegap.runtime.tasks.prune_task_results"),
        Job(
            "prune_scheduled_runs",
            daily("03:15"),
            "servicegap.runtime.tasks.prune_scheduled_runs",
        ),
        Job("requeue_stalled", hourly(20), "servicegap.runtime.tasks.requeue_stalled"),
    )
