from servicegap.core.capabilities import Capability
from servicegap.core.schedule import Job, daily


class ApiConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.api"
    label = "api"
    verbose_name = "REST API: the key gate, ingest, reports"
    api_routers = (
        "servicegap.api.workspace:router",
        "servicegap.api.catalogue:router",
        "servicegap.api.ingest:router",
        "servicegap.api.public:router",
        "servicegap.api.reports:router",
    )
    jobs = (
        Job(
            "prune_idempotency_keys",
            daily("03:30"),
            "servicegap.api.idempotency.prune_idempotency_keys",
        ),
    )
