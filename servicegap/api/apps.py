from servicegap.core.capabilities import Capability
from servicegap.runtime.schedule import Job, daily


class ApiConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.api"
    label = "api"
    verbose_name = "REST API: the key gate, scopes, errors, idempotency"
    jobs = (
        Job(
            "prune_idempotency_keys",
            daily("03:30"),
            "servicegap.api.idempotency.prune_idempotency_keys",
        ),
    )
