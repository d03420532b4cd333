"""The shard key stays possible (docs/scaling.md, Citus by workspace): every table of ServiceGap's
own apps carries ``workspace``, except the few global ones listed here on purpose."""

from __future__ import annotations

from django.apps import apps

# Global by nature: the tenants themselves, the scheduler's claims, login counters keyed by
# account and address. Citus keeps them on the coordinator or as reference tables.
GLOBAL = {
    "core.Workspace",
    "core.ScheduledRun",
    "accounts.LoginThrottle",
    "runtime.WorkerHeartbeat",  # the worker processes of the installation
    "runtime.PendingPush",  # tasks waiting for Redis (any workspace's, by task and id)
}


def test_every_table_but_the_global_ones_carries_the_workspace():
    missing = sorted(
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("servicegap.")
        and model._meta.label not in GLOBAL
        and "workspace" not in {f.name for f in model._meta.get_fields()}
    )
    assert missing == [], (
        f"{missing} have no workspace: add it (the tenant and shard key), or add them to GLOBAL "
        "and to the global tables of docs/scaling.md"
    )
