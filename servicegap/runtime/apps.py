from servicegap.core.capabilities import Capability
from servicegap.runtime.schedule import Job, daily, hourly


class RuntimeConfig(Capability):
    """What runs the product: the task queue and its worker, the scheduler, backups, mail, fast
    inserts and the SQLite backend. Its own rows are the workers' heartbeats and the tasks
    waiting for Redis (``models.py``); the scheduled runs it records are core's rows.
    ``/readyz`` and `servicegap status` report on all of it."""

    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.runtime"
    label = "runtime"
    verbose_name = "Runtime: worker, scheduler, backups"
    cli = "servicegap.runtime.cli"
    jobs = (
        Job("prune_task_results", daily("03:00"), "servicegap.runtime.tasks.prune_task_results"),
        Job(
            "prune_scheduled_runs",
            daily("03:15"),
            "servicegap.runtime.tasks.prune_scheduled_runs",
        ),
        Job("requeue_stalled", hourly(20), "servicegap.runtime.tasks.requeue_stalled"),
    )
