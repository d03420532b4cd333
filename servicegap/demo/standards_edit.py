"""The demo's standards changed in the app: a standard the leader wrote on the Standards page and
later retired (it is under "Retired standards", not on the promise page or in new surveys), each
step in the audit log, made through the same service the pages use."""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.standards import service

RETIRED_CODE = "NEWSPAPER"


def create(rng: Any, w: Any, ws: Workspace, refs: dict) -> None:
    users = refs["users"]
    who = users.get("leader") or users["owner"]
    standard = service.create(
        ws,
        who,
        RETIRED_CODE,
        {
            "title": "Offers today's newspaper while you wait",
            "dimension": "product",
            "servqual": "tangibles",
            "need_or_want": "want",
            "why": "Waiting feels shorter with something to read.",
            "target": 5.0,
            "published": True,
            "behaviours": ["A paper of today on every table", "Offered, not only laid out"],
        },
    )
    # Customers now bring their phones: the second version drops the "offered" behaviour, and
    # then the standard is retired rather than deleted, so its history stays readable.
    service.update(ws, who, standard, {"behaviours": ["A paper of today on every table"]})
    service.set_retired(ws, who, standard, True)
